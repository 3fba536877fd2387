import { describe, expect, it } from 'vitest';
import {
  PROTOCOL_VERSION,
  type RequestMessage,
  type SnapshotMessage,
  type UiCommand,
  type WorkerToUi,
} from '../../protocol';
import { toShared } from '../../ui/share/runConvert';
import { Host } from '../host';

const DEPLOYMENT = `apiVersion: apps/v1
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

/** A Host on a fake wall clock; `run(ms)` plays 16 ms frames. */
function harness() {
  const posted: WorkerToUi[] = [];
  let wall = 0;
  let pending: (() => void) | undefined;
  const host = new Host(
    (m) => posted.push(m),
    (fn) => {
      pending = fn;
    },
    () => wall,
  );
  const send = (m: UiCommand) => host.receive({ ...m, v: PROTOCOL_VERSION });
  const request = (op: RequestMessage['op'], requestId: number, args: object) =>
    send({ type: 'request', op, requestId, args } as RequestMessage);
  const run = (ms: number) => {
    for (let t = 0; t < ms; t += 16) {
      wall += 16;
      const tick = pending;
      pending = undefined;
      tick?.();
    }
  };
  const result = (id: number) =>
    (
      posted.find((m) => m.type === 'result' && m.requestId === id) as
        { result: { ok: boolean; output: string } } | undefined
    )?.result;
  const snapshot = () => posted.findLast((m): m is SnapshotMessage => m.type === 'snapshot')!;
  const actions = () => [
    ...snapshot().actions,
    ...posted.flatMap((m) => (m.type === 'batch' ? (m.actions ?? []) : [])),
  ];
  const podNames = () =>
    [...host.objects.values()]
      .filter((r) => r.kind === 'Pod')
      .map((r) => r.name)
      .sort();
  return { host, send, request, run, result, snapshot, actions, podNames, posted };
}

describe('scenario operations', () => {
  it('a live run, exported as a scenario, opens in a fresh worker with the same pods, paused', () => {
    const live = harness();
    live.send({ type: 'control', action: 'speed', speed: 8 });
    live.run(700);
    live.request('apply', 1, { manifest: DEPLOYMENT });
    live.run(3_000);
    live.send({ type: 'control', action: 'step' });
    live.request('kubectl', 2, { command: 'get pods -o wide' });
    live.send({ type: 'control', action: 'play' });
    live.run(2_000);
    live.request('fault', 3, { fault: { stop: 'kubelet', node: 'worker-2' } });
    live.run(6_000);
    live.send({ type: 'control', action: 'pause' });
    const until = live.host.cluster.clock.now;
    const shared = toShared({ shape: live.snapshot().shape, actions: live.actions(), until });
    expect(shared.actions.map((a) => a.op)).toEqual(['apply', 'kubectl', 'fault']);

    live.request('exportScenario', 4, { run: shared });
    const text = live.result(4)!.output;
    expect(text).toContain('apply: |');
    expect(text).toContain('stop: kubelet');

    const fresh = harness();
    fresh.request('openScenario', 5, { text });
    expect(fresh.result(5)).toMatchObject({ ok: true });
    expect(fresh.snapshot().playback.playing).toBe(false);
    expect(fresh.podNames()).toEqual(live.podNames());
    expect(fresh.podNames().length).toBeGreaterThanOrEqual(3);
  });

  it('names the line of a broken scenario or a hostile object, and changes nothing', () => {
    const h = harness();
    const snapshots = h.posted.filter((m) => m.type === 'snapshot').length;
    h.request('openScenario', 6, { text: 'cluster:\n  workers: 2\nsteps:\n  - wait: [\n' });
    expect(h.result(6)).toMatchObject({ ok: false, output: expect.stringMatching(/^line \d+/) });
    h.request('openScenario', 7, { text: 'steps:\n  - explode: now\n' });
    expect(h.result(7)!.output).toContain('line 2');
    const hostile = `steps:\n  - apply: |\n${DEPLOYMENT.replace('name: web\n', 'name: "<b>x</b>"\n')
      .split('\n')
      .map((l) => '      ' + l)
      .join('\n')}\n`;
    h.request('openScenario', 8, { text: hostile });
    expect(h.result(8)!.output).toMatch(/^line 2: .*metadata\.name: Invalid value: "<b>x<\/b>"/);
    expect(h.posted.filter((m) => m.type === 'snapshot').length).toBe(snapshots);
  });
});
