/**
 * The ResourceQuota invariant of issue 14, with fast-check (fixed seeds): whatever a user creates,
 * scales and deletes in a namespace with a quota — pods one by one or several at once,
 * Deployments whose ReplicaSets create pods in parallel batches, Services, ConfigMaps — what is
 * stored never exceeds the quota's `hard` at any moment, and the resource quota controller's
 * `status.used` converges to the real sum once things settle.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addUsage, listFromUsage, usageOf, type Usage } from '../api/quotaEvaluator';
import { cpuMillis } from '../api/quantity';
import { resourceForKind } from '../api/resources';
import type { KubeObject, ResourceQuota } from '../api/types';
import { Cluster } from '../cluster';
import { createObject, objectsOf } from '../testing/testCluster';

const HARD = {
  pods: '4',
  'requests.cpu': '1',
  'requests.memory': '1Gi',
  'limits.memory': '2Gi',
  services: '2',
  'services.nodeports': '1',
  'count/deployments.apps': '2',
  configmaps: '3',
};

const QUOTA = `apiVersion: v1
kind: ResourceQuota
metadata: {name: q}
spec:
  hard: ${JSON.stringify(HARD)}
`;

const container = (cpu: number, mem: number) =>
  `{name: c, image: nginx:1.27, resources: {requests: {cpu: ${cpu}m, memory: ${mem}Mi}, limits: {memory: ${mem * 2}Mi}}}`;

const pod = (name: string, cpu: number, mem: number) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec: {containers: [${container(cpu, mem)}]}
`;

const deployment = (name: string, replicas: number, cpu: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [${container(cpu, 128)}]}
`;

const service = (name: string, nodePort: boolean) => `apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec: {type: ${nodePort ? 'NodePort' : 'ClusterIP'}, selector: {app: x}, ports: [{port: 80}]}
`;

type Op =
  | { op: 'pods'; names: number[]; cpu: number; mem: number }
  | { op: 'deployment'; name: number; replicas: number; cpu: number }
  | { op: 'scale'; name: number; replicas: number }
  | { op: 'delete'; plural: 'pods' | 'deployments' | 'services' | 'configmaps'; name: number }
  | { op: 'service'; name: number; nodePort: boolean }
  | { op: 'configmap'; name: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('pods' as const),
    names: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }),
    cpu: fc.integer({ min: 50, max: 500 }),
    mem: fc.integer({ min: 64, max: 512 }),
  }),
  fc.record({
    op: fc.constant('deployment' as const),
    name: fc.integer({ min: 0, max: 2 }),
    replicas: fc.integer({ min: 1, max: 5 }),
    cpu: fc.integer({ min: 50, max: 400 }),
  }),
  fc.record({
    op: fc.constant('scale' as const),
    name: fc.integer({ min: 0, max: 2 }),
    replicas: fc.integer({ min: 0, max: 6 }),
  }),
  fc.record({
    op: fc.constant('delete' as const),
    plural: fc.constantFrom(
      'pods' as const,
      'deployments' as const,
      'services' as const,
      'configmaps' as const,
    ),
    name: fc.integer({ min: 0, max: 5 }),
  }),
  fc.record({
    op: fc.constant('service' as const),
    name: fc.integer({ min: 0, max: 3 }),
    nodePort: fc.boolean(),
  }),
  fc.record({ op: fc.constant('configmap' as const), name: fc.integer({ min: 0, max: 4 }) }),
);

/** What the stored objects of `default` use, for the quota's resources. */
function storedUsage(c: Cluster): Usage {
  const used: Usage = new Map();
  for (const kind of ['Pod', 'Service', 'Deployment', 'ConfigMap']) {
    const info = resourceForKind(kind)!;
    for (const o of objectsOf<KubeObject>(c, kind))
      // kube-root-ca.crt counts too, as on a real cluster.
      if (o.metadata?.namespace === 'default') addUsage(used, usageOf(info, o));
  }
  return used;
}

/** The resources whose usage exceeds `hard`. */
function exceeded(used: Usage): string[] {
  return Object.entries(HARD)
    .filter(([k, v]) => (used.get(k)?.milli ?? 0) > cpuMillis(v))
    .map(([k]) => k);
}

function run(c: Cluster, o: Op): void {
  const send = (req: Parameters<Cluster['request']>[0]) => c.request(req, () => {});
  switch (o.op) {
    case 'pods':
      // Sent together: each is admitted before any is stored.
      for (const n of o.names)
        send({
          verb: 'create',
          resource: 'pods',
          namespace: 'default',
          body: createBody(pod(`p${n}`, o.cpu, o.mem)),
        });
      return;
    case 'deployment':
      createObject(c, deployment(`d${o.name}`, o.replicas, o.cpu));
      return;
    case 'scale':
      send({
        verb: 'patch',
        resource: 'deployments',
        namespace: 'default',
        name: `d${o.name}`,
        body: { spec: { replicas: o.replicas } },
        patchType: 'merge',
      });
      return;
    case 'delete': {
      const prefix = { pods: 'p', deployments: 'd', services: 's', configmaps: 'cm' }[o.plural];
      send({
        verb: 'delete',
        resource: o.plural,
        namespace: 'default',
        name: `${prefix}${o.name}`,
      });
      return;
    }
    case 'service':
      createObject(c, service(`s${o.name}`, o.nodePort));
      return;
    case 'configmap':
      createObject(c, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm${o.name}}\n`);
  }
}

function createBody(yaml: string): KubeObject {
  return parse(yaml) as KubeObject;
}

describe('ResourceQuota invariants (fast-check, fixed seed)', () => {
  it('stored usage never exceeds hard, and status.used converges to the real sum', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.array(opArb, { minLength: 1, maxLength: 10 }),
        (seed, ops) => {
          const c = new Cluster({ workers: 2, cpu: '4', memory: '8Gi', seed }).start();
          expect(createObject(c, QUOTA).code).toBe(201);
          c.clock.advance(1_000);
          for (const o of ops) {
            run(c, o);
            // Every 100 ms of virtual time while the controllers react: nothing stored exceeds.
            for (let t = 0; t < 3_000; t += 100) {
              c.clock.advance(100);
              expect(exceeded(storedUsage(c)), JSON.stringify(o)).toEqual([]);
            }
          }
          c.clock.advance(60_000);
          const real = storedUsage(c);
          const quota = objectsOf<ResourceQuota>(c, 'ResourceQuota')[0];
          const expected = listFromUsage(
            new Map(Object.keys(HARD).map((k) => [k, real.get(k) ?? { milli: 0, binary: false }])),
          );
          expect(quota.status?.used).toEqual(expected);
        },
      ),
      { seed: 14, numRuns: 12 },
    );
  }, 300_000);
});
