import type { ValidatingAdmissionPolicy } from 'kubernetes-types/admissionregistration/v1';
import type { KubeObject } from '../api/types';
import { clone } from '../apiserver/patch';
import type { Informer } from '../client/informer';
import type { Component } from '../component';
import { onDemand } from '../onDemand';
import { Controller } from './controller';

/**
 * The validatingadmissionpolicy-status controller (k/k: pkg/controller/
 * validatingadmissionpolicystatus/controller.go): when a ValidatingAdmissionPolicy's generation
 * is new, type-checks its expressions against the kinds it matches and writes the result to
 * `status.typeChecking` (empty when they check), with `status.observedGeneration`.
 */
export class ValidatingAdmissionPolicyStatusController extends Controller {
  private policies!: Informer<KubeObject>;

  constructor(manager: Component) {
    super(
      manager,
      'validatingadmissionpolicy-status',
      'validatingadmissionpolicy-status-controller',
    );
  }

  setup(): void {
    this.policies = this.informers.informer<KubeObject>('validatingadmissionpolicies');
    this.policies.on({ add: (p) => this.enqueue(p), update: (_, p) => this.enqueue(p) });
  }

  reconcile(key: string): void {
    if (!this.synced(this.policies)) return this.queue.addAfter(key, 100);
    const policy = this.policies.get(key) as ValidatingAdmissionPolicy | undefined;
    if (!policy) return;
    const generation = policy.metadata?.generation ?? 0;
    if (policy.status?.typeChecking && (policy.status.observedGeneration ?? 0) >= generation)
      return;
    const warnings = onDemand().typeCheckPolicy(policy);
    const next = {
      ...clone(policy as unknown as KubeObject),
      status: {
        ...policy.status,
        observedGeneration: generation,
        typeChecking: warnings.length ? { expressionWarnings: warnings } : {},
      },
    } as KubeObject;
    this.client.updateStatus('validatingadmissionpolicies', next, (r) => {
      if (r.code === 200 || r.code === 404) return this.queue.forget(key);
      this.queue.addRateLimited(key);
    });
  }
}
