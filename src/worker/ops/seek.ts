import type { Clock } from '../../engine/sim/clock';
import { replayActions } from '../../engine/replay/replay';
import { RUN_FORMAT, validateRun, type RecordedRun } from '../../engine/replay/run';
import { runToScenario } from '../../engine/replay/scenarioText';
import { firstObjectProblem } from '../../engine/replay/validateObjects';
import { parseScenario, ScenarioError, type ScenarioStep } from '../../engine/scenario/format';
import {
  PROTOCOL_VERSION,
  type ClusterShape,
  type RequestArgs,
  type UiToWorker,
  type WorkerToUi,
} from '../../protocol';
import type { Answer } from './context';
import { actionMessage } from './record';

/** What the run operations need of the host. */
export interface ReplayHost {
  recordedRun(): RecordedRun;
  rebuild(
    shape: ClusterShape,
    prepare: (dispatch: (m: UiToWorker) => void, clock: Clock) => void,
    sink: (m: WorkerToUi) => void,
  ): void;
}

/** How long the runner waits for an apply or a kubectl command to end (as `runScenario`). */
const STEP_LIMIT_MS = 120_000;

/** The run so far, for a link or a scenario file. */
export function runLogOp(host: ReplayHost, answer: Answer<'runLog'>): void {
  answer.reply({ ok: true, run: host.recordedRun() });
}

/** The run (or the run so far) as a scenario file's text. */
export function exportScenarioOp(
  host: ReplayHost,
  args: RequestArgs<'exportScenario'>,
  answer: Answer<'exportScenario'>,
): void {
  answer.reply({ ok: true, output: runToScenario(args.run ?? host.recordedRun()) });
}

/**
 * Rebuilds the cluster from a run, up to its moment, paused there: a shared link, or a new future
 * from an earlier moment (the actions after it are dropped). Nothing changes when it is refused.
 */
export function replayOp(
  host: ReplayHost,
  args: RequestArgs<'replay'>,
  answer: Answer<'replay'>,
): void {
  // The UI checked the run already; the worker checks again, as it trusts no message's data.
  const checked = validateRun({ ...args.run, v: RUN_FORMAT, editor: '' });
  if (!checked.ok) return answer.reply({ ok: false, output: checked.error });
  const problem = firstObjectProblem(checked.value.actions);
  if (problem) return answer.reply({ ok: false, output: problem });
  const { shape, actions, moment } = checked.value;
  host.rebuild(
    shape,
    (dispatch, clock) =>
      replayActions(clock, actions, moment, (a, i) => dispatch(actionMessage(a, i))),
    () => {},
  );
  answer.reply({ ok: true, output: `replayed ${actions.length} action(s) to ${moment.at} ms` });
}

/** The steps that act on the cluster, as messages; `wait` steps as virtual ms. */
type Planned = { wait: number } | { message: UiToWorker & { requestId: number }; waits: boolean };

function plan(steps: readonly ScenarioStep[]): Planned[] {
  const out: Planned[] = [];
  let id = 0;
  const request = (op: 'apply' | 'delete' | 'kubectl' | 'fault', args: object) =>
    ({
      v: PROTOCOL_VERSION,
      type: 'request',
      op,
      requestId: -1_000_000 - id++,
      args,
    }) as UiToWorker & { requestId: number };
  for (const step of steps) {
    if ('wait' in step) out.push({ wait: step.wait });
    else if ('sample' in step) out.push({ wait: step.sample.for });
    else if ('apply' in step)
      out.push({ message: request('apply', { manifest: step.apply }), waits: true });
    else if ('delete' in step)
      out.push({ message: request('delete', { manifest: step.delete }), waits: true });
    else if ('kubectl' in step)
      out.push({ message: request('kubectl', { command: step.kubectl }), waits: true });
    else if ('fault' in step)
      out.push({ message: request('fault', { fault: step.fault }), waits: false });
    // expect, expectOutput and narrate check or tell; they do not act.
  }
  return out;
}

/**
 * A scenario file opened in the page: its cluster, then its steps as the headless runner runs
 * them (each apply and kubectl step to its end), recorded as a run, paused at the end.
 */
export function openScenarioOp(
  host: ReplayHost,
  args: RequestArgs<'openScenario'>,
  answer: Answer<'openScenario'>,
): void {
  let planned: Planned[];
  let shape: ClusterShape;
  try {
    const scenario = parseScenario(args.text);
    shape = scenario.cluster;
    planned = plan(scenario.steps);
  } catch (e) {
    const output =
      e instanceof ScenarioError
        ? e.message
        : `the file is not a scenario: ${(e as Error).message}`;
    return answer.reply({ ok: false, output });
  }
  const checked = validateRun({
    v: RUN_FORMAT,
    editor: '',
    shape,
    actions: [],
    moment: { at: 0, executed: 0 },
  });
  if (!checked.ok) return answer.reply({ ok: false, output: checked.error });
  const applies = planned.flatMap((p, i) =>
    'message' in p && p.message.type === 'request' && p.message.op === 'apply'
      ? [{ at: 0, executed: i, op: 'apply' as const, manifest: p.message.args.manifest }]
      : [],
  );
  const problem = firstObjectProblem(applies);
  if (problem)
    return answer.reply({
      ok: false,
      output: problem.replace(/^action \d+ \(apply\)/, 'an apply step:'),
    });
  const answered = new Set<number>();
  host.rebuild(
    checked.value.shape,
    (dispatch, clock) => {
      for (const p of planned) {
        if ('wait' in p) {
          clock.advance(p.wait);
          continue;
        }
        dispatch(p.message);
        const id = p.message.requestId;
        if (p.waits) clock.runUntilCondition(() => answered.has(id), STEP_LIMIT_MS);
      }
    },
    (m) => {
      if (m.type === 'result') answered.add(m.requestId);
    },
  );
  answer.reply({ ok: true, output: `opened the scenario: ${planned.length} step(s) run` });
}
