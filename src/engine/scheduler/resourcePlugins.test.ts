/**
 * Plugins that weigh the node's resources and images: NodeResourcesFit (filter and
 * LeastAllocated score), NodeResourcesBalancedAllocation, ImageLocality.
 */
import { describe, it, expect } from 'vitest';
import { ImageLocality } from './plugins/imageLocality';
import { NodeResourcesBalancedAllocation } from './plugins/balancedAllocation';
import { NodeResourcesFit } from './plugins/nodeResourcesFit';
import { scores } from './pluginFixtures';
import { cycle, infos, node, pod } from '../testing/schedulerFixtures';

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
