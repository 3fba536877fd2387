/**
 * The steps of a scenario that act on the cluster — `apply`, `delete`, `kubectl`, `fault`, `wait`
 * — run to completion in virtual time, as a terminal session would show them.
 */
import type { KubeObject } from '../api/types';
import type { Cluster } from '../cluster';
import { applyManifest } from '../kubectl/apply';
import { runKubectl, type KubectlResult } from '../kubectl/run';
import { clusterEnv } from '../kubectl/env';
import type { ActionStep } from './format';
import { applyFault } from './faults';

/** The objects of the cluster as etcd holds them now (for expectations, not through the API). */
export function storedObjects(cluster: Cluster): KubeObject[] {
  return cluster.etcdStore.range('/registry/').kvs.map((kv) => JSON.parse(kv.value) as KubeObject);
}

/** Run a kubectl command to completion in virtual time. */
export function kubectlSync(
  cluster: Cluster,
  line: string,
  files: Record<string, string> = {},
): KubectlResult {
  let result: KubectlResult | undefined;
  runKubectl(clusterEnv(cluster, { readFile: (n) => files[n] }), line, (r) => (result = r));
  cluster.clock.runUntilCondition(() => result !== undefined, 120_000);
  return (
    result ?? { stdout: '', stderr: 'error: the server did not answer in time\n', exitCode: 1 }
  );
}

/** Apply a manifest as `kubectl apply -f FILE`, to completion in virtual time. */
export function applySync(cluster: Cluster, text: string, file: string): KubectlResult {
  return kubectlSync(cluster, `apply -f ${JSON.stringify(file)}`, { [file]: text });
}

/** Apply or delete a manifest as the editor's buttons do, to completion in virtual time. */
export function manifestSync(
  cluster: Cluster,
  text: string,
  file: string,
  op: 'apply' | 'delete',
): KubectlResult {
  let result: KubectlResult | undefined;
  applyManifest(
    text,
    file,
    'default',
    (req, cb) => cluster.request(req, cb),
    (outcomes) => {
      const lines = (ok: boolean) =>
        outcomes
          .filter((o) => o.ok === ok)
          .map((o) => o.message + '\n')
          .join('');
      result = {
        stdout: lines(true),
        stderr: lines(false),
        exitCode: outcomes.every((o) => o.ok) ? 0 : 1,
      };
    },
    op,
    // crd: the custom resources served now, as kubectl's discovery finds them.
    { discovery: cluster.api.customResources.discovery() },
  );
  cluster.clock.runUntilCondition(() => result !== undefined, 120_000);
  return (
    result ?? { stdout: '', stderr: 'error: the server did not answer in time\n', exitCode: 1 }
  );
}

/** What one action printed, for the transcript and for `expectOutput`. */
export interface ActionResult {
  /** The command line shown (`$ kubectl get pods`), if the step is one. */
  command?: string;
  /** What the learner would have typed, for `ran:` conditions (`get pods`, `apply -f web.yaml`). */
  ran?: string;
  result?: KubectlResult;
  /** Set when a fault could not be made, or a command failed. */
  failed: boolean;
  /** One-line note (a fault's description). */
  note?: string;
}

/** Perform one action step to completion. */
export function runAction(cluster: Cluster, step: ActionStep, file: string): ActionResult {
  if ('wait' in step) {
    cluster.clock.advance(step.wait);
    return { failed: false };
  }
  if ('fault' in step) {
    try {
      return { failed: false, note: `# fault: ${applyFault(cluster, step.fault)}` };
    } catch (e) {
      return { failed: true, note: `# fault: ${(e as Error).message}` };
    }
  }
  if ('kubectl' in step) {
    const result = kubectlSync(cluster, step.kubectl);
    return {
      command: `$ kubectl ${step.kubectl}`,
      ran: step.kubectl,
      result,
      failed: result.exitCode !== 0,
    };
  }
  const op = 'apply' in step ? 'apply' : 'delete';
  const result = manifestSync(cluster, 'apply' in step ? step.apply : step.delete, file, op);
  return {
    command: `$ kubectl ${op} -f -`,
    ran: `${op} -f ${file}`,
    result,
    failed: result.exitCode !== 0,
  };
}
