/**
 * The admission webhooks' calls (./webhook.ts has the plugins): which webhooks of the stored
 * configurations match a request, and how calling each fails offline. Loaded on demand
 * (../../onDemand.ts): only a learner's webhook configuration is ever called.
 */
import type {
  MutatingWebhook,
  ValidatingWebhookConfiguration,
} from 'kubernetes-types/admissionregistration/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { matchesLabelSelector } from '../../api/labels';
import type { KubeObject, Service, Status } from '../../api/types';
import { internal } from '../errors';
import type { AdmissionLookups, Attributes } from './interfaces';

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

/** Calls each matching webhook of `stored` configurations (of one kind, in name order). */
export function callWebhooks(
  stored: KubeObject[],
  a: Attributes,
  lookups: AdmissionLookups,
): Status | undefined {
  const configs = stored as ValidatingWebhookConfiguration[];
  for (const cfg of configs)
    for (const w of (cfg.webhooks ?? []) as Webhook[]) {
      if (!matches(w, a, lookups)) continue;
      const err = callError(w, lookups);
      if (err === undefined || w.failurePolicy === 'Ignore') continue;
      return internal(`failed calling webhook "${w.name}": failed to call webhook: ${err}`);
    }
  return undefined;
}
