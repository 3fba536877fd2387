import { Cluster } from '../../engine/cluster';
import { applyManifest } from '../../engine/kubectl/apply';
import { clusterEnv } from '../../engine/kubectl/env';
import { runKubectl } from '../../engine/kubectl/run';
import { RUN_FORMAT, validateRun } from '../../engine/replay/run';
import { runToScenario } from '../../engine/replay/scenarioText';
import { firstObjectProblem } from '../../engine/replay/validateObjects';
import { applyFault } from '../../engine/scenario/faults';
import { parseScenario, ScenarioError } from '../../engine/scenario/format';
import type { RequestArgs, RequestMessage, RunAction, RunLog } from '../../protocol';
import type { Answer } from './context';

/** How long the runner waits for an apply or a kubectl command to end (as `runScenario`). */
const STEP_LIMIT_MS = 120_000;

/** A run (as a link carries it) as a scenario file's text. */
export function exportScenarioOp(
  args: RequestArgs<'exportScenario'>,
  answer: Answer<'exportScenario'>,
): void {
  const checked = validateRun({ ...args.run, v: RUN_FORMAT, editor: '' });
  if (!checked.ok) return answer.reply({ ok: false, output: checked.error });
  answer.reply({ ok: true, output: runToScenario(checked.value) });
}

/**
 * A scenario file opened in the page. Its steps run as the headless runner runs them (each apply
 * and kubectl step to its end) on a scratch cluster, which places each action in virtual time;
 * the worker then restores that run log, so the page shows what `npm run sim -- scenario` prints,
 * paused at the end, and the run can be shared and rewound like any other.
 */
export function openScenarioOp(
  args: RequestArgs<'openScenario'>,
  answer: Answer<'openScenario'>,
  restore: (log: RunLog) => void,
): void {
  let scenario;
  try {
    scenario = parseScenario(args.text);
  } catch (e) {
    const output =
      e instanceof ScenarioError
        ? e.message
        : `the file is not a scenario: ${(e as Error).message}`;
    return answer.reply({ ok: false, output });
  }
  const shape = validateRun({
    v: RUN_FORMAT,
    editor: '',
    shape: scenario.cluster,
    actions: [],
    moment: { at: 0, executed: 0 },
  });
  if (!shape.ok) return answer.reply({ ok: false, output: shape.error });
  for (const step of scenario.steps) {
    if (!('apply' in step)) continue;
    const problem = firstObjectProblem([{ at: 0, executed: 0, op: 'apply', manifest: step.apply }]);
    if (problem)
      return answer.reply({
        ok: false,
        output: `line ${step.line}: ${problem.replace(/^action 1 \(apply\) /, '')}`,
      });
  }

  const cluster = new Cluster({ ...shape.value.shape }).start();
  const clock = cluster.clock;
  const actions: RunAction[] = [];
  let id = 0;
  const act = (op: RequestMessage['op'], stepArgs: object): void => {
    const requestId = -1_000_000 - id++;
    actions.push({
      at: clock.now,
      executed: clock.executed,
      type: 'request',
      op,
      requestId,
      args: stepArgs,
    } as RunAction);
  };
  for (const step of scenario.steps) {
    let done = false;
    if ('wait' in step) clock.advance(step.wait);
    else if ('sample' in step) clock.advance(step.sample.for);
    else if ('apply' in step || 'delete' in step) {
      const mode = 'apply' in step ? 'apply' : 'delete';
      const manifest = 'apply' in step ? step.apply : step.delete;
      act(mode, { manifest });
      // As the worker's apply operation does it.
      applyManifest(
        manifest,
        'editor.yaml',
        'default',
        (req, cb) => cluster.request(req, cb),
        () => (done = true),
        mode,
      );
      clock.runUntilCondition(() => done, STEP_LIMIT_MS);
    } else if ('kubectl' in step) {
      act('kubectl', { command: step.kubectl });
      // As the worker's kubectl operation runs it.
      const env = clusterEnv(cluster, { tty: true, readFile: () => undefined, write: () => {} });
      runKubectl(env, step.kubectl, () => (done = true));
      clock.runUntilCondition(() => done, STEP_LIMIT_MS);
    } else if ('fault' in step) {
      act('fault', { fault: step.fault });
      try {
        applyFault(cluster, step.fault);
      } catch {
        // The page shows a fault it cannot apply as an error and goes on.
      }
    }
  }
  restore({ shape: shape.value.shape, actions, until: clock.now });
  answer.reply({
    ok: true,
    output: `opened the scenario: ${actions.length} action(s), paused at ${Math.round(clock.now)} ms`,
  });
}
