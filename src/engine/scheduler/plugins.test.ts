import { describe, it, expect } from 'vitest';
import type { Pod } from '../api/types';
import type { CycleState, NodeInfo, ScorePlugin } from './framework';
import { ImageLocality } from './plugins/imageLocality';
import { InterPodAffinity } from './plugins/interPodAffinity';
import { NodeAffinity } from './plugins/nodeAffinity';
import { NodeName } from './plugins/nodeName';
import { NodePorts } from './plugins/nodePorts';
import { NodeResourcesBalancedAllocation } from './plugins/balancedAllocation';
import { NodeResourcesFit } from './plugins/nodeResourcesFit';
import { NodeUnschedulable } from './plugins/nodeUnschedulable';
import { PodTopologySpread } from './plugins/podTopologySpread';
import { TaintToleration } from './plugins/taintToleration';
import { cycle, infos, node, pod } from './testFixtures';

/** Raw scores of a plugin over every node, then normalised as the framework does. */
function scores(plugin: ScorePlugin, state: CycleState, all: NodeInfo[] = state.allNodes) {
  const m = new Map<string, number>();
  for (const i of all) m.set(i.node.metadata!.name!, plugin.score(state, i));
  const raw = Object.fromEntries(m);
  plugin.normalize?.(state, m);
  return { raw, normalized: Object.fromEntries(m) };
}

describe('TaintToleration', () => {
  const tainted = node('w1', {
    taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
  });
  const cp = node('cp', {
    taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
  });

  it('filters an untolerated NoSchedule taint, printed {key: value}, unresolvable', () => {
    const all = infos([tainted, cp]);
    const s = cycle(pod('p'), all);
    expect(TaintToleration.filter(s, all[0])).toEqual({
      reasons: ['node(s) had untolerated taint {dedicated: gpu}'],
      unresolvable: true,
    });
    expect(TaintToleration.filter(s, all[1])?.reasons).toEqual([
      'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
    ]);
  });

  it('lets Equal (key, value, effect) and Exists (key only) tolerations through', () => {
    const all = infos([tainted]);
    const equal = pod('p', {
      spec: { tolerations: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
    });
    const exists = pod('p', { spec: { tolerations: [{ key: 'dedicated', operator: 'Exists' }] } });
    const wrong = pod('p', {
      spec: { tolerations: [{ key: 'dedicated', value: 'tpu', effect: 'NoSchedule' }] },
    });
    const otherEffect = pod('p', {
      spec: { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }] },
    });
    expect(TaintToleration.filter(cycle(equal, all), all[0])).toBeUndefined();
    expect(TaintToleration.filter(cycle(exists, all), all[0])).toBeUndefined();
    expect(TaintToleration.filter(cycle(wrong, all), all[0])).toBeDefined();
    expect(TaintToleration.filter(cycle(otherEffect, all), all[0])).toBeDefined();
  });

  it('ignores PreferNoSchedule when filtering and scores by the count of untolerated ones', () => {
    const prefer = (key: string) => ({ key, effect: 'PreferNoSchedule' as const });
    const all = infos([
      node('a', { taints: [prefer('x'), prefer('y')] }),
      node('b', { taints: [prefer('x')] }),
      node('c'),
    ]);
    const s = cycle(pod('p'), all);
    expect(all.map((i) => TaintToleration.filter(s, i))).toEqual([undefined, undefined, undefined]);
    // Reverse default normalisation: the most taints gets 0, none gets 100.
    expect(scores(TaintToleration, s)).toEqual({
      raw: { a: 2, b: 1, c: 0 },
      normalized: { a: 0, b: 50, c: 100 },
    });
    const tolerant = pod('p', { spec: { tolerations: [{ key: 'x', operator: 'Exists' }] } });
    expect(scores(TaintToleration, cycle(tolerant, all)).raw).toEqual({ a: 1, b: 0, c: 0 });
  });
});

describe('NodeAffinity', () => {
  const nodes = [
    node('a', { labels: { zone: 'z1', disktype: 'ssd', cores: '8' } }),
    node('b', { labels: { zone: 'z2', disktype: 'ssd', cores: '2' } }),
    node('c', { labels: { zone: 'z3' } }),
  ];
  const all = infos(nodes);
  const fits = (p: Pod) =>
    all.filter((i) => !NodeAffinity.filter(cycle(p, all), i)).map((i) => i.node.metadata!.name);

  it('filters by nodeSelector with the FailedScheduling reason, unresolvable', () => {
    const p = pod('p', { spec: { nodeSelector: { disktype: 'ssd' } } });
    expect(fits(p)).toEqual(['a', 'b']);
    expect(NodeAffinity.filter(cycle(p, all), all[2])).toEqual({
      reasons: ["node(s) didn't match Pod's node affinity/selector"],
      unresolvable: true,
    });
  });

  it('required terms: expressions are ANDed, terms ORed; In, NotIn, Exists, DoesNotExist, Gt, Lt', () => {
    const req = (...terms: object[]) =>
      pod('p', {
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms },
            },
          },
        } as Partial<NonNullable<Pod['spec']>>,
      });
    const expr = (key: string, operator: string, values?: string[]) => ({
      matchExpressions: [{ key, operator, values }],
    });
    expect(fits(req(expr('zone', 'In', ['z1', 'z3'])))).toEqual(['a', 'c']);
    expect(fits(req(expr('zone', 'NotIn', ['z1'])))).toEqual(['b', 'c']);
    expect(fits(req(expr('disktype', 'Exists')))).toEqual(['a', 'b']);
    expect(fits(req(expr('disktype', 'DoesNotExist')))).toEqual(['c']);
    expect(fits(req(expr('cores', 'Gt', ['4'])))).toEqual(['a']);
    expect(fits(req(expr('cores', 'Lt', ['4'])))).toEqual(['b']);
    expect(
      fits(
        req({
          matchExpressions: [
            { key: 'disktype', operator: 'In', values: ['ssd'] },
            { key: 'zone', operator: 'In', values: ['z2'] },
          ],
        }),
      ),
    ).toEqual(['b']);
    expect(fits(req(expr('zone', 'In', ['z1']), expr('zone', 'In', ['z3'])))).toEqual(['a', 'c']);
    expect(
      fits(req({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['c'] }] })),
    ).toEqual(['c']);
  });

  it('scores the sum of matching preferred weights, normalised so the best is 100', () => {
    const p = pod('p', {
      spec: {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 10,
                preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] },
              },
              {
                weight: 30,
                preference: { matchExpressions: [{ key: 'disktype', operator: 'Exists' }] },
              },
            ],
          },
        },
      } as Partial<NonNullable<Pod['spec']>>,
    });
    expect(scores(NodeAffinity, cycle(p, all))).toEqual({
      raw: { a: 40, b: 30, c: 0 },
      normalized: { a: 100, b: 75, c: 0 },
    });
  });
});

describe('NodeResourcesFit', () => {
  it('filters with Insufficient cpu / memory and Too many pods, resolvable by preemption', () => {
    const all = infos(
      [node('a', { cpu: '4', memory: '8Gi', pods: 2 })],
      [pod('x', { nodeName: 'a', cpu: '3', memory: '7Gi' }), pod('y', { nodeName: 'a' })],
    );
    expect(
      NodeResourcesFit.filter(cycle(pod('p', { cpu: '2', memory: '2Gi' }), all), all[0]),
    ).toEqual({
      reasons: ['Too many pods', 'Insufficient cpu', 'Insufficient memory'],
      unresolvable: false,
    });
    const roomy = infos([node('a', { cpu: '4' })], [pod('x', { nodeName: 'a', cpu: '3' })]);
    expect(NodeResourcesFit.filter(cycle(pod('p', { cpu: '1' }), roomy), roomy[0])).toBeUndefined();
    expect(
      NodeResourcesFit.filter(cycle(pod('p', { cpu: '1001m' }), roomy), roomy[0])?.reasons,
    ).toEqual(['Insufficient cpu']);
    // A pod without requests always fits the cpu and memory checks.
    expect(NodeResourcesFit.filter(cycle(pod('p'), roomy), roomy[0])).toBeUndefined();
  });

  it('LeastAllocated: (capacity − requested) × 100 / capacity per resource, averaged', () => {
    const all = infos([node('a')], [pod('x', { nodeName: 'a', cpu: '1', memory: '2Gi' })]);
    expect(NodeResourcesFit.score(cycle(pod('p', { cpu: '1', memory: '2Gi' }), all), all[0])).toBe(
      50,
    );
    // Pods without requests count as 100m and 200MB: (3800×100)/4000 = 95, (7792Mi×100)/8Gi = 95.
    const bare = infos([node('a')], [pod('x', { nodeName: 'a' })]);
    expect(NodeResourcesFit.score(cycle(pod('p'), bare), bare[0])).toBe(95);
  });

  it('LeastAllocated truncates each resource before averaging, as the integer code does', () => {
    const all = infos([node('a', { cpu: '1', memory: '1000Mi' })]);
    // cpu (667×100)/1000 = 66, memory (676×100)/1000 = 67 → (66+67)/2 = 66 (not ⌊(66.7+67.6)/2⌋ = 67).
    expect(
      NodeResourcesFit.score(cycle(pod('p', { cpu: '333m', memory: '324Mi' }), all), all[0]),
    ).toBe(66);
  });

  it('BalancedAllocation: (1 − |cpu fraction − memory fraction| / 2) × 100', () => {
    const all = infos([node('a')], [pod('x', { nodeName: 'a', cpu: '1', memory: '1Gi' })]);
    // cpu 2/4 = 0.5, memory 2Gi/8Gi = 0.25 → std 0.125 → 87.
    expect(
      NodeResourcesBalancedAllocation.score(
        cycle(pod('p', { cpu: '1', memory: '1Gi' }), all),
        all[0],
      ),
    ).toBe(87);
    const even = infos([node('a')], [pod('x', { nodeName: 'a', cpu: '1', memory: '2Gi' })]);
    expect(
      NodeResourcesBalancedAllocation.score(
        cycle(pod('p', { cpu: '1', memory: '2Gi' }), even),
        even[0],
      ),
    ).toBe(100);
  });
});

describe('ImageLocality', () => {
  const MB = 1024 * 1024;
  const img = { names: ['docker.io/library/nginx:1.27'], sizeBytes: 500 * MB };

  it('scores size × spread between 23 MB and 1000 MB per container; 0 without the image', () => {
    const all = infos([node('a', { images: [img] }), node('b', { images: [img] }), node('c')]);
    const s = cycle(pod('p', { image: 'nginx:1.27' }), all);
    // 500 MB × 2/3 = 333.3 MB → 100 × (333.3 − 23) / (1000 − 23) = 31.
    expect(scores(ImageLocality, s).raw).toEqual({ a: 31, b: 31, c: 0 });
    // The image is found under its normalised name only.
    const other = cycle(pod('p', { image: 'nginx:1.26' }), all);
    expect(scores(ImageLocality, other).raw).toEqual({ a: 0, b: 0, c: 0 });
  });

  it('an image on every node scores by its full size', () => {
    const all = infos([node('a', { images: [img] })]);
    // 100 × (500 − 23) / 977 = 48.
    expect(
      ImageLocality.score(cycle(pod('p', { image: 'docker.io/library/nginx:1.27' }), all), all[0]),
    ).toBe(48);
  });
});

describe('PodTopologySpread', () => {
  const spread = (maxSkew: number, topologyKey: string, hard = true, extra: object = {}) => ({
    topologySpreadConstraints: [
      {
        maxSkew,
        topologyKey,
        whenUnsatisfiable: hard ? 'DoNotSchedule' : 'ScheduleAnyway',
        labelSelector: { matchLabels: { app: 'web' } },
        ...extra,
      },
    ],
  });
  const web = (name: string, nodeName?: string, more: object = {}) =>
    pod(name, { labels: { app: 'web' }, nodeName, ...more });

  it('filters a node where existing + self − global minimum would exceed maxSkew', () => {
    const all = infos(
      [node('a'), node('b'), node('c')],
      [web('1', 'a'), web('2', 'a'), web('3', 'b'), web('4', 'c')],
    );
    const s = cycle(web('p', undefined, { spec: spread(1, 'kubernetes.io/hostname') }), all);
    expect(PodTopologySpread.filter(s, all[0])).toEqual({
      reasons: ["node(s) didn't match pod topology spread constraints"],
      unresolvable: false,
    });
    expect(PodTopologySpread.filter(s, all[1])).toBeUndefined();
    expect(PodTopologySpread.filter(s, all[2])).toBeUndefined();
  });

  it('counts only nodes matching the pod’s node affinity (nodeAffinityPolicy Honor, the default)', () => {
    const nodes = [
      node('a', { labels: { tier: 'app' } }),
      node('b', { labels: { tier: 'app' } }),
      node('cp'),
    ];
    const all = infos(nodes, [web('1', 'a'), web('2', 'b')]);
    const honor = web('p', undefined, {
      spec: { nodeSelector: { tier: 'app' }, ...spread(1, 'kubernetes.io/hostname') },
    });
    expect(PodTopologySpread.filter(cycle(honor, all), all[0])).toBeUndefined();
    // With Ignore the empty cp node is a domain with 0 pods, so a and b are one too many.
    const ignore = web('p', undefined, {
      spec: {
        nodeSelector: { tier: 'app' },
        ...spread(1, 'kubernetes.io/hostname', true, { nodeAffinityPolicy: 'Ignore' }),
      },
    });
    expect(PodTopologySpread.filter(cycle(ignore, all), all[0])).toBeDefined();
  });

  it('nodeTaintsPolicy Honor leaves out nodes whose taints the pod does not tolerate', () => {
    const cp = node('cp', {
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
    });
    const all = infos([node('a'), cp], [web('1', 'a')]);
    const ignore = web('p', undefined, { spec: spread(1, 'kubernetes.io/hostname') });
    expect(PodTopologySpread.filter(cycle(ignore, all), all[0])).toBeDefined();
    const honor = web('p', undefined, {
      spec: spread(1, 'kubernetes.io/hostname', true, { nodeTaintsPolicy: 'Honor' }),
    });
    expect(PodTopologySpread.filter(cycle(honor, all), all[0])).toBeUndefined();
  });

  it('ignores terminating pods and reports a missing topology label as unresolvable', () => {
    const all = infos(
      [node('a', { labels: { zone: 'z1' } }), node('b', { labels: { zone: 'z2' } }), node('c')],
      [web('1', 'a', { terminating: true }), web('2', 'a', { terminating: true })],
    );
    const s = cycle(web('p', undefined, { spec: spread(1, 'zone') }), all);
    expect(PodTopologySpread.filter(s, all[0])).toBeUndefined();
    expect(PodTopologySpread.filter(s, all[2])).toEqual({
      reasons: ["node(s) didn't match pod topology spread constraints (missing required label)"],
      unresolvable: true,
    });
  });

  it('scores cnt × ln(domains + 2) + (maxSkew − 1), fewer is better after normalising', () => {
    const all = infos(
      [node('a'), node('b'), node('c')],
      [web('1', 'a'), web('2', 'a'), web('3', 'b')],
    );
    const s = cycle(web('p', undefined, { spec: spread(1, 'kubernetes.io/hostname', false) }), all);
    // ln 5 = 1.609: a round(3.22) = 3, b round(1.61) = 2, c 0 → 100 × (3 + 0 − s) / 3.
    expect(scores(PodTopologySpread, s)).toEqual({
      raw: { a: 3, b: 2, c: 0 },
      normalized: { a: 0, b: 33, c: 100 },
    });
  });

  it('zone constraints count the whole domain; the maxSkew − 1 offset softens the skew', () => {
    const all = infos(
      [
        node('a', { labels: { zone: 'z1' } }),
        node('b', { labels: { zone: 'z1' } }),
        node('c', { labels: { zone: 'z2' } }),
      ],
      [web('1', 'a'), web('2', 'b')],
    );
    const s = cycle(web('p', undefined, { spec: spread(2, 'zone', false) }), all);
    // ln 4 = 1.386: z1 has 2 → round(2.77 + 1) = 4; z2 → 1. Normalised 100 × (4 + 1 − s) / 4.
    expect(scores(PodTopologySpread, s)).toEqual({
      raw: { a: 4, b: 4, c: 1 },
      normalized: { a: 25, b: 25, c: 100 },
    });
  });

  it('system default constraints apply to owned pods only', () => {
    const all = infos([node('a'), node('b')], [web('1', 'a', { owned: true })]);
    const owned = scores(PodTopologySpread, cycle(web('p', undefined, { owned: true }), all));
    expect(owned.normalized.a).toBeLessThan(owned.normalized.b);
    const bare = scores(PodTopologySpread, cycle(web('p'), all));
    expect(bare.normalized).toEqual({ a: 0, b: 0 });
  });
});

describe('InterPodAffinity', () => {
  const nodes = [
    node('a', { labels: { zone: 'z1' } }),
    node('b', { labels: { zone: 'z1' } }),
    node('c', { labels: { zone: 'z2' } }),
  ];
  const term = (app: string, topologyKey: string) => ({
    labelSelector: { matchLabels: { app } },
    topologyKey,
  });

  it('required anti-affinity filters nodes in a domain with a matching pod', () => {
    const all = infos(nodes, [pod('w', { labels: { app: 'web' }, nodeName: 'a' })]);
    const p = pod('p', {
      labels: { app: 'web' },
      spec: {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [term('web', 'kubernetes.io/hostname')],
          },
        },
      },
    });
    const s = cycle(p, all);
    expect(InterPodAffinity.filter(s, all[0])).toEqual({
      reasons: ["node(s) didn't match pod anti-affinity rules"],
      unresolvable: false,
    });
    expect(InterPodAffinity.filter(s, all[1])).toBeUndefined();
    const zonal = pod('p', {
      spec: {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [term('web', 'zone')],
          },
        },
      },
    });
    expect(all.map((i) => Boolean(InterPodAffinity.filter(cycle(zonal, all), i)))).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('required affinity needs a matching pod in the domain, except for the first of a group', () => {
    const all = infos(nodes, [pod('db', { labels: { app: 'db' }, nodeName: 'c' })]);
    const p = pod('p', {
      spec: {
        affinity: {
          podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', 'zone')] },
        },
      },
    });
    expect(InterPodAffinity.filter(cycle(p, all), all[0])).toEqual({
      reasons: ["node(s) didn't match pod affinity rules"],
      unresolvable: true,
    });
    expect(InterPodAffinity.filter(cycle(p, all), all[2])).toBeUndefined();
    const empty = infos(nodes);
    const first = pod('p', {
      labels: { app: 'db' },
      spec: {
        affinity: {
          podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', 'zone')] },
        },
      },
    });
    expect(empty.map((i) => InterPodAffinity.filter(cycle(first, empty), i))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('honours existing pods’ anti-affinity against the incoming pod', () => {
    const loner = pod('loner', {
      nodeName: 'a',
      spec: {
        nodeName: 'a',
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [term('web', 'kubernetes.io/hostname')],
          },
        },
      },
    });
    const all = infos(nodes, [loner]);
    const s = cycle(pod('p', { labels: { app: 'web' } }), all);
    expect(InterPodAffinity.filter(s, all[0])?.reasons).toEqual([
      "node(s) didn't satisfy existing pods anti-affinity rules",
    ]);
    expect(InterPodAffinity.filter(s, all[1])).toBeUndefined();
  });

  it('preferred terms add and subtract weights; normalised as 100 × (s − min) / (max − min)', () => {
    const all = infos(nodes, [
      pod('cache', { labels: { app: 'cache' }, nodeName: 'a' }),
      pod('w', { labels: { app: 'web' }, nodeName: 'b' }),
    ]);
    const p = pod('p', {
      spec: {
        affinity: {
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 50, podAffinityTerm: term('cache', 'kubernetes.io/hostname') },
            ],
          },
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 20, podAffinityTerm: term('web', 'kubernetes.io/hostname') },
            ],
          },
        },
      },
    });
    expect(scores(InterPodAffinity, cycle(p, all))).toEqual({
      raw: { a: 50, b: -20, c: 0 },
      normalized: { a: 100, b: 0, c: 28 },
    });
    // All positive: the lowest still maps to 0 (k/k subtracts the minimum).
    const q = pod('q', {
      spec: {
        affinity: {
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 30, podAffinityTerm: term('cache', 'zone') },
              { weight: 20, podAffinityTerm: term('cache', 'kubernetes.io/hostname') },
            ],
          },
        },
      },
    });
    expect(scores(InterPodAffinity, cycle(q, all))).toEqual({
      raw: { a: 50, b: 30, c: 0 },
      normalized: { a: 100, b: 60, c: 0 },
    });
  });
});

describe('NodeUnschedulable, NodeName, NodePorts', () => {
  it('a cordoned node is filtered unless the pod tolerates node.kubernetes.io/unschedulable', () => {
    const all = infos([node('a', { unschedulable: true })]);
    expect(NodeUnschedulable.filter(cycle(pod('p'), all), all[0])).toEqual({
      reasons: ['node(s) were unschedulable'],
      unresolvable: true,
    });
    const tolerant = pod('p', {
      spec: {
        tolerations: [
          { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
        ],
      },
    });
    expect(NodeUnschedulable.filter(cycle(tolerant, all), all[0])).toBeUndefined();
  });

  it('spec.nodeName restricts the pod to that node', () => {
    const all = infos([node('a'), node('b')]);
    const p = pod('p', { spec: { nodeName: 'b' } });
    expect(NodeName.filter(cycle(p, all), all[0])?.reasons).toEqual([
      "node(s) didn't match the requested node name",
    ]);
    expect(NodeName.filter(cycle(p, all), all[1])).toBeUndefined();
  });

  it('a hostPort in use on the node filters it', () => {
    const withPort = (name: string, nodeName?: string) =>
      pod(name, {
        nodeName,
        spec: {
          containers: [
            { name: 'app', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080 }] },
          ],
        },
      });
    const all = infos([node('a'), node('b')], [withPort('x', 'a')]);
    const s = cycle(withPort('p'), all);
    expect(NodePorts.filter(s, all[0])).toEqual({
      reasons: ["node(s) didn't have free ports for the requested pod ports"],
      unresolvable: false,
    });
    expect(NodePorts.filter(s, all[1])).toBeUndefined();
  });
});
