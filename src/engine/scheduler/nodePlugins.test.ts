/**
 * Filter and score plugins that look at the node itself: TaintToleration, NodeAffinity,
 * NodeUnschedulable, NodeName, NodePorts (k/k: pkg/scheduler/framework/plugins/*).
 */
import { describe, it, expect } from 'vitest';
import type { Pod } from '../api/types';
import { NodeAffinity } from './plugins/nodeAffinity';
import { NodeName } from './plugins/nodeName';
import { NodePorts } from './plugins/nodePorts';
import { NodeUnschedulable } from './plugins/nodeUnschedulable';
import { TaintToleration } from './plugins/taintToleration';
import { scores } from './pluginFixtures';
import { cycle, infos, node, pod } from '../testing/schedulerFixtures';

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
