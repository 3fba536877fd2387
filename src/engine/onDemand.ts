/**
 * The parts of the engine that a fresh cluster never runs, handed over once they are loaded.
 *
 * A cluster boots and runs its system pods without them; only what a learner creates needs them:
 * a container running a shell script, python or an application image's server, a process exec'd
 * into a container, a CRD, the sync of a Job, CronJob, StatefulSet or HorizontalPodAutoscaler, a
 * LimitRange, a webhook configuration or admission policy, an access review (./onDemandModules.ts
 * lists them). In the browser they are a chunk of their own that the worker loads with kubectl
 * (src/worker/ops/tools.ts), so the first diagram does not wait for them. Every input that can
 * create such a thing (apply, kubectl, a scenario, a restored run) needs kubectl too, and a
 * cluster with the metrics-server addon (also here) waits for them; the worker holds virtual time
 * while they load (src/worker/host.ts `needsTools`): by the time the engine reaches one of these
 * parts it is there, at the same virtual instant with or without the wait, so a run and its trace
 * do not depend on when the chunk arrived.
 *
 * Which code path needs a part is decided by the input alone (the container's command and image,
 * the object's kind), never by whether the part has loaded. A part reached before it is provided
 * is an internal error, loud, never a silent difference (onDemand.test.ts runs a cluster through
 * faults without them). Node (the CLI, tests, benchmarks) provides them at start by importing
 * ./onDemandNow.ts.
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
 * then puts back what was there. {@link takeOnDemand} does the same for a test that awaits.
 */
export function withoutOnDemand<T>(fn: () => T): T {
  const put = takeOnDemand();
  try {
    return fn();
  } finally {
    put();
  }
}

/** Test only: takes the parts away until the returned function puts them back. */
export function takeOnDemand(): () => void {
  const was = provided;
  provided = undefined;
  return () => {
    provided = was;
  };
}
