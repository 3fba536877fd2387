/**
 * What a v1.31 API server answers to the VolumeAttributesClass examples (the gate is off by
 * default; the quota scope came in v1.33): the claim's class name is dropped and the null
 * storageClassName defaulted, and quota scopes are checked against v1.31's list.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { applySync, kubectlSync } from '../scenario/actions';

const cluster = () =>
  new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 9, kubeSystem: false }).start();
const example = (f: string) => readFileSync(join(__dirname, '../testing/k8s-examples', f), 'utf8');
const quota = (selector: string) =>
  `apiVersion: v1\nkind: ResourceQuota\nmetadata: { name: q }\nspec:\n  hard: { pods: "2" }\n  scopeSelector: { matchExpressions: [${selector}] }\n`;

describe('VolumeAttributesClass on v1.31', () => {
  it('drops a claim’s volumeAttributesClassName and gives its null class the default one', () => {
    const c = cluster();
    expect(applySync(c, example('policy/gold-vac-pvc.yaml'), 'gold-vac-pvc.yaml').exitCode).toBe(0);
    const spec = kubectlSync(c, 'get pvc gold-vac-pvc -o jsonpath={.spec}').stdout;
    expect(JSON.parse(spec)).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '2Gi' } },
      storageClassName: 'standard',
      volumeMode: 'Filesystem',
    });
  });

  it('keeps an explicitly empty storageClassName', () => {
    const c = cluster();
    const pvc = `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: { name: none }\nspec: { storageClassName: "", accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } }\n`;
    applySync(c, pvc, 'pvc.yaml');
    expect(kubectlSync(c, 'get pvc none -o jsonpath={.spec.storageClassName}').stdout).toBe('');
    expect(kubectlSync(c, 'get pvc none -o yaml').stdout).toContain('storageClassName: ""');
  });

  it('refuses the VolumeAttributesClass quota scope as unsupported', () => {
    const c = cluster();
    const r = applySync(c, example('policy/quota-vac.yaml'), 'policy/quota-vac.yaml');
    expect(r.stderr).toBe(
      ['gold', 'silver', 'copper']
        .map(
          (n) =>
            `Error from server (Invalid): error when creating "policy/quota-vac.yaml": ResourceQuota "pvcs-${n}" is invalid: spec.scopeSelector.matchExpressions.scopeName: Invalid value: "VolumeAttributesClass": unsupported scope\n`,
        )
        .join(''),
    );
  });

  it('checks v1.31’s scopes: PriorityClass with In, BestEffort only with Exists', () => {
    const c = cluster();
    expect(
      applySync(c, quota('{ scopeName: PriorityClass, operator: In, values: [high] }'), 'q.yaml')
        .exitCode,
    ).toBe(0);
    expect(
      applySync(c, quota('{ scopeName: BestEffort, operator: In, values: [x] }'), 'q.yaml').stderr,
    ).toContain(
      `spec.scopeSelector.matchExpressions.operator: Invalid value: "In": must be 'Exist' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity`,
    );
  });
});
