import { describe, expect, it } from 'vitest';
import { commonPrefix, complete } from './completion';

const names = (plural: string, ns: string | undefined): string[] => {
  if (plural === 'pods') return ns === 'default' ? ['web-1', 'web-2', 'db-0'] : ['coredns'];
  if (plural === 'nodes') return ['worker-1', 'worker-2'];
  if (plural === 'namespaces') return ['default', 'kube-system'];
  if (plural === 'deployments') return ['web'];
  return [];
};

describe('terminal tab completion', () => {
  it('completes commands, resource types and names', () => {
    expect(complete('kubectl ge', names).candidates).toEqual(['get']);
    // corpus-policy: as kubectl's own completion, every served type the prefix matches.
    expect(complete('kubectl get po', names).candidates).toEqual(['poddisruptionbudgets', 'pods']);
    expect(complete('kubectl get pod', names).candidates).toEqual(['poddisruptionbudgets', 'pods']);
    expect(complete('kubectl get pods w', names).candidates).toEqual(['web-1', 'web-2']);
    expect(complete('kubectl logs d', names).candidates).toEqual(['db-0']);
    expect(complete('kubectl cordon w', names).candidates).toEqual(['worker-1', 'worker-2']);
  });

  it('completes flags, namespaces and TYPE/NAME', () => {
    expect(complete('kubectl get pods --show-l', names).candidates).toEqual(['--show-labels']);
    expect(complete('kubectl get pods -n kube', names).candidates).toEqual(['kube-system']);
    expect(complete('kubectl get pods -n kube-system c', names).candidates).toEqual(['coredns']);
    expect(complete('kubectl rollout status deployment/w', names).candidates).toEqual([
      'deployment/web',
    ]);
    expect(complete('kubectl rollout st', names).candidates).toEqual(['status']);
  });

  it('reports where the completed word starts', () => {
    const c = complete('kubectl get po', names);
    expect(c.from).toBe('kubectl get '.length);
    expect(commonPrefix(['web-1', 'web-2'])).toBe('web-');
  });
});
