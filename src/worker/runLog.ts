/**
 * The run log: what a run is made of, so it can be run again. A cluster is deterministic (same
 * shape and seed, same inputs at the same virtual instants, same trace), so the shape plus every
 * user action with its instant rebuilds the same objects: the worker replays it after a crash,
 * and rewind and share links are built on it.
 *
 * An action is placed by its virtual time `at` and by `executed`, the number of clock callbacks
 * that had run (`Clock.executed`), which orders it among events of the same millisecond (a
 * `step` stops between them).
 */
import type { Clock } from '../engine/sim/clock';
import type { RunAction, RunInput, RunPoint } from '../protocol';

export type { RunAction, RunInput, RunLog, RunPoint } from '../protocol';

/** True for the requests that change the cluster (and so must be replayed). */
export function isLogged(msg: { type: string; op?: string }): boolean {
  return (
    msg.type !== 'request' ||
    (msg.op !== 'inspect' && msg.op !== 'pastLogs' && msg.op !== 'localPorts')
  );
}

/** Records the actions of one run, and hands the new ones to the UI with each batch. */
export class RunRecorder {
  private readonly all: RunAction[] = [];
  private unsent: RunAction[] = [];

  record(clock: Clock, input: RunInput): RunAction {
    const action: RunAction = { ...input, at: clock.now, executed: clock.executed };
    this.all.push(action);
    this.unsent.push(action);
    return action;
  }

  /** Every action so far. */
  get actions(): readonly RunAction[] {
    return this.all;
  }

  /** The actions recorded since the last call. */
  takeNew(): RunAction[] {
    const out = this.unsent;
    this.unsent = [];
    return out;
  }
}

/**
 * Runs a fresh cluster's clock to the point an action happened: the same callbacks, then the
 * same instant (nothing more runs at `at` if the action came after a `step`).
 */
export function advanceTo(clock: Clock, point: RunPoint): void {
  while (clock.executed < point.executed && clock.peek() !== undefined && clock.peek()! <= point.at)
    clock.step();
  if (clock.executed >= point.executed && clock.now < point.at) clock.runUntil(point.at);
}
