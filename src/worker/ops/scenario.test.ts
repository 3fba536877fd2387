import { describe, expect, it } from 'vitest';
import { toShared } from '../../ui/share/runConvert';
import { DEPLOYMENT, hostHarness } from '../testing/hostHarness';

/** The harness, with the pods the host holds. */
function harness() {
  const h = hostHarness();
  const podNames = () =>
    [...h.host.objects.values()]
      .filter((r) => r.kind === 'Pod')
      .map((r) => r.name)
      .sort();
  /** What a request answered (its result's body). */
  const answer = (id: number) =>
    h.result(id)?.result as { ok: boolean; output: string } | undefined;
  return { ...h, podNames, answer };
}

describe('scenario operations', () => {
  it('a live run, exported as a scenario, opens in a fresh worker with the same pods, paused', () => {
    const live = harness();
    live.send({ type: 'control', action: 'speed', speed: 8 });
    live.run(700);
    live.request('apply', { manifest: DEPLOYMENT });
    live.run(3_000);
    live.send({ type: 'control', action: 'step' });
    live.request('kubectl', { command: 'get pods -o wide' });
    live.send({ type: 'control', action: 'play' });
    live.run(2_000);
    live.request('fault', { fault: { stop: 'kubelet', node: 'worker-2' } });
    live.run(6_000);
    live.send({ type: 'control', action: 'pause' });
    const until = live.host.cluster.clock.now;
    const shared = toShared({ shape: live.snapshot()!.shape, actions: live.log().actions, until });
    expect(shared.actions.map((a) => a.op)).toEqual(['apply', 'kubectl', 'fault']);

    const exported = live.request('exportScenario', { run: shared });
    const text = live.answer(exported)!.output;
    expect(text).toContain('apply: |');
    expect(text).toContain('stop: kubelet');

    const fresh = harness();
    const opened = fresh.request('openScenario', { text });
    expect(fresh.answer(opened)).toMatchObject({ ok: true });
    expect(fresh.snapshot()!.playback.playing).toBe(false);
    expect(fresh.podNames()).toEqual(live.podNames());
    expect(fresh.podNames().length).toBeGreaterThanOrEqual(3);
  });

  it('names the line of a broken scenario or a hostile object, and changes nothing', () => {
    const h = harness();
    const snapshots = h.posted.filter((m) => m.type === 'snapshot').length;
    const broken = h.request('openScenario', {
      text: 'cluster:\n  workers: 2\nsteps:\n  - wait: [\n',
    });
    expect(h.answer(broken)).toMatchObject({
      ok: false,
      output: expect.stringMatching(/^line \d+/),
    });
    const unknown = h.request('openScenario', { text: 'steps:\n  - explode: now\n' });
    expect(h.answer(unknown)!.output).toContain('line 2');
    const hostile = `steps:\n  - apply: |\n${DEPLOYMENT.replace('name: web\n', 'name: "<b>x</b>"\n')
      .split('\n')
      .map((l) => '      ' + l)
      .join('\n')}\n`;
    const bad = h.request('openScenario', { text: hostile });
    expect(h.answer(bad)!.output).toMatch(/^line 2: .*metadata\.name: Invalid value: "<b>x<\/b>"/);
    expect(h.posted.filter((m) => m.type === 'snapshot').length).toBe(snapshots);
  });
});
