/**
 * Size test of the scheduling queue (issue 15 item 3): 100,000 pending pods on 3 workers that hold
 * 120 of them, scheduled for one virtual minute as kube-scheduler does — a pop per cycle, the pods
 * that do not fit failing into back-off and unschedulablePods, a cluster event every 10 s moving
 * them all back. Prints the wall time; the threshold is generous (a busy 2-core machine).
 */
import { describe, expect, it } from 'vitest';
import { cycleDurationMs } from './algorithm';
import { SchedulingQueue } from './queue';
import { pod } from '../testing/schedulerFixtures';

const PENDING = 100_000;
const FITS = 120;

describe('scheduling queue size', () => {
  it(`schedules ${PENDING.toLocaleString('en')} pending pods for one virtual minute within 60 s`, () => {
    const started = performance.now();
    const q = new SchedulingQueue();
    const template = pod('p');
    for (let i = 0; i < PENDING; i++) q.add(`default/p-${i}`, template, Math.floor(i / 20));
    const cycle = cycleDurationMs(3);
    let now = 0;
    let bound = 0;
    let attempts = 0;
    let nextEvent = 10_000;
    while (now < 60_000) {
      if (now >= nextEvent) {
        q.moveAllToActiveOrBackoff(now);
        nextEvent += 10_000;
      }
      const next = q.pop(now);
      if (!next) {
        now = Math.min(q.nextWakeup() ?? nextEvent, nextEvent);
        continue;
      }
      attempts++;
      now += cycle;
      if (bound < FITS) {
        bound++;
        q.done(next.key);
      } else q.failed(next.key, now);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `scheduling queue: ${PENDING} pending pods, ${attempts} attempts in one virtual minute: ${seconds.toFixed(2)} s wall`,
    );
    expect(bound).toBe(FITS);
    // Every pod was tried at least once (activeQ drains at one pop per cycle).
    expect(attempts).toBeGreaterThanOrEqual(PENDING);
    expect(q.sizes.active + q.sizes.backoff + q.sizes.unschedulable).toBe(PENDING - FITS);
    expect(seconds).toBeLessThan(60);
  });
});
