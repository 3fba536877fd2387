/**
 * The worker's test harness (tests only; nothing in the app imports it): a Host on a fake wall
 * clock, driven as the bridge drives it, with readers over what it posts.
 */
import { PROTOCOL_VERSION } from '../../protocol';
import type {
  BatchMessage,
  OutputMessage,
  RequestMessage,
  ResultMessage,
  RunLog,
  SnapshotMessage,
  TraceEvent,
  UiCommand,
  WorkerToUi,
} from '../../protocol';
import { Host, type ToolsLoader } from '../host';
import * as tools from '../ops/tools';

/** A Deployment of three nginx pods. */
export const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
`;

export type HostHarness = ReturnType<typeof hostHarness>;

/**
 * A Host driven by a fake wall clock: each `run(ms)` plays that many 16 ms frames. Its tools
 * (kubectl, YAML) are there from the start unless `loadTools` says otherwise.
 */
export function hostHarness(loadTools: ToolsLoader = () => tools) {
  const posted: WorkerToUi[] = [];
  let wall = 0;
  let pending: (() => void) | undefined;
  const host = new Host(
    (m) => posted.push(m),
    (fn) => {
      pending = fn;
    },
    () => wall,
    loadTools,
  );
  const send = (m: UiCommand) => host.receive({ ...m, v: PROTOCOL_VERSION });
  let nextId = 1;
  /** Sends request `op` with `args`; returns its id. */
  const request = <M extends RequestMessage>(op: M['op'], args: M['args']) => {
    const requestId = nextId++;
    send({ type: 'request', op, requestId, args } as RequestMessage);
    return requestId;
  };
  const result = (id: number) =>
    posted.find((m): m is ResultMessage => m.type === 'result' && m.requestId === id);
  /** What a request's streamed output said, joined. */
  const output = (id: number) =>
    posted
      .filter((m): m is OutputMessage => m.type === 'output' && m.requestId === id)
      .map((m) => m.text)
      .join('');
  /** Plays frames for `ms` of wall time, or until `until()` holds; the ms it played. */
  const run = (ms: number, until?: () => boolean) => {
    for (let t = 0; t < ms; t += 16) {
      wall += 16;
      const tick = pending;
      pending = undefined;
      tick?.();
      if (until?.()) return t + 16;
    }
    return ms;
  };
  const batches = () => posted.filter((m): m is BatchMessage => m.type === 'batch');
  const trace = (): TraceEvent[] => batches().flatMap((b) => b.trace);
  const lastPlayback = () => batches().at(-1)?.playback;
  const snapshot = () => posted.filter((m): m is SnapshotMessage => m.type === 'snapshot').at(-1);
  /** The run log as the bridge keeps it: the last snapshot's shape and every action since. */
  const log = (): RunLog => {
    const snap = snapshot();
    if (!snap) throw new Error('no snapshot');
    const since = posted
      .slice(posted.indexOf(snap))
      .filter((m): m is BatchMessage => m.type === 'batch');
    return {
      shape: snap.shape,
      actions: [...snap.actions, ...since.flatMap((b) => b.actions ?? [])],
      until: since.at(-1)?.simTime ?? snap.simTime,
    };
  };
  return {
    host,
    posted,
    send,
    request,
    result,
    output,
    run,
    batches,
    trace,
    lastPlayback,
    snapshot,
    log,
  };
}
