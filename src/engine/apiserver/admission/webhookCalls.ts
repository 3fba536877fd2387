/**
 * The admission webhooks' calls (./webhook.ts has the plugins): which webhooks of the stored
 * configurations match a request (their matchConditions evaluated in CEL), and how calling each
 * fails offline. Loaded on demand
 * (../../onDemand.ts): only a learner's webhook configuration is ever called.
 */
import type {
  MutatingWebhook,
  ValidatingWebhookConfiguration,
} from 'kubernetes-types/admissionregistration/v1';
import type { KubeObject, Service, Status } from '../../api/types';
import { internal } from '../errors';
import type { AdmissionLookups, Attributes } from './interfaces';
import {
  isExemptAdmissionConfiguration,
  namespaceMatches,
  objectMatches,
  ruleMatches,
  type Rule,
} from './matching';
import { WEBHOOK_VARIABLES } from '../../cel/environments';
import { evaluateExpression, type CelEvalError } from '../../cel/run';
import { admissionRequest, matchConditions } from './policyEvaluation';

type Webhook = Omit<MutatingWebhook, 'rules'> & { rules?: Rule[] };

/** k/k: the rules, namespace and object matchers. */
function matches(w: Webhook, a: Attributes, lookups: AdmissionLookups): boolean {
  if (
    isExemptAdmissionConfiguration(a.resource.kind) ||
    !(w.rules ?? []).some((r) => ruleMatches(r, a))
  )
    return false;
  return namespaceMatches(w.namespaceSelector, a, lookups) && objectMatches(w.objectSelector, a);
}

/** The webhook's matchConditions, in CEL (matchconditions.Matcher). */
function conditionsHold(w: Webhook, a: Attributes): boolean | CelEvalError {
  const conditions = w.matchConditions ?? [];
  if (conditions.length === 0) return true;
  const vars = new Map<string, unknown>([
    ['object', a.object],
    ['oldObject', a.oldObject ?? null],
    ['request', admissionRequest(a)],
    ['authorizer', {}],
  ]);
  return matchConditions(conditions, (source) =>
    evaluateExpression(source, WEBHOOK_VARIABLES, vars),
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
      const matched = conditionsHold(w, a);
      if (matched === false) continue;
      if (matched !== true) {
        if (w.failurePolicy === 'Ignore') continue;
        return internal(
          `failed calling webhook "${w.name}": failed evaluating match conditions, failing closed ${w.name}: ${matched.message}`,
        );
      }
      const err = callError(w, lookups);
      if (err === undefined || w.failurePolicy === 'Ignore') continue;
      return internal(`failed calling webhook "${w.name}": failed to call webhook: ${err}`);
    }
  return undefined;
}
