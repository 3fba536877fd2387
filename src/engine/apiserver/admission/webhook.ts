/**
 * MutatingAdmissionWebhook and ValidatingAdmissionWebhook (k/k v1.31: staging/src/k8s.io/
 * apiserver/pkg/admission/plugin/webhook): each request is matched against the stored webhook
 * configurations (rules, namespaceSelector, objectSelector) and every matching webhook is called.
 *
 * What is observable offline is how a call fails before any webhook server answers: the API
 * server resolves a service-backed webhook through the Service (k/k: staging/src/k8s.io/
 * kube-aggregator/pkg/apiserver/resolvers.go ResolveCluster) and dials its ClusterIP; a URL
 * webhook's host has to be looked up. A failed call refuses the request with `failurePolicy:
 * Fail` and is skipped with `Ignore` (dispatcher.go: ErrCallingWebhook). Not simulated: a
 * webhook server's own answers (no simulated image serves AdmissionReview, so a webhook whose
 * Service has ready endpoints lets the request through). `matchConditions` are evaluated in CEL
 * (../../cel) as the API server does before calling.
 */
import type { Status } from '../../api/types';
import { onDemand } from '../../onDemand';
import type { AdmissionLookups, Attributes, MutatingPlugin, ValidatingPlugin } from './interfaces';

/**
 * Call each matching webhook of the configurations of `kind`, in name order. With none stored
 * (always, until a learner creates one) nothing is called; the calls are in ./webhookCalls.ts,
 * loaded on demand (../../onDemand.ts).
 */
function dispatch(
  kind: 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration',
  a: Attributes,
  lookups: AdmissionLookups,
): Status | undefined {
  const configs = lookups.admissionConfigurations?.(kind) ?? [];
  return configs.length ? onDemand().callWebhooks(configs, a, lookups) : undefined;
}

export function mutatingAdmissionWebhook(lookups: AdmissionLookups): MutatingPlugin {
  return {
    name: 'MutatingAdmissionWebhook',
    operations: ['CREATE', 'UPDATE'],
    mutates: true,
    admit: (a) => dispatch('MutatingWebhookConfiguration', a, lookups),
  };
}

export function validatingAdmissionWebhook(lookups: AdmissionLookups): ValidatingPlugin {
  return {
    name: 'ValidatingAdmissionWebhook',
    operations: ['CREATE', 'UPDATE'],
    validate: (a) => dispatch('ValidatingWebhookConfiguration', a, lookups),
  };
}
