/**
 * The parts of the engine that a fresh cluster never runs, handed over once they are loaded.
 *
 * A cluster boots and runs its system pods without them; only what a learner creates needs them:
 * a container running a shell script, python or an application image's server, a process exec'd
 * into a container (see ./onDemandModules.ts for the list). In the browser they are a chunk of
 * their own that the worker loads with kubectl (src/worker/ops/tools.ts), so the first diagram
 * does not wait for them. Every input that can create such a workload (apply, kubectl, a scenario,
 * a restored run) needs kubectl too, and the worker holds virtual time while kubectl loads: by the
 * time the engine reaches one of these parts it is there, at the same virtual instant with or
 * without the wait, so a run and its trace do not depend on when the chunk arrived.
 *
 * Which code path needs a part is decided by the input alone (the container's command and image),
 * never by whether the part has loaded. A part reached before it is provided is an internal error,
 * loud, never a silent difference. Node (the CLI, tests, benchmarks) provides them at start by
 * importing ./onDemandNow.ts.
 */
import type * as OnDemandModules from './onDemandModules';

export type OnDemand = typeof OnDemandModules;

let provided: OnDemand | undefined;

/** Hands the loaded parts to the engine (the worker, once its tools chunk is in; ./onDemandNow). */
export function provideOnDemand(modules: OnDemand): void {
  provided = modules;
}

/** Whether the parts are there (tests of the boot path check a cluster runs without them). */
export function onDemandProvided(): boolean {
  return provided !== undefined;
}

/**
 * The on-demand parts. Only code that a learner's workload reaches calls this.
 * @example onDemand().startShellScript(ctx, 'echo hi')
 */
export function onDemand(): OnDemand {
  if (!provided)
    throw new Error(
      'internal error: a part of the engine loaded on demand was needed before it was loaded',
    );
  return provided;
}

/**
 * Test only: runs `fn` as the worker does before its tools chunk arrives, with no parts provided,
 * then puts back what was there.
 */
export function withoutOnDemand<T>(fn: () => T): T {
  const was = provided;
  provided = undefined;
  try {
    return fn();
  } finally {
    provided = was;
  }
}
