/**
 * The operations that need kubectl, the YAML parser or the scenario format: most of the worker's
 * code, none of which a fresh cluster needs to boot and draw. The worker loads this module on
 * first use (or shortly after boot), so the first diagram waits only for the engine itself; the
 * host holds virtual time while it loads (see `Host`), so a run is the same with or without the
 * wait. Tests and benchmarks hand the host this module directly. `TOOL_OPS` (host.ts) lists the
 * requests served from here.
 *
 * The engine's parts loaded on demand (src/engine/onDemand.ts) come in the same chunk: every input
 * that can create a workload needing them needs kubectl or the YAML parser first, so the host's
 * hold on virtual time while this module loads covers them too (`Host.setTools` provides them).
 */
export { applyOp, deleteOp } from './apply';
export { KubectlOps } from './kubectl';
export { localPortsOp, localRequestOp } from './localPorts';
export { exportScenarioOp, openScenarioOp } from './scenario';
export * as engineOnDemand from '../../engine/onDemandModules';
