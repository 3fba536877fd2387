/**
 * A run as a scenario file (architecture principle 8), so `npm run sim -- scenario FILE` replays
 * it headless. A scenario says `wait` between steps while a run records absolute moments, and the
 * runner completes each `apply` and `kubectl` step before going on; so the run is replayed here
 * step by step the way the runner will, and each `wait` is what is left until the next action.
 */
import { stringify } from 'yaml';
import { Cluster } from '../cluster';
import { applyManifest } from '../kubectl/apply';
import { kubectlSync } from '../scenario/runner';
import { applyFault } from '../scenario/faults';
import type { RecordedRun, RunAction } from './run';

type Step = Record<string, unknown>;

/** `kubectl apply -f NAME` (or delete) of a file the terminal was given: an apply step. */
const FILE_COMMAND = /^\s*(apply|delete)\s+(?:-f|--filename)[=\s]+("?)([^\s"]+)\2\s*$/;

/** `get -w`, `logs -f`, `events --watch`: commands that end only when cancelled. */
const STREAM = /^\s*(get|logs|events)\b.*\s(-w|--watch|--watch-only|-f|--follow)(\s|=|$)/;

/** The scenario step for one action, or a comment when a scenario cannot say it. */
function stepFor(a: RunAction): Step {
  switch (a.op) {
    case 'apply':
      return { apply: a.manifest };
    case 'delete':
      return { delete: a.manifest };
    case 'fault':
      return { fault: { ...a.fault } };
    case 'kubectl': {
      const m = FILE_COMMAND.exec(a.command);
      const text = m && a.files?.[m[3]];
      if (m && text !== undefined) return { [m[1]]: text };
      // A watch runs until Ctrl+C; the runner would wait for it to end. It changes nothing.
      if (STREAM.test(a.command))
        return { narrate: `kubectl ${a.command.trim()} was watched here (Ctrl+C ends it)` };
      return { kubectl: a.command.trim() };
    }
    case 'logs':
      return {
        kubectl:
          `logs -n ${a.namespace} ${a.pod}` +
          (a.container ? ` -c ${a.container}` : '') +
          (a.previous ? ' --previous' : ''),
      };
    case 'cancel':
      return { narrate: `Ctrl+C stopped kubectl command ${a.of + 1} here` };
    case 'traffic':
      return {
        narrate: `${a.count} requests were sent to Service ${a.service} here (a scenario cannot send traffic)`,
      };
  }
}

/** Runs one step the way the scenario runner does (`runScenario`), to completion. */
function runStep(cluster: Cluster, step: Step): void {
  if ('apply' in step || 'delete' in step) {
    let done = false;
    applyManifest(
      String(step.apply ?? step.delete),
      'STDIN',
      'default',
      (req, cb) => cluster.request(req, cb),
      () => (done = true),
      'apply' in step ? 'apply' : 'delete',
    );
    cluster.clock.runUntilCondition(() => done, 120_000);
  } else if ('kubectl' in step) kubectlSync(cluster, String(step.kubectl));
  else if ('fault' in step) {
    try {
      applyFault(cluster, step.fault as never);
    } catch {
      // The runner stops at a fault it cannot apply; live, the UI showed the error and went on.
    }
  }
}

/** Virtual ms as a scenario duration: exact, so the runner acts at the same instant. */
function duration(ms: number): string {
  return `${ms}ms`;
}

/**
 * The scenario text of a run: the cluster, then for each action a `wait` until its moment and the
 * action, then a `wait` until the moment shown and `kubectl get pods -o wide`, so the headless run
 * prints the pods the page showed.
 */
export function runToScenario(run: RecordedRun): string {
  const cluster = new Cluster({ ...run.shape }).start();
  const steps: Step[] = [];
  const waitUntil = (at: number) => {
    const ms = at - cluster.clock.now;
    if (ms <= 0) return;
    steps.push({ wait: duration(ms) });
    cluster.clock.advance(ms);
  };
  for (const a of run.actions) {
    waitUntil(a.at);
    const step = stepFor(a);
    steps.push(step);
    runStep(cluster, step);
  }
  waitUntil(run.moment.at);
  steps.push({ kubectl: 'get pods -o wide' });
  const header =
    `# A kubeglass run: ${run.actions.length} action(s), shown at ${(run.moment.at / 1000).toFixed(1)} s of virtual time.\n` +
    '# Run it headless with: npm run sim -- scenario FILE\n';
  return (
    header +
    stringify(
      { cluster: { ...run.shape }, steps },
      { lineWidth: 0, blockQuote: 'literal', aliasDuplicateObjects: false },
    )
  );
}
