/**
 * kube-apiserver's URL layout (k/k: staging/src/k8s.io/apiserver/pkg/endpoints/request/
 * requestinfo.go RequestInfoFactory.NewRequestInfo): which resource, namespace, name and
 * subresource a path names, and which verb the method and query make of it.
 */
import type { ResourceInfo } from '../engine/api/resources';
import type { Cluster } from '../engine/cluster';
import { resolveResource, type ServedAs } from './served';

/** A request for a resource, as RequestInfo describes it. */
export interface ResourcePath {
  info: ResourceInfo;
  /** How the engine serves it (see served.ts). */
  as: ServedAs;
  /** Empty for a cluster-scoped resource or a list across namespaces. */
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The legacy `/api/v1/watch/...` prefix. */
  watchPrefix: boolean;
}

/** Why a path names no resource: unknown group/version, or unknown resource. */
export type PathError = { notFound: string };

/** `/api/v1`, `/apis/apps/v1`: the group-version prefix of a path, and the rest of its parts. */
function splitGroupVersion(parts: string[]): { apiVersion: string; rest: string[] } | undefined {
  if (parts[0] === 'api' && parts[1] === 'v1') return { apiVersion: 'v1', rest: parts.slice(2) };
  if (parts[0] === 'apis' && parts.length >= 3)
    return { apiVersion: `${parts[1]}/${parts[2]}`, rest: parts.slice(3) };
  return undefined;
}

/**
 * Parse a resource path: `/api/v1/namespaces/default/pods/web/log`,
 * `/apis/apps/v1/deployments`, `/api/v1/nodes/worker-1/status`, `/api/v1/watch/pods`.
 * Returns undefined when the path is not a resource path at all (discovery, OpenAPI).
 */
export function parseResourcePath(
  pathname: string,
  cluster?: Cluster,
): ResourcePath | PathError | undefined {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const gv = splitGroupVersion(parts);
  if (!gv || gv.rest.length === 0) return undefined;
  let rest = gv.rest;
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  // `namespaces/<ns>/<resource>...`; `namespaces/<ns>` alone (or `/status`) is the Namespace.
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    rest[2] !== 'status' &&
    rest[2] !== 'finalize'
  ) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource, ...extra] = rest;
  const served = resolveResource(cluster, gv.apiVersion, plural);
  if (!served || extra.length > 0)
    return { notFound: `the server could not find the requested resource` };
  const { info, as } = served;
  if (namespace !== undefined && !info.namespaced)
    return { notFound: `the server could not find the requested resource` };
  return { info, as, namespace, name, subresource, watchPrefix };
}
