/**
 * Defaults of the admission webhook configurations, ValidatingWebhookConfiguration and
 * MutatingWebhookConfiguration (admissionregistration.k8s.io/v1). k/k (v1.31):
 * pkg/apis/admissionregistration/v1/defaults.go. Their validation (./webhookvalidation) loads on
 * demand.
 */
import type {
  MutatingWebhook,
  RuleWithOperations,
  ValidatingWebhook,
  ValidatingWebhookConfiguration,
} from 'kubernetes-types/admissionregistration/v1';
import type { KubeObject } from './types';

export type Webhook = Omit<ValidatingWebhook, 'rules'> &
  Partial<Pick<MutatingWebhook, 'reinvocationPolicy'>> & { rules?: Rule[] };
/** kubernetes-types 1.30 drops the fields RuleWithOperations inlines from Rule. */
export type Rule = RuleWithOperations & { resources?: string[]; scope?: string };

const KINDS = ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'];

export const webhooksOf = (o: KubeObject): Webhook[] =>
  ((o as ValidatingWebhookConfiguration).webhooks ?? []) as Webhook[];

/** Whether `o` is a Validating- or MutatingWebhookConfiguration. */
export function isWebhookConfiguration(o: KubeObject): boolean {
  return KINDS.includes(o.kind ?? '');
}

/** SetDefaults_ValidatingWebhook / _MutatingWebhook, _Rule and _ServiceReference. */
export function defaultWebhookObject(o: KubeObject): boolean {
  if (!isWebhookConfiguration(o)) return false;
  for (const w of webhooksOf(o)) {
    w.failurePolicy ??= 'Fail';
    w.matchPolicy ??= 'Equivalent';
    w.namespaceSelector ??= {};
    w.objectSelector ??= {};
    w.timeoutSeconds ??= 10;
    if (o.kind === 'MutatingWebhookConfiguration') w.reinvocationPolicy ??= 'Never';
    for (const r of w.rules ?? []) r.scope ??= '*';
    const svc = w.clientConfig?.service;
    if (svc) svc.port ??= 443;
  }
  return true;
}
