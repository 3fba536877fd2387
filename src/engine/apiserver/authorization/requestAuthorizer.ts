/**
 * The parts of kube-apiserver's handler chain that can refuse a request here: impersonation
 * (`kubectl --as`), checked and then authorized with RBAC as the impersonated user.
 * Requests the cluster's own components and the learner's kubeconfig make are always allowed, as
 * the bootstrap roles and kubeadm's `kubeadm:cluster-admins` binding allow them on a kind cluster
 * (their decisions are not evaluated, so the trace of an ordinary request is unchanged).
 * k/k: staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation.go, authorization.go.
 */
import { resourceForPlural } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import * as errors from '../errors';
import type { ApiRequest, ApiResponse, UserInfo } from '../types';
import {
  authorize,
  forbiddenMessage,
  impersonatedUser,
  type Attributes,
  type Binding,
  type RbacObjects,
} from './rbac';

/** The RBAC objects as the API server's watch cache holds them (by etcd key). */
export function rbacObjects(objects: ReadonlyMap<string, { obj: KubeObject }>): RbacObjects {
  const under = (prefix: string) => {
    const out: KubeObject[] = [];
    for (const [k, v] of objects) if (k.startsWith(prefix)) out.push(v.obj);
    return out;
  };
  return {
    clusterRoleBindings: () => under('/registry/clusterrolebindings/') as unknown as Binding[],
    roleBindings: (ns) => under(`/registry/rolebindings/${ns}/`) as unknown as Binding[],
    clusterRole: (name) => objects.get(`/registry/clusterroles/${name}`)?.obj as never,
    role: (ns, name) => objects.get(`/registry/roles/${ns}/${name}`)?.obj as never,
  };
}

/** The request's verb as the authorizer sees it (RequestInfo: POST is create, GET list or get…). */
function authorizerVerb(req: ApiRequest): string {
  if (req.verb === 'apply') return 'patch';
  if (req.verb === 'list' && req.name) return 'get';
  return req.verb;
}

/** The attributes of a request by `user` (RequestInfoFactory). */
export function attributesOf(req: ApiRequest, user: UserInfo): Attributes {
  const info = resourceForPlural(req.resource);
  return {
    user,
    verb: authorizerVerb(req),
    resourceRequest: true,
    apiGroup: req.group ?? info?.group ?? '',
    resource: req.resource,
    subresource: req.subresource ?? '',
    namespace: info?.namespaced === false ? '' : (req.namespace ?? ''),
    name: req.name ?? '',
  };
}

/**
 * The user a request acts as: its own, or the one it impersonates once the requester may. A
 * refusal is the reply to send instead.
 */
export function impersonate(
  req: ApiRequest,
  requester: UserInfo,
  objects: RbacObjects,
): { user: UserInfo } | { refuse: ApiResponse } {
  const imp = req.impersonate;
  if (!imp) return { user: requester };
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(imp.user);
  const checks: Attributes[] = [
    sa
      ? {
          user: requester,
          verb: 'impersonate',
          resourceRequest: true,
          apiGroup: '',
          resource: 'serviceaccounts',
          namespace: sa[1],
          name: sa[2],
        }
      : {
          user: requester,
          verb: 'impersonate',
          resourceRequest: true,
          apiGroup: '',
          resource: 'users',
          name: imp.user,
        },
    ...(imp.groups ?? []).map((g): Attributes => ({
      user: requester,
      verb: 'impersonate',
      resourceRequest: true,
      apiGroup: '',
      resource: 'groups',
      name: g,
    })),
  ];
  for (const a of checks) {
    const d = authorize(a, objects);
    if (!d.allowed) return { refuse: forbidden(a, d.reason) };
  }
  return { user: impersonatedUser(imp.user, imp.groups ?? []) };
}

/** responsewriters.Forbidden: the message, then the authorizer's reason if it gave one. */
export function forbidden(a: Attributes, reason: string): ApiResponse {
  const detail = reason ? `${forbiddenMessage(a)}: ${reason}` : forbiddenMessage(a);
  const info = { plural: a.resource ?? '', group: a.apiGroup ?? '' } as never;
  return { code: 403, body: errors.forbidden(info, a.name ?? '', detail) };
}
