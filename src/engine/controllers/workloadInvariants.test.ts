/**
 * Invariants of the workload controllers of issue 14, with fast-check (fixed seeds): a
 * DaemonSet has exactly one pod per eligible node once it has converged, and a StatefulSet
 * never runs two pods with one ordinal (checked in the container runtimes, where an old pod
 * may still be terminating), whatever the sequence of scalings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { Cluster } from '../cluster';
import { activePods, advanceUntil, createObject, isReady, objectsOf } from '../testing/testCluster';

const ds = (selector: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      ${selector}
      containers: [{name: agent, image: nginx:1.27}]
`;

const STS = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: nginx
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx:1.27}]
`;

function label(c: Cluster, node: string, value: string | null): void {
  c.requestSync({
    verb: 'patch',
    resource: 'nodes',
    name: node,
    body: { metadata: { labels: { tier: value } } },
    patchType: 'merge',
  });
}

describe('workload invariants (fast-check, fixed seed)', () => {
  it('a DaemonSet converges to exactly one pod per eligible node as node labels change', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.boolean()), { maxLength: 4 }),
        fc.boolean(),
        (seed, relabels, tolerateControlPlane) => {
          const c = new Cluster({ workers: 3, cpu: '4', memory: '8Gi', seed }).start();
          const tol = tolerateControlPlane
            ? 'tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]'
            : 'nodeSelector: {tier: edge}';
          expect(createObject(c, ds(tol)).code).toBe(201);
          for (const [n, on] of relabels) {
            label(c, `worker-${n}`, on ? 'edge' : null);
            c.clock.advance(2_000);
          }
          const eligible = new Set(
            objectsOf<{ metadata: { name: string; labels?: Record<string, string> } }>(c, 'Node')
              .filter((n) => (tolerateControlPlane ? true : n.metadata.labels?.tier === 'edge'))
              .map((n) => n.metadata.name),
          );
          const onNodes = () =>
            activePods(c)
              .filter((p) => p.metadata!.name!.startsWith('agent-'))
              .map((p) => p.spec?.nodeName ?? '');
          const converged = advanceUntil(
            c,
            () => {
              const nodes = onNodes();
              return (
                nodes.length === eligible.size &&
                new Set(nodes).size === nodes.length &&
                nodes.every((n) => eligible.has(n)) &&
                objectsOf<Pod>(c, 'Pod').every((p) => !p.metadata?.deletionTimestamp)
              );
            },
            120_000,
            1_000,
          );
          expect(
            converged,
            `${onNodes().sort().join(',')} vs ${[...eligible].sort().join(',')}`,
          ).toBe(true);
        },
      ),
      { seed: 1414, numRuns: 6, endOnFailure: true },
    );
  }, 120_000);

  it('a StatefulSet never runs two pods with one ordinal while it is scaled up and down', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 8_000 })), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.boolean(),
        (seed, scalings, parallel) => {
          const c = new Cluster({ workers: 3, cpu: '4', memory: '8Gi', seed }).start();
          const yaml = parallel
            ? STS.replace('replicas: 2', 'replicas: 2\n  podManagementPolicy: Parallel')
            : STS;
          expect(createObject(c, yaml).code).toBe(201);
          const violations: string[] = [];
          const check = () => {
            // At most one pod per identity: across every node's container runtime, the running
            // containers of `default/web-N` all belong to one pod (one uid), even while an old
            // web-N is still terminating somewhere.
            const uidsByName = new Map<string, Set<string>>();
            for (const node of c.nodes) {
              const rt = node.runtime;
              for (const ctr of rt.containers.values()) {
                if (ctr.state !== 'running') continue;
                const name = rt.sandboxes.get(ctr.podUid)?.pod;
                if (!name?.startsWith('default/web-')) continue;
                const uids = uidsByName.get(name) ?? new Set<string>();
                uids.add(ctr.podUid);
                uidsByName.set(name, uids);
              }
            }
            for (const [name, uids] of uidsByName)
              if (uids.size > 1) violations.push(`${name} runs as ${uids.size} pods`);
          };
          let last = 2;
          for (const [replicas, waitMs] of scalings) {
            c.requestSync({
              verb: 'patch',
              resource: 'statefulsets',
              namespace: 'default',
              name: 'web',
              body: { spec: { replicas } },
            });
            last = replicas;
            for (let t = 0; t < waitMs; t += 500) {
              c.clock.advance(500);
              check();
            }
          }
          const done = advanceUntil(
            c,
            () => {
              check();
              const pods = activePods(c).filter((p) => p.metadata!.name!.startsWith('web-'));
              return pods.length === last && pods.every(isReady);
            },
            180_000,
            500,
          );
          expect(violations).toEqual([]);
          expect(done).toBe(true);
          const names = activePods(c)
            .map((p) => p.metadata!.name!)
            .filter((n) => n.startsWith('web-'))
            .sort();
          expect(names).toEqual(Array.from({ length: last }, (_, i) => `web-${i}`).sort());
        },
      ),
      { seed: 1515, numRuns: 6, endOnFailure: true },
    );
  }, 120_000);
});
