/**
 * Validation of the admission webhook configurations, ValidatingWebhookConfiguration and
 * MutatingWebhookConfiguration (admissionregistration.k8s.io/v1). k/k (v1.31):
 * pkg/apis/admissionregistration/validation/validation.go and
 * staging/src/k8s.io/apiserver/pkg/util/webhook/validation.go. The texts are the API server's.
 * The matchConditions' CEL expressions must compile (../cel). Loaded on demand (only a learner
 * creates a webhook configuration); the defaults are in ./webhookdefaults.
 */
import { duplicate, invalid, notSupported, required, type FieldError } from './fielderrors';
import { dns1035LabelErrors, dns1123SubdomainErrors, portNumErrors } from './names';
import type { KubeObject } from './types';
import { validateLabelSelector } from './workloadvalidation';
import { onDemand } from '../onDemand';
import { isWebhookConfiguration, webhooksOf, type Webhook, type Rule } from './webhookdefaults';

/** k/k: AcceptedAdmissionReviewVersions of v1.31. */
const REVIEW_VERSIONS = ['v1', 'v1beta1'];

/** The field errors of a webhook configuration (undefined: not one). */
export function validateWebhookObject(o: KubeObject): FieldError[] | undefined {
  if (!isWebhookConfiguration(o)) return undefined;
  const errs: FieldError[] = [];
  const names = new Set<string>();
  webhooksOf(o).forEach((w, i) => {
    const p = `webhooks[${i}]`;
    errs.push(...validateWebhook(w, p, o.kind === 'MutatingWebhookConfiguration'));
    errs.push(...validateReviewVersions(w.admissionReviewVersions, `${p}.admissionReviewVersions`));
    if (w.name) {
      if (names.has(w.name)) errs.push(duplicate(`${p}.name`, w.name));
      names.add(w.name);
    }
  });
  return errs;
}

/** k/k: utilvalidation.IsFullyQualifiedName. */
function fullyQualifiedName(name: string | undefined, p: string): FieldError[] {
  if (!name) return [required(p)];
  const errs = dns1123SubdomainErrors(name);
  if (errs.length) return [invalid(p, name, errs.join(','))];
  if (name.split('.').length < 3)
    return [invalid(p, name, 'should be a domain with at least three segments separated by dots')];
  return [];
}

/** k/k: validateValidatingWebhook / validateMutatingWebhook. */
function validateWebhook(w: Webhook, p: string, mutating: boolean): FieldError[] {
  const errs = fullyQualifiedName(w.name, `${p}.name`);
  (w.rules ?? []).forEach((r, i) => errs.push(...validateRule(r, `${p}.rules[${i}]`)));
  if (w.failurePolicy && !['Fail', 'Ignore'].includes(w.failurePolicy))
    errs.push(notSupported(`${p}.failurePolicy`, w.failurePolicy, ['Fail', 'Ignore']));
  if (w.matchPolicy && !['Equivalent', 'Exact'].includes(w.matchPolicy))
    errs.push(notSupported(`${p}.matchPolicy`, w.matchPolicy, ['Equivalent', 'Exact']));
  // v1 allows only webhooks without side effects (requireNoSideEffects).
  const sideEffects = ['None', 'NoneOnDryRun'];
  if (w.sideEffects === undefined || w.sideEffects === null)
    errs.push(required(`${p}.sideEffects`, `must specify one of ${sideEffects.join(', ')}`));
  else if (!sideEffects.includes(w.sideEffects))
    errs.push(notSupported(`${p}.sideEffects`, w.sideEffects, sideEffects));
  const t = w.timeoutSeconds;
  if (t !== undefined && (t > 30 || t < 1))
    errs.push(
      invalid(`${p}.timeoutSeconds`, t, 'the timeout value must be between 1 and 30 seconds'),
    );
  if (w.namespaceSelector)
    errs.push(...validateLabelSelector(w.namespaceSelector, `${p}.namespaceSelector`));
  if (w.objectSelector)
    errs.push(...validateLabelSelector(w.objectSelector, `${p}.objectSelector`));
  if (mutating && w.reinvocationPolicy && !['IfNeeded', 'Never'].includes(w.reinvocationPolicy))
    errs.push(notSupported(`${p}.reinvocationPolicy`, w.reinvocationPolicy, ['IfNeeded', 'Never']));
  (w.matchConditions ?? []).forEach((c, i) => {
    const path = `${p}.matchConditions[${i}].expression`;
    if (!c.expression) return errs.push(required(path, ''));
    const r = onDemand().compileWebhookCondition(c.expression);
    if ('error' in r) errs.push(invalid(path, c.expression, r.error));
  });
  const cc = w.clientConfig ?? {};
  const cp = `${p}.clientConfig`;
  if ((cc.url === undefined) === (cc.service === undefined))
    errs.push(required(cp, 'exactly one of url or service is required'));
  else if (cc.url !== undefined) errs.push(...validateURL(cc.url, `${cp}.url`));
  else if (cc.service) {
    const s = cc.service;
    if (!s.name) errs.push(required(`${cp}.service.name`, 'service name is required'));
    if (!s.namespace)
      errs.push(required(`${cp}.service.namespace`, 'service namespace is required'));
    const port = s.port ?? 443;
    const bad = portNumErrors(port);
    if (bad.length)
      errs.push(invalid(`${cp}.service.port`, port, `port is not valid: ${bad.join(', ')}`));
    if (s.path && s.path !== '/' && !s.path.startsWith('/'))
      errs.push(invalid(`${cp}.service.path`, s.path, "must start with a '/'"));
  }
  return errs;
}

/** k/k: webhook.ValidateWebhookURL with forceHttps. */
function validateURL(raw: string, p: string): FieldError[] {
  const form = '; desired format: https://host[/path]';
  const m =
    /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(raw);
  const [, scheme = '', authority = '', , query, fragment] = m ?? [];
  const errs: FieldError[] = [];
  if (scheme !== 'https')
    errs.push(invalid(p, scheme, `'https' is the only allowed URL scheme${form}`));
  const at = authority.lastIndexOf('@');
  const host = at < 0 ? authority : authority.slice(at + 1);
  if (!host) errs.push(invalid(p, host, `host must be specified${form}`));
  if (at >= 0)
    errs.push(invalid(p, authority.slice(0, at), 'user information is not permitted in the URL'));
  if (fragment) errs.push(invalid(p, fragment, 'fragments are not permitted in the URL'));
  if (query) errs.push(invalid(p, query, 'query parameters are not permitted in the URL'));
  return errs;
}

/** k/k: validateRuleWithOperations and validateRule (subresources allowed). */
function validateRule(r: Rule, p: string): FieldError[] {
  const errs: FieldError[] = [];
  const ops = r.operations ?? [];
  const supported = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];
  if (!ops.length) errs.push(required(`${p}.operations`));
  if (ops.length > 1 && ops.includes('*'))
    errs.push(
      invalid(`${p}.operations`, ops, "if '*' is present, must not specify other operations"),
    );
  ops.forEach((op, i) => {
    if (!supported.includes(op)) errs.push(notSupported(`${p}.operations[${i}]`, op, supported));
  });
  const groups = r.apiGroups ?? [];
  if (!groups.length) errs.push(required(`${p}.apiGroups`));
  if (groups.length > 1 && groups.includes('*'))
    errs.push(
      invalid(`${p}.apiGroups`, groups, "if '*' is present, must not specify other API groups"),
    );
  const versions = r.apiVersions ?? [];
  if (!versions.length) errs.push(required(`${p}.apiVersions`));
  if (versions.length > 1 && versions.includes('*'))
    errs.push(
      invalid(
        `${p}.apiVersions`,
        versions,
        "if '*' is present, must not specify other API versions",
      ),
    );
  versions.forEach((v, i) => {
    if (!v) errs.push(required(`${p}.apiVersions[${i}]`));
  });
  const resources = r.resources ?? [];
  if (!resources.length) errs.push(required(`${p}.resources`));
  resources.forEach((res, i) => {
    if (!res) errs.push(required(`${p}.resources[${i}]`));
  });
  if (resources.length > 1 && resources.includes('*'))
    errs.push(
      invalid(
        `${p}.resources`,
        resources,
        "if '*' is present, must not specify other resources without subresources",
      ),
    );
  const scopes = ['*', 'Cluster', 'Namespaced'];
  if (r.scope && !scopes.includes(r.scope)) errs.push(notSupported(`${p}.scope`, r.scope, scopes));
  return errs;
}

/** k/k: validateAdmissionReviewVersions (a recognised version required). */
function validateReviewVersions(versions: string[] | undefined, p: string): FieldError[] {
  if (!versions?.length) return [required(p, `must specify one of ${REVIEW_VERSIONS.join(', ')}`)];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    if (seen.has(v)) return void errs.push(invalid(`${p}[${i}]`, v, 'duplicate version'));
    seen.add(v);
    for (const msg of dns1035LabelErrors(v)) errs.push(invalid(`${p}[${i}]`, v, msg));
  });
  if (!versions.some((v) => REVIEW_VERSIONS.includes(v)))
    errs.push(invalid(p, versions, `must include at least one of ${REVIEW_VERSIONS.join(', ')}`));
  return errs;
}
