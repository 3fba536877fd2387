/**
 * The snapshot's columns (scheduler/nodeTable.ts): a node they say fits passes every filter they
 * stand for, their scores are the plugins' own, and they follow a snapshot whose nodes change.
 */
import { describe, expect, it } from 'vitest';
import { nodeTable } from './nodeTable';
import { NodePorts } from './plugins/nodePorts';
import { NodeResourcesBalancedAllocation } from './plugins/balancedAllocation';
import { NodeResourcesFit } from './plugins/nodeResourcesFit';
import { NodeUnschedulable } from './plugins/nodeUnschedulable';
import { TaintToleration } from './plugins/taintToleration';
import { ImageLocality } from './plugins/imageLocality';
import { PodTopologySpread } from './plugins/podTopologySpread';
import { cycle, infos, node, pod } from '../testing/schedulerFixtures';
import { buildNodeInfo } from './nodeInfo';

const FILTERS = [NodeUnschedulable, TaintToleration, NodePorts, NodeResourcesFit];

const nodes = [
  node('roomy', { cpu: '4', memory: '8Gi' }),
  node('full-cpu', { cpu: '1' }),
  node('full-pods', { pods: 1 }),
  node('cordoned', { unschedulable: true }),
  node('tainted', { taints: [{ key: 'k', effect: 'NoSchedule' }] }),
  node('soft-taint', { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] }),
  node('ports', {
    labels: { 'topology.kubernetes.io/zone': 'b' },
    images: [{ names: ['docker.io/library/nginx:1.27'], sizeBytes: 900 * 1024 * 1024 }],
  }),
  node('no-memory', { memory: '0' }),
];
const bound = [
  pod('a', { nodeName: 'full-cpu', cpu: '900m' }),
  pod('b', { nodeName: 'full-pods' }),
  pod('c', {
    nodeName: 'ports',
    spec: {
      containers: [{ name: 'app', image: 'x', ports: [{ containerPort: 80, hostPort: 80 }] }],
    },
  }),
  pod('d', { nodeName: 'roomy', cpu: '1', memory: '1Gi' }),
  pod('e', { nodeName: 'ports', labels: { app: 'web' } }),
  pod('f', { nodeName: 'roomy', labels: { app: 'web' } }),
];

describe('NodeTable', () => {
  it('says a node fits only when every filter it stands for passes, and scores as the plugins', () => {
    const all = infos(nodes, bound);
    const table = nodeTable(all);
    const pods = [
      pod('p', { cpu: '200m', memory: '1Gi' }),
      pod('q'),
      pod('r', { cpu: '5' }),
      // Spread by the system defaults (hostname and zone) over its owner's pods.
      pod('s', { labels: { app: 'web' }, owned: true }),
    ];
    const scorers = [
      NodeResourcesFit,
      NodeResourcesBalancedAllocation,
      TaintToleration,
      ImageLocality,
      PodTopologySpread,
    ];
    let spread = 0;
    for (const p of pods) {
      const state = cycle(p, all);
      all.forEach((info, i) => {
        const passes = FILTERS.every((f) => f.filter(state, info) === undefined);
        // The columns may send a node to the plugins, never pass one they would filter.
        if (table.fits(i, state.request.cpu, state.request.memory)) expect(passes).toBe(true);
        for (const s of scorers) expect(s.scoreAt!(state, table, i)).toBe(s.score(state, info));
        spread += PodTopologySpread.score(state, info);
      });
    }
    // The scores compared are not all zeros: the tainted, imaged and spread nodes score.
    expect(spread).toBeGreaterThan(0);
    expect(TaintToleration.scoreAt!(cycle(pods[0], all), table, 5)).toBe(1);
    expect(ImageLocality.scoreAt!(cycle(pods[0], all), table, 6)).toBeGreaterThan(0);
    const state = cycle(pod('p', { cpu: '200m' }), all);
    const fits = all.map((_, i) => table.fits(i, state.request.cpu, state.request.memory));
    expect(fits).toEqual([true, false, false, false, false, false, false, true]);
  });

  it('follows the snapshot: a node whose NodeInfo is replaced is read again', () => {
    const before = infos(nodes, bound);
    expect(nodeTable(before).fits(0, 3000, 0)).toBe(true);
    const after = before.slice();
    after[0] = buildNodeInfo(nodes[0], [pod('big', { nodeName: 'roomy', cpu: '3500m' })]);
    expect(nodeTable(after).fits(0, 3000, 0)).toBe(false);
    expect(nodeTable(after).fits(0, 500, 0)).toBe(true);
    // Back to the first snapshot (not related to the second by a cache): read again too.
    expect(nodeTable(before).fits(0, 3000, 0)).toBe(true);
  });
});
