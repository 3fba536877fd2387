import { describe, expect, it } from 'vitest';
import {
  PROTOCOL_VERSION,
  type RecordedRun,
  type RequestMessage,
  type SnapshotMessage,
  type UiCommand,
  type WorkerToUi,
} from '../../protocol';
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

/** A Host on a fake wall clock, as the worker runs it; `run(ms)` plays 16 ms frames. */
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
  /** Sends request `op` with `args` as request `requestId`. */
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
  /** The result of request `id`. */
  const result = (id: number) =>
    (
      posted.find((m) => m.type === 'result' && m.requestId === id) as
        { result: { ok: boolean; output?: string; run?: RecordedRun } } | undefined
    )?.result;
  const snapshot = () => posted.findLast((m): m is SnapshotMessage => m.type === 'snapshot')!;
  /** Pod names and phases, as the page lists them. */
  const pods = () =>
    [...host.objects.values()]
      .filter((r) => r.kind === 'Pod')
      .map((r) => `${r.name} ${(r.object.status as { phase?: string } | undefined)?.phase}`)
      .sort();
  return { host, send, request, run, result, snapshot, pods, posted };
}

/** A live session: speed 8, a Deployment, a step, a kubelet stopped, kubectl, a minute on. */
function liveSession() {
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
  live.request('runLog', 4, {});
  return live;
}

describe('replay op', () => {
  it('rebuilds a live run in a fresh worker: same objects, same moment, paused', () => {
    const live = liveSession();
    const run = live.result(4)!.run!;
    expect(run.actions.map((a) => a.op)).toEqual(['apply', 'kubectl', 'fault']);
    const fresh = harness();
    fresh.request('replay', 9, { run });
    expect(fresh.result(9)).toMatchObject({ ok: true });
    const snap = fresh.snapshot();
    expect(snap.simTime).toBe(run.moment.at);
    expect(snap.playback.playing).toBe(false);
    expect(fresh.pods()).toEqual(live.pods());
    expect(fresh.pods().length).toBeGreaterThanOrEqual(3);
    const digest = (h: ReturnType<typeof harness>) =>
      JSON.stringify(
        [...h.host.objects.values()]
          .map((r) => [r.key, r.modRevision, r.object])
          .sort((x, y) => (x[0] < y[0] ? -1 : 1)),
      );
    expect(digest(fresh)).toBe(digest(live));
    // Replayed answers never reach the UI.
    expect(fresh.posted.some((m) => m.type === 'result' && m.requestId < 0)).toBe(false);
    // The rebuilt worker records the same run, so it can be shared again.
    fresh.request('runLog', 10, {});
    expect(fresh.result(10)!.run).toEqual(run);
  });

  it('starts a new future from an earlier moment: later actions dropped', () => {
    const live = liveSession();
    const run = live.result(4)!.run!;
    const before = { ...run, moment: { at: run.actions[0].at, executed: run.actions[0].executed } };
    live.request('replay', 5, { run: { ...before, actions: [] } });
    expect(live.pods()).toEqual([]);
    live.request('runLog', 6, {});
    expect(live.result(6)!.run!.actions).toEqual([]);
  });

  it('refuses a run whose objects fail validation, changing nothing', () => {
    const live = liveSession();
    const pods = live.pods();
    const snapshots = live.posted.filter((m) => m.type === 'snapshot').length;
    const run = live.result(4)!.run!;
    const hostile: RecordedRun = {
      ...run,
      actions: [
        {
          ...run.actions[0],
          op: 'apply',
          manifest: DEPLOYMENT.replace('name: web\n', 'name: "<b>x</b>"\n'),
        },
      ],
    };
    live.request('replay', 7, { run: hostile });
    expect(live.result(7)).toMatchObject({ ok: false });
    expect(live.result(7)!.output).toContain('metadata.name: Invalid value: "<b>x</b>"');
    expect(live.pods()).toEqual(pods);
    expect(live.posted.filter((m) => m.type === 'snapshot').length).toBe(snapshots);
  });
});

describe('scenario ops', () => {
  it('exports the run as a scenario that opens in a fresh worker with the same pods', () => {
    const live = liveSession();
    live.request('exportScenario', 11, {});
    const text = live.result(11)!.output!;
    expect(text).toContain('apply: |');
    expect(text).toContain('stop: kubelet');
    const fresh = harness();
    fresh.request('openScenario', 12, { text });
    expect(fresh.result(12)).toMatchObject({ ok: true });
    const names = (h: ReturnType<typeof harness>) => h.pods().map((p) => p.split(' ')[0]);
    expect(names(fresh)).toEqual(names(live));
  });

  it('names the line of a broken scenario and changes nothing', () => {
    const h = harness();
    const snapshots = h.posted.filter((m) => m.type === 'snapshot').length;
    h.request('openScenario', 13, { text: 'cluster:\n  workers: 2\nsteps:\n  - wait: [\n' });
    expect(h.result(13)).toMatchObject({ ok: false, output: expect.stringMatching(/^line \d+/) });
    h.request('openScenario', 14, { text: 'steps:\n  - explode: now\n' });
    expect(h.result(14)!.output).toContain('line 2');
    expect(h.posted.filter((m) => m.type === 'snapshot').length).toBe(snapshots);
  });
});
