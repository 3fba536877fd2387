/**
 * Performs a lesson's actions in the browser through the worker bridge, as the headless runner
 * does in Node: `apply` and `delete` as the editor's buttons, `kubectl` as the terminal, `fault`
 * as the inspector's buttons, and `wait` by letting the virtual clock run (paused stays paused).
 */
import type { ActionStep } from '../../engine/publicScenario';
import type { WorkerBridge } from '../bridge';
import type { AppStore } from '../store';

let quiet = false;

/**
 * True while the lesson itself sends a request that the learner did not ask for (the actions
 * between steps, a prediction's action): those do not count as `ran:` for a task.
 */
export function isLessonActing(): boolean {
  return quiet;
}

/** One line of what the lesson did, for the panel: `$ kubectl …` and its output. */
export interface Performed {
  command: string;
  output: string;
  ok: boolean;
}

/** Resolves once virtual time has advanced `ms` (or the cluster was reset under it). */
function waitVirtual(store: AppStore, ms: number, cancelled: () => boolean): Promise<void> {
  const start = store.getState().simTime;
  return new Promise((resolve) => {
    const check = () => {
      const t = store.getState().simTime;
      if (cancelled() || t >= start + ms || t < start) {
        stop();
        resolve();
      }
    };
    const stop = store.subscribe(check);
    check();
  });
}

/**
 * Runs the actions in order; `onStep` hears of each as it completes. `cancelled` stops the run
 * between actions (the learner moved on or restarted).
 */
export async function performActions(
  bridge: WorkerBridge,
  store: AppStore,
  actions: readonly ActionStep[],
  onStep: (p: Performed) => void,
  cancelled: () => boolean = () => false,
  opts: { countsAsRan?: boolean } = {},
): Promise<void> {
  /** Sends one request; `quiet` only while the bridge hears of it (synchronously). */
  const request: WorkerBridge['request'] = (cmd, options) => {
    quiet = !opts.countsAsRan;
    try {
      return bridge.request(cmd, options);
    } finally {
      quiet = false;
    }
  };
  for (const a of actions) {
    if (cancelled()) return;
    if ('wait' in a) {
      await waitVirtual(store, a.wait, cancelled);
      continue;
    }
    try {
      if ('kubectl' in a) {
        let output = '';
        const r = await request(
          { type: 'kubectl', command: a.kubectl },
          { onOutput: (text) => (output += text) },
        );
        onStep({ command: `kubectl ${a.kubectl}`, output, ok: r.ok });
      } else if ('fault' in a) {
        const r = await request({ type: 'fault', fault: a.fault });
        onStep({ command: `fault: ${r.output}`, output: '', ok: r.ok });
      } else {
        const op = 'apply' in a ? 'apply' : 'delete';
        const r = await request({ type: op, manifest: 'apply' in a ? a.apply : a.delete });
        const output = r.documents.map((d) => d.message).join('\n');
        onStep({ command: `kubectl ${op} -f -`, output, ok: r.ok });
      }
    } catch (e) {
      onStep({ command: 'the lesson could not act', output: (e as Error).message, ok: false });
      return;
    }
  }
}
