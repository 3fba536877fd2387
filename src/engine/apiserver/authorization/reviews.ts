/**
 * authorization.k8s.io/v1's review resources, which are created and answered, never stored:
 * SelfSubjectAccessReview (`kubectl auth can-i`), SubjectAccessReview (another user's access),
 * SelfSubjectRulesReview (`kubectl auth can-i --list`).
 * k/k: pkg/registry/authorization/selfsubjectaccessreview/rest.go, subjectaccessreview/rest.go,
 * selfsubjectrulesreview/rest.go. Loaded on demand (../../onDemand.ts): only kubectl asks.
 */
import type { KubeObject } from '../../api/types';
import * as errors from '../errors';
import type { ApiRequest, ApiResponse, UserInfo } from '../types';
import { authorize, rulesFor, type Attributes, type PolicyRule, type RbacObjects } from './rbac';

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

interface AccessReviewSpec {
  resourceAttributes?: ResourceAttributes;
  nonResourceAttributes?: { path?: string; verb?: string };
  user?: string;
  groups?: string[];
}

const KIND: Record<string, string> = {
  selfsubjectaccessreviews: 'SelfSubjectAccessReview',
  subjectaccessreviews: 'SubjectAccessReview',
  selfsubjectrulesreviews: 'SelfSubjectRulesReview',
  selfsubjectreviews: 'SelfSubjectReview',
};

/** The review's answer: the object sent back with its status filled in (201 Created). */
export function review(req: ApiRequest, user: UserInfo, objects: RbacObjects): ApiResponse {
  if (req.verb !== 'create')
    return {
      code: 405,
      body: errors.methodNotAllowed(
        `the server does not allow this method on the requested resource`,
      ),
    };
  const body = (req.body ?? {}) as KubeObject & {
    spec?: AccessReviewSpec & { namespace?: string };
  };
  const spec = body.spec ?? {};
  const out = {
    kind: KIND[req.resource],
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
  } as unknown as KubeObject & Record<string, unknown>;
  if (req.resource === 'selfsubjectreviews') {
    // k/k: pkg/registry/authentication/selfsubjectreview/rest.go: who the request came from.
    return {
      code: 201,
      body: {
        kind: 'SelfSubjectReview',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { creationTimestamp: null },
        status: { userInfo: { username: user.username, groups: user.groups } },
      } as unknown as KubeObject,
    };
  }
  if (req.resource === 'selfsubjectrulesreviews') {
    const ns = spec.namespace ?? '';
    const { rules, errors: errs } = rulesFor(user, ns, objects);
    const resourceRules = rules
      .filter((r) => !r.nonResourceURLs?.length)
      .map((r: PolicyRule) => ({
        verbs: r.verbs ?? [],
        ...(r.apiGroups ? { apiGroups: r.apiGroups } : {}),
        ...(r.resources ? { resources: r.resources } : {}),
        ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}),
      }));
    const nonResourceRules = rules
      .filter((r) => r.nonResourceURLs?.length)
      .map((r) => ({ verbs: r.verbs ?? [], nonResourceURLs: r.nonResourceURLs }));
    out.status = {
      resourceRules,
      nonResourceRules,
      incomplete: errs.length > 0,
      ...(errs.length
        ? { evaluationError: errs.length === 1 ? errs[0] : `[${errs.join(', ')}]` }
        : {}),
    };
    return { code: 201, body: out };
  }
  const subject =
    req.resource === 'subjectaccessreviews'
      ? { username: spec.user ?? '', groups: spec.groups ?? [] }
      : user;
  if (req.resource === 'subjectaccessreviews' && !spec.user && !spec.groups?.length)
    return {
      code: 422,
      body: errors.invalid(
        { plural: 'subjectaccessreviews', group: 'authorization.k8s.io' } as never,
        '',
        'SubjectAccessReview.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified',
      ),
    };
  const ra = spec.resourceAttributes;
  const nra = spec.nonResourceAttributes;
  const attrs: Attributes = ra
    ? {
        user: subject,
        verb: ra.verb ?? '',
        resourceRequest: true,
        apiGroup: ra.group ?? '',
        resource: ra.resource ?? '',
        subresource: ra.subresource ?? '',
        namespace: ra.namespace ?? '',
        name: ra.name ?? '',
      }
    : { user: subject, verb: nra?.verb ?? '', resourceRequest: false, path: nra?.path ?? '' };
  const decision = authorize(attrs, objects);
  out.status = {
    allowed: decision.allowed,
    ...(decision.reason ? { reason: decision.reason } : {}),
  };
  return { code: 201, body: out };
}
