/**
 * Plugins that place a pod relative to other pods: PodTopologySpread and InterPodAffinity.
 */
import { describe, it, expect } from 'vitest';
import { InterPodAffinity } from './plugins/interPodAffinity';
import { PodTopologySpread } from './plugins/podTopologySpread';
import { scores } from './pluginFixtures';
import { cycle, infos, node, pod } from '../testing/schedulerFixtures';

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
