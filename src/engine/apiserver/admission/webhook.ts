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
 * Service has ready endpoints lets the request through) and `matchConditions`, whose CEL is not
 * evaluated (a webhook with conditions is called as if they held).
 */
import type { KubeObject, Status } from '../../api/types';
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
  const configs = lookups.webhookConfigurations?.(kind) ?? [];
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

const PREFIXES: Record<string, string> = {
  '/registry/validatingwebhookconfigurations/': 'ValidatingWebhookConfiguration',
  '/registry/mutatingwebhookconfigurations/': 'MutatingWebhookConfiguration',
};

/**
 * The stored webhook configurations, kept from the API server's etcd watch (k/k: the plugins'
 * configuration informers), so a request does not scan every stored object. In name order, as
 * k/k sorts the configurations it calls.
 */
export class WebhookIndex {
  private readonly byKind = new Map<string, Map<string, KubeObject>>();

  /** An object was written (`obj`) or deleted (undefined) at `key`. */
  observe(key: string, obj: KubeObject | undefined): void {
    const slash = key.indexOf('/', 10);
    const kind = PREFIXES[key.slice(0, slash + 1)];
    if (!kind) return;
    let m = this.byKind.get(kind);
    if (!m) this.byKind.set(kind, (m = new Map()));
    if (obj) m.set(key, obj);
    else m.delete(key);
  }

  list(kind: string): KubeObject[] {
    const m = this.byKind.get(kind);
    return m ? [...m.keys()].sort().map((k) => m.get(k)!) : [];
  }
}
