/**
 * Rebuilding a run (architecture principle 9): the same seed, then each recorded action performed
 * between the same two engine events it was performed between live. The clock runs events one by
 * one until as many have run as had run live, then to the recorded virtual time; because the
 * engine is deterministic, the cluster is then in the state it was in live, byte for byte.
 */
import type { Clock } from '../sim/clock';
import type { RunAction, RunMoment } from './run';

/**
 * Run the clock to a recorded moment: events one at a time until `executed` have run, then time
 * forward to `at` (live, nothing else ran before `at`, so nothing more runs here).
 */
export function runToMoment(clock: Clock, m: RunMoment): void {
  while (clock.executed < m.executed) {
    const next = clock.peek();
    if (next === undefined || next > m.at) break;
    clock.step();
  }
  if (clock.now < m.at) clock.runUntil(m.at);
}

/** Whether `a` happened at or before moment `m`. */
export function atOrBefore(a: RunMoment, m: RunMoment): boolean {
  return a.executed <= m.executed && a.at <= m.at;
}

/**
 * Replays `actions` up to `until` on a freshly started cluster's clock: each action is performed
 * (by `perform`, the same code the live host runs) at its moment; then the clock runs to `until`.
 * Actions after `until` are not performed. Returns how many were.
 */
export function replayActions(
  clock: Clock,
  actions: readonly RunAction[],
  until: RunMoment,
  perform: (a: RunAction, index: number) => void,
): number {
  let done = 0;
  for (const a of actions) {
    if (!atOrBefore(a, until)) break;
    runToMoment(clock, a);
    perform(a, done);
    done++;
  }
  runToMoment(clock, until);
  return done;
}
