import type { Clock } from '../../engine/sim/clock';
import { replayActions } from '../../engine/replay/replay';
import { RUN_FORMAT, validateRun, type RecordedRun } from '../../engine/replay/run';
import { runToScenario } from '../../engine/replay/scenarioText';
import { firstObjectProblem } from '../../engine/replay/validateObjects';
import { parseScenario, ScenarioError, type ScenarioStep } from '../../engine/scenario/format';
import type { ClusterShape, UiToWorker, WorkerToUi } from '../../protocol';
import { actionMessage } from './record';

export type ReplayMessage = Extract<
  UiToWorker,
  { type: 'runLog' | 'replay' | 'exportScenario' | 'openScenario' }
>;

/** What the replay operations need of the host. */
export interface ReplayHost {
  post(m: WorkerToUi): void;
  recordedRun(): RecordedRun;
  rebuild(
    shape: ClusterShape,
    prepare: (dispatch: (m: UiToWorker) => void, clock: Clock) => void,
    sink: (m: WorkerToUi) => void,
  ): void;
}

/** How long the runner waits for an apply or a kubectl command to end (as `runScenario`). */
const STEP_LIMIT_MS = 120_000;

/**
 * Runs, links and scenario files: the run so far, a rebuild by replay (a link, a new future from
 * an earlier moment), a run as scenario YAML, and a scenario file opened in the page.
 */
export function replayOps(host: ReplayHost, msg: ReplayMessage): void {
  const answer = (ok: boolean, output: string) =>
    host.post({ type: 'result', requestId: msg.requestId, ok, output });
  switch (msg.type) {
    case 'runLog':
      return host.post({
        type: 'result',
        requestId: msg.requestId,
        ok: true,
        run: host.recordedRun(),
      });
    case 'exportScenario':
      return answer(true, runToScenario(msg.run ?? host.recordedRun()));
    case 'replay': {
      // The UI checked the run already; the worker checks again, as it trusts no message's data.
      const checked = validateRun({ ...msg.run, v: RUN_FORMAT, editor: '' });
      if (!checked.ok) return answer(false, checked.error);
      const problem = firstObjectProblem(checked.value.actions);
      if (problem) return answer(false, problem);
      const { shape, actions, moment } = checked.value;
      host.rebuild(
        shape,
        (dispatch, clock) =>
          replayActions(clock, actions, moment, (a, i) => dispatch(actionMessage(a, i))),
        () => {},
      );
      return answer(true, `replayed ${actions.length} action(s) to ${moment.at} ms`);
    }
    case 'openScenario':
      return openScenario(host, msg.requestId, msg.text);
  }
}

/** The steps that act on the cluster, as messages; `wait` steps as virtual ms. */
type Planned = { wait: number } | { message: UiToWorker; waits: boolean };

function plan(steps: readonly ScenarioStep[]): Planned[] {
  const out: Planned[] = [];
  let id = 0;
  for (const step of steps) {
    const requestId = -1_000_000 - id++;
    if ('wait' in step) out.push({ wait: step.wait });
    else if ('sample' in step) out.push({ wait: step.sample.for });
    else if ('apply' in step)
      out.push({ message: { type: 'apply', requestId, manifest: step.apply }, waits: true });
    else if ('delete' in step)
      out.push({ message: { type: 'delete', requestId, manifest: step.delete }, waits: true });
    else if ('kubectl' in step)
      out.push({ message: { type: 'kubectl', requestId, command: step.kubectl }, waits: true });
    else if ('fault' in step)
      out.push({ message: { type: 'fault', requestId, fault: step.fault }, waits: false });
    // expect, expectOutput and narrate check or tell; they do not act.
  }
  return out;
}

/**
 * A scenario file opened in the page: its cluster, then its steps as the headless runner runs
 * them (each apply and kubectl step to its end), recorded as a run, paused at the end.
 */
function openScenario(host: ReplayHost, requestId: number, text: string): void {
  const answer = (ok: boolean, output: string) =>
    host.post({ type: 'result', requestId, ok, output });
  let planned: Planned[];
  let shape: ClusterShape;
  try {
    const scenario = parseScenario(text);
    shape = scenario.cluster;
    planned = plan(scenario.steps);
  } catch (e) {
    if (e instanceof ScenarioError) return answer(false, e.message);
    return answer(false, `the file is not a scenario: ${(e as Error).message}`);
  }
  const checked = validateRun({
    v: RUN_FORMAT,
    editor: '',
    shape,
    actions: [],
    moment: { at: 0, executed: 0 },
  });
  if (!checked.ok) return answer(false, checked.error);
  const problem = firstObjectProblem(
    planned.flatMap((p, i) =>
      'message' in p && p.message.type === 'apply'
        ? [{ at: 0, executed: i, op: 'apply' as const, manifest: p.message.manifest }]
        : [],
    ),
  );
  if (problem) return answer(false, problem.replace(/^action \d+ \(apply\)/, 'an apply step:'));
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
        const id = 'requestId' in p.message ? p.message.requestId : 0;
        if (p.waits) clock.runUntilCondition(() => answered.has(id), STEP_LIMIT_MS);
      }
    },
    (m) => {
      // A streaming command answers `partial` first; the runner waits for it to end.
      if (m.type === 'result' && !m.partial) answered.add(m.requestId);
    },
  );
  return answer(true, `opened the scenario: ${planned.length} step(s) run`);
}
