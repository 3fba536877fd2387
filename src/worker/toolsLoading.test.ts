import { describe, expect, it } from 'vitest';
import { onDemandProvided, takeOnDemand } from '../engine/onDemand';
import type { Tools } from './host';
import * as tools from './ops/tools';
import { DEPLOYMENT, hostHarness, type HostHarness } from './testing/hostHarness';

/** A loader whose module arrives when the test says (as a chunk over a slow network). */
function slowTools() {
  let arrive: (t: Tools) => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  let calls = 0;
  const loader = () => {
    calls++;
    return new Promise<Tools>((resolve, reject) => {
      arrive = resolve;
      fail = reject;
    });
  };
  return { loader, arrive: () => arrive(tools), fail: (e: Error) => fail(e), calls: () => calls };
}

/** Lets the loader's promise callbacks run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

const simTime = (h: HostHarness) => h.batches().at(-1)?.simTime ?? h.snapshot()!.simTime;

describe('Host loading its tools (kubectl, YAML) on first use', () => {
  it('holds virtual time while they load, so the run is the one without the wait', async () => {
    // The same inputs at the same wall instants, with the tools there at once and loaded slowly.
    const quick = hostHarness();
    const slow = slowTools();
    const late = hostHarness(slow.loader);
    for (const h of [quick, late]) {
      h.run(480);
      h.request('apply', { manifest: DEPLOYMENT });
    }
    const receivedAt = simTime(late);
    // Half a wall second to load: the clock stands still and the apply waits.
    late.run(512);
    expect(simTime(late)).toBe(receivedAt);
    expect(late.result(1)).toBeUndefined();
    // A pause sent meanwhile is kept in order, after the apply.
    late.send({ type: 'control', action: 'pause' });
    quick.send({ type: 'control', action: 'pause' });
    slow.arrive();
    await settle();
    // Both logs place the apply, then the pause, at the same instants.
    const strip = (h: HostHarness) => h.log().actions.map((a) => ({ ...a, requestId: 0 }));
    expect(strip(late)).toEqual(strip(quick));
    // And, run on to the same virtual instant, both told the same story, message for message.
    for (const h of [quick, late]) {
      h.send({ type: 'control', action: 'advance', ms: 30_000, instant: true });
    }
    expect(simTime(late)).toBe(simTime(quick));
    expect(late.result(1)?.result).toMatchObject({ ok: true });
    expect(late.trace().filter((e) => e.kind === 'request').length).toBeGreaterThan(50);
    expect(JSON.stringify(late.trace())).toBe(JSON.stringify(quick.trace()));
    expect(slow.calls()).toBe(1);
  });

  it('fails the requests that needed them when their module cannot load, and tries again', async () => {
    const slow = slowTools();
    const h = hostHarness(slow.loader);
    const id = h.request('kubectl', { command: 'get pods' });
    slow.fail(new Error('Failed to fetch dynamically imported module'));
    await settle();
    const error = h.posted.find((m) => m.type === 'requestError' && m.requestId === id);
    expect(error).toMatchObject({ message: expect.stringMatching(/could not be loaded/) });
    // Time runs again, and the next command loads them anew.
    const before = simTime(h);
    h.run(320);
    expect(simTime(h)).toBeGreaterThan(before);
    const next = h.request('kubectl', { command: 'get nodes' });
    slow.arrive();
    await settle();
    h.run(2_000, () => h.result(next) !== undefined);
    expect(h.output(next)).toMatch(/control-plane/);
    expect(slow.calls()).toBe(2);
  });

  it("brings the engine's on-demand parts: a cluster with metrics-server waits for them, an applied nginx runs on them", async () => {
    // As in the worker: nothing of src/engine/onDemandModules.ts until the tools chunk arrives.
    const putBack = takeOnDemand();
    try {
      const slow = slowTools();
      const h = hostHarness(slow.loader);
      h.run(480);
      expect(simTime(h)).toBeGreaterThan(0);
      const shape = { ...h.snapshot()!.shape, metricsServer: true };
      h.send({ type: 'reset', shape });
      const heldAt = simTime(h);
      h.run(320);
      // Held: no new cluster yet, and the old one's clock stands still.
      expect(h.snapshot()!.shape.metricsServer).toBeUndefined();
      expect(simTime(h)).toBe(heldAt);
      expect(onDemandProvided()).toBe(false);
      slow.arrive();
      await settle();
      expect(onDemandProvided()).toBe(true);
      expect(h.snapshot()!.shape.metricsServer).toBe(true);
      const id = h.request('apply', { manifest: DEPLOYMENT });
      h.send({ type: 'control', action: 'advance', ms: 60_000, instant: true });
      expect(h.result(id)?.result).toMatchObject({ ok: true });
      const running = (prefix: string) =>
        [...h.host.objects.values()].filter(
          (o) =>
            o.kind === 'Pod' &&
            o.name.startsWith(prefix) &&
            (o.object as { status?: { phase?: string } }).status?.phase === 'Running',
        ).length;
      expect(running('web-')).toBe(3);
      expect(running('metrics-server-')).toBe(1);
    } finally {
      putBack();
    }
  });
});
