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
import type {
  MutatingWebhook,
  ValidatingWebhookConfiguration,
} from 'kubernetes-types/admissionregistration/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { matchesLabelSelector } from '../../api/labels';
import type { KubeObject, Service, Status } from '../../api/types';
import { internal } from '../errors';
import type { AdmissionLookups, Attributes, MutatingPlugin, ValidatingPlugin } from './interfaces';

type Webhook = Omit<MutatingWebhook, 'rules'> & {
  rules?: {
    operations?: string[];
    apiGroups?: string[];
    apiVersions?: string[];
    resources?: string[];
    scope?: string;
  }[];
};

/** k/k: rules.IsExemptAdmissionConfigurationResource — webhooks never see these. */
const EXEMPT = new Set([
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
]);

const has = (list: string[] | undefined, v: string) =>
  !!list && (list.includes('*') || list.includes(v));

/** k/k: rules.Matcher — operation, group, version, resource (subresources: none here), scope. */
function ruleMatches(w: Webhook, a: Attributes): boolean {
  return (w.rules ?? []).some((r) => {
    const scope = r.scope ?? '*';
    if (scope === 'Cluster' && a.resource.namespaced) return false;
    if (scope === 'Namespaced' && !a.resource.namespaced) return false;
    return (
      has(r.operations, a.operation) &&
      has(r.apiGroups, a.resource.group) &&
      has(r.apiVersions, a.resource.version) &&
      has(r.resources, a.resource.plural)
    );
  });
}

/** A selector that is absent or empty selects everything. */
function selects(sel: LabelSelector | undefined, labels: Record<string, string>): boolean {
  return !sel || matchesLabelSelector(labels, sel);
}

/** k/k: namespace.Matcher and object.Matcher. */
function matches(w: Webhook, a: Attributes, lookups: AdmissionLookups): boolean {
  if (EXEMPT.has(a.resource.kind) || !ruleMatches(w, a)) return false;
  // The namespace selector is not applied to cluster-scoped objects (Namespaces match on their
  // own labels).
  if (a.resource.kind === 'Namespace') {
    if (!selects(w.namespaceSelector, a.object.metadata?.labels ?? {})) return false;
  } else if (a.resource.namespaced && a.namespace) {
    const ns = lookups.namespace(a.namespace);
    if (!selects(w.namespaceSelector, ns?.metadata?.labels ?? {})) return false;
  }
  return (
    selects(w.objectSelector, a.object.metadata?.labels ?? {}) ||
    (!!a.oldObject && selects(w.objectSelector, a.oldObject.metadata?.labels ?? {}))
  );
}

/**
 * Why calling the webhook fails before it can answer, or undefined when the call would reach a
 * server (k/k: the rest client's `Post "<url>?timeout=10s": <cause>`).
 */
function callError(w: Webhook, lookups: AdmissionLookups): string | undefined {
  const cc = w.clientConfig ?? {};
  const timeout = `?timeout=${w.timeoutSeconds ?? 10}s`;
  if (cc.url !== undefined) {
    const host = /^[a-z]+:\/\/([^/:?#]*)/i.exec(cc.url)?.[1] ?? '';
    // No DNS outside the cluster is reachable offline.
    return `Post "${cc.url}${cc.url.includes('?') ? '&' : timeout}": dial tcp: lookup ${host}: no such host`;
  }
  const ref = cc.service;
  if (!ref) return undefined;
  const port = ref.port ?? 443;
  const url = `https://${ref.name}.${ref.namespace}.svc:${port}${ref.path ?? '/'}${timeout}`;
  const svc = lookups.object?.(`/registry/services/specs/${ref.namespace}/${ref.name}`) as
    Service | undefined;
  if (!svc) return `Post "${url}": service "${ref.name}" not found`;
  const spec = svc.spec ?? {};
  if (spec.type === 'ExternalName')
    return `Post "${url}": dial tcp: lookup ${spec.externalName ?? ''}: no such host`;
  if (spec.clusterIP === 'None')
    return `Post "${url}": cannot route to service with ClusterIP "None"`;
  if (!(spec.ports ?? []).some((p) => p.port === port))
    return `Post "${url}": no service port ${port} found for service "${ref.name}"`;
  // kube-proxy rejects a connection to a ClusterIP without ready endpoints.
  const ep = lookups.object?.(`/registry/services/endpoints/${ref.namespace}/${ref.name}`) as
    { subsets?: { addresses?: unknown[] }[] } | undefined;
  if (!ep?.subsets?.some((s) => s.addresses?.length))
    return `Post "${url}": dial tcp ${spec.clusterIP ?? ''}:${port}: connect: connection refused`;
  return undefined;
}

/** Call each matching webhook of the configurations of `kind`, in name order. */
function dispatch(
  kind: 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration',
  a: Attributes,
  lookups: AdmissionLookups,
): Status | undefined {
  const configs = (lookups.webhookConfigurations?.(kind) ?? []) as ValidatingWebhookConfiguration[];
  for (const cfg of configs)
    for (const w of (cfg.webhooks ?? []) as Webhook[]) {
      if (!matches(w, a, lookups)) continue;
      const err = callError(w, lookups);
      if (err === undefined || w.failurePolicy === 'Ignore') continue;
      return internal(`failed calling webhook "${w.name}": failed to call webhook: ${err}`);
    }
  return undefined;
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
