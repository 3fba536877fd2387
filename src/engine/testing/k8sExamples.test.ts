/**
 * The corpus test: every manifest copied from kubernetes/website (./k8s-examples) is applied to a
 * fresh cluster headless, as a learner following the tutorial would, and must end in the state a
 * real v1.31 cluster reaches (./k8sExamples lists it, with the files that wait for a kind another
 * track adds and those that need the internet).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { Cluster } from '../cluster';
import { podStatusColumn } from '../kubectl/podStatus';
import { applySync, kubectlSync } from '../scenario/actions';
import { EXAMPLES, type Example } from './k8sExamples';
import { isReady, objectsOf } from './testCluster';

const DIR = join(__dirname, 'k8s-examples');

function manifests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return manifests(path);
    return /\.ya?ml$/.test(name) ? [relative(DIR, path)] : [];
  });
}

/** The example's pods in a namespace: not the cluster's own (kube-system's CoreDNS, kube-proxy…). */
function podsIn(cluster: Cluster, namespace: string): Pod[] {
  const own = clusterPods.get(cluster);
  return objectsOf<Pod>(cluster, 'Pod').filter(
    (p) =>
      p.metadata?.namespace === namespace &&
      !p.metadata.deletionTimestamp &&
      !own?.has(p.metadata.uid ?? ''),
  );
}

/** Per cluster, the uids of the pods it ran before the example was applied. */
const clusterPods = new WeakMap<Cluster, Set<string>>();

/** Whether the cluster has reached the example's end state (checked as time passes). */
function reached(cluster: Cluster, ex: Example): boolean {
  // jobs: the kubectl outputs the page shows, checked first.
  for (const { kubectl, contains } of ex.shows ?? []) {
    const out = kubectlSync(cluster, kubectl).stdout;
    if (!contains.every((text) => out.includes(text))) return false;
  }
  const end = ex.ends;
  const ns = namespaceOf(ex);
  const pods = podsIn(cluster, ns);
  if ('running' in end) {
    return (
      pods.length === end.running &&
      pods.every((p) => p.status?.phase === 'Running' && isReady(p)) &&
      (!end.restarted ||
        pods.every((p) => p.status?.containerStatuses?.some((c) => c.restartCount > 0)))
    );
  }
  if ('succeeded' in end) {
    return pods.filter((p) => p.status?.phase === 'Succeeded').length === end.succeeded;
  }
  if ('deleted' in end) return pods.length === 0;
  if ('status' in end)
    return pods.length > 0 && pods.every((p) => end.status.includes(podStatusColumn(p)));
  return true;
}

/** The namespace an example is applied to and checked in. */
function namespaceOf(ex: Example): string {
  return ex.namespace ?? (('namespace' in ex.ends && ex.ends.namespace) || 'default');
}

/** The corpus's files, for `apply -f` in an example's `before` commands. */
const corpus = new Proxy({} as Record<string, string>, {
  get: (_t, name: string) => readFileSync(join(DIR, name), 'utf8'),
});

/** Apply one example to a fresh cluster and run up to 4 virtual minutes for its end state. */
function run(ex: Example) {
  const cluster = new Cluster({ workers: 3, cpu: '4', memory: '8Gi', seed: 42 }).start();
  clusterPods.set(
    cluster,
    new Set(objectsOf<Pod>(cluster, 'Pod').map((p) => p.metadata?.uid ?? '')),
  );
  for (const line of ex.before ?? []) {
    expect(kubectlSync(cluster, line, corpus).exitCode).toBe(0);
    // As a learner types the next command: the controllers have caught up.
    cluster.clock.advance(5_000);
  }
  const applied = ex.namespace
    ? kubectlSync(cluster, `apply -f ${ex.file} --namespace=${ex.namespace}`, corpus)
    : applySync(cluster, readFileSync(join(DIR, ex.file), 'utf8'), ex.file);
  for (let t = 0; t < 240_000 && !reached(cluster, ex); t += 5_000) cluster.clock.advance(5_000);
  return { cluster, applied };
}

describe('kubernetes/website examples (content/en/examples/)', () => {
  it('lists every copied manifest exactly once', () => {
    expect(EXAMPLES.map((e) => e.file).sort()).toEqual(manifests(DIR).sort());
  });

  for (const ex of EXAMPLES) {
    const label = ex.pending
      ? `${ex.file} — pending: ${ex.pending.kind} (track ${ex.pending.track})`
      : ex.offline
        ? `${ex.file} — offline: ${ex.offline}`
        : ex.file;
    (ex.todo ? it.skip : it)(ex.todo ? `${label} — todo: ${ex.todo}` : label, () => {
      const { cluster, applied } = run(ex);
      if (ex.pending) {
        // Refused as a cluster without that kind refuses it, nothing of the file applied for it.
        expect(applied.stderr).toContain(
          `no matches for kind "${ex.pending.kind}" in version "${ex.pending.apiVersion}"`,
        );
        expect(applied.exitCode).toBe(1);
        return;
      }
      const end = ex.ends;
      if ('refused' in end) {
        expect(applied.stderr).toContain(end.refused);
        expect(applied.exitCode).toBe(1);
        return;
      }
      if (ex.warning) expect(applied.stderr).toContain(ex.warning);
      else expect(applied.stderr).toBe('');
      expect(applied.exitCode).toBe(0);
      const ns = namespaceOf(ex);
      const pods = podsIn(cluster, ns);
      const table = kubectlSync(cluster, `get pods -n ${ns}`).stdout;
      if ('stored' in end) {
        for (const ref of end.stored)
          expect(kubectlSync(cluster, `get ${ref} -n ${ns}`).exitCode).toBe(0);
        expect(pods).toEqual([]);
        return;
      }
      // jobs: on failure, the first output that lacks a text is shown.
      for (const { kubectl, contains } of ex.shows ?? [])
        for (const text of contains) expect(kubectlSync(cluster, kubectl).stdout).toContain(text);
      expect(reached(cluster, ex), table).toBe(true);
      if ('deleted' in end) {
        expect(kubectlSync(cluster, `get ${end.deleted} -n ${ns}`).exitCode).toBe(1);
        return;
      }
      if ('logs' in end && end.logs !== undefined) {
        // A running pod's loop prints again within 15 s (the examples sleep 5–10 s a round).
        if ('running' in end) cluster.clock.advance(15_000);
        const pod = pods[0].metadata!.name!;
        // A pod stuck initializing: the log is its (first) init container's.
        const init = pods[0].spec?.initContainers?.[0];
        const container = 'status' in end && init ? ` -c ${init.name}` : '';
        expect(kubectlSync(cluster, `logs ${pod}${container} -n ${ns}`).stdout).toContain(end.logs);
      }
    });
  }
});
