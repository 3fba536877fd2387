import { resourceForKind } from '../api/resources';
import type { KubeObject } from '../api/types';
import { Cluster, type ClusterConfig } from '../cluster';
import { applyManifest } from '../kubectl/apply';
import { runKubectl, type KubectlResult } from '../kubectl/run';
import { clusterEnv } from '../kubectl/env';
import { checkExpectation, checkOutput, describeExpectation } from './expect';
import type { Fault, Sample, Scenario } from './format';
import { applyFault } from './faults';

/** What a headless run prints, and whether every expectation held. */
export interface ScenarioOutput {
  lines: string[];
  ok: boolean;
  cluster: Cluster;
}

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

/**
 * Run a scenario headless: build the cluster, then each step in order. Output mirrors a terminal
 * session: `$ kubectl …` and what kubectl printed.
 */
export function runScenario(s: Scenario, opts: { file?: string } = {}): ScenarioOutput {
  const config: ClusterConfig = { ...s.cluster };
  const cluster = new Cluster(config).start();
  const lines: string[] = [];
  const print = (text: string) => {
    for (const l of text.replace(/\n$/, '').split('\n')) lines.push(l);
  };
  let ok = true;
  /** What the latest kubectl (or apply/delete) step printed, for `expectOutput`. */
  let last: { text: string; exitCode: number } | undefined;
  const remember = (r: KubectlResult | undefined) => {
    last = r && { text: r.stdout + r.stderr, exitCode: r.exitCode };
  };
  for (const step of s.steps) {
    if ('apply' in step || 'delete' in step) {
      const isApply = 'apply' in step;
      const text = isApply ? step.apply : step.delete;
      lines.push(`$ kubectl ${isApply ? 'apply' : 'delete'} -f -`);
      let result: KubectlResult | undefined;
      applyManifest(
        text,
        opts.file ?? 'STDIN',
        'default',
        (req, cb) => cluster.request(req, cb),
        (outcomes) => {
          result = {
            stdout: outcomes
              .filter((o) => o.ok)
              .map((o) => o.message + '\n')
              .join(''),
            stderr: outcomes
              .filter((o) => !o.ok)
              .map((o) => o.message + '\n')
              .join(''),
            exitCode: outcomes.every((o) => o.ok) ? 0 : 1,
          };
        },
        isApply ? 'apply' : 'delete',
      );
      cluster.clock.runUntilCondition(() => result !== undefined, 120_000);
      if (result?.stdout) print(result.stdout);
      if (result?.stderr) print(result.stderr);
      remember(result);
    } else if ('wait' in step) {
      cluster.clock.advance(step.wait);
    } else if ('kubectl' in step) {
      lines.push(`$ kubectl ${step.kubectl}`);
      const r = kubectlSync(cluster, step.kubectl);
      if (r.stdout) print(r.stdout);
      if (r.stderr) print(r.stderr);
      remember(r);
    } else if ('expectOutput' in step) {
      const problem = checkOutput(last, step.expectOutput);
      const what = JSON.stringify(step.expectOutput);
      if (problem) {
        ok = false;
        lines.push(`✗ line ${step.line}: expectOutput ${what}: ${problem}`);
      } else lines.push(`✓ expectOutput ${what}`);
    } else if ('sample' in step) {
      const problem = runSample(cluster, step.sample);
      const what = step.sample.expect.map(describeExpectation).join('; ');
      if (problem) {
        ok = false;
        lines.push(`✗ line ${step.line}: sample ${what}: ${problem}`);
      } else
        lines.push(`✓ sample every ${step.sample.every} ms for ${step.sample.for} ms: ${what}`);
    } else if ('expect' in step) {
      if (!resourceForKind(step.expect.kind)) {
        lines.push(`✗ line ${step.line}: expect: unknown kind "${step.expect.kind}"`);
        ok = false;
        continue;
      }
      const problem = checkExpectation(storedObjects(cluster), step.expect);
      if (problem) {
        ok = false;
        lines.push(`✗ line ${step.line}: expect ${describeExpectation(step.expect)}: ${problem}`);
      } else lines.push(`✓ expect ${describeExpectation(step.expect)}`);
    } else if ('fault' in step) {
      const msg = applyFault(cluster, step.fault as Fault);
      lines.push(`# fault: ${msg}`);
    } else if ('narrate' in step) {
      lines.push(`# ${step.narrate}`);
    }
  }
  return { lines, ok, cluster };
}

/**
 * Advance time in steps of `sample.every` until `sample.for` has passed, checking every
 * expectation before the first step and after each; the first violation, with its virtual time.
 */
export function runSample(cluster: Cluster, sample: Sample): string | undefined {
  const end = cluster.clock.now + sample.for;
  for (;;) {
    const objects = storedObjects(cluster);
    for (const e of sample.expect) {
      if (!resourceForKind(e.kind)) return `unknown kind "${e.kind}"`;
      const problem = checkExpectation(objects, e);
      if (problem) return `at ${(cluster.clock.now / 1000).toFixed(1)}s: ${problem}`;
    }
    if (cluster.clock.now >= end) return undefined;
    cluster.clock.advance(Math.min(sample.every, end - cluster.clock.now));
  }
}
