/**
 * What `sim serve` serves, resource by resource and group-version by group-version: the engine's
 * resource table, the access reviews (answered by the engine's authorizer, never stored),
 * HorizontalPodAutoscalers at autoscaling/v1 as well as v2 (converted), and the resources of
 * CustomResourceDefinitions once the engine serves them. Discovery, OpenAPI and the URL parser
 * all read this one list, so what discovery shows is what the paths answer.
 */
import { RESOURCES, type ResourceInfo, resourceForPlural } from '../engine/api/resources';
import { HPA_V1 } from '../engine/api/hpaV1';
import type { Cluster } from '../engine/cluster';

/**
 * How a served resource reaches the engine: as itself (`builtin`), as an access review
 * (`review`), as a custom resource (`custom`: the request names its group) or as the stored
 * autoscaling/v2 object read and written as autoscaling/v1 (`hpa-v1`).
 */
export type ServedAs = 'builtin' | 'review' | 'custom' | 'hpa-v1';

export interface Served {
  /** The resource as this group-version serves it (its apiVersion is the URL's). */
  info: ResourceInfo;
  as: ServedAs;
  /** The verbs discovery lists. */
  verbs: string[];
}

const RW_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];
/** apiextensions-apiserver's discovery controller lists a custom resource's verbs in this order. */
const CUSTOM_VERBS = [
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'create',
  'update',
  'watch',
];

function builtinVerbs(info: ResourceInfo): string[] {
  // Namespaces have no deletecollection (k/k: pkg/registry/core/namespace/storage).
  return info.kind === 'Namespace' ? RW_VERBS.filter((v) => v !== 'deletecollection') : RW_VERBS;
}

function review(
  kind: string,
  apiVersion: string,
  plural: string,
  namespaced = false,
): ResourceInfo {
  const [group, version] = apiVersion.split('/');
  return {
    kind,
    apiVersion,
    group,
    version,
    plural,
    singular: '',
    shortNames: [],
    namespaced,
    etcdPrefix: '',
    subresources: [],
    kubectlType: `${kind.toLowerCase()}.${group}`,
  };
}

/**
 * authorization.k8s.io/v1 and authentication.k8s.io/v1's create-only reviews, as kube-apiserver
 * v1.31 lists them (k/k: pkg/registry/authorization/rest, pkg/registry/authentication/rest).
 * TokenReview is not served: the simulated cluster has no token authenticator to ask.
 */
export const REVIEWS: readonly ResourceInfo[] = [
  review('SelfSubjectReview', 'authentication.k8s.io/v1', 'selfsubjectreviews'),
  review('LocalSubjectAccessReview', 'authorization.k8s.io/v1', 'localsubjectaccessreviews', true),
  review('SelfSubjectAccessReview', 'authorization.k8s.io/v1', 'selfsubjectaccessreviews'),
  review('SelfSubjectRulesReview', 'authorization.k8s.io/v1', 'selfsubjectrulesreviews'),
  review('SubjectAccessReview', 'authorization.k8s.io/v1', 'subjectaccessreviews'),
];

const HPA = resourceForPlural('horizontalpodautoscalers')!;

/** Everything served now: built-ins first, then the reviews, autoscaling/v1, custom resources. */
export function servedResources(cluster: Cluster | undefined): Served[] {
  const out: Served[] = RESOURCES.map((info) => ({
    info,
    as: 'builtin',
    verbs: builtinVerbs(info),
  }));
  for (const info of REVIEWS) out.push({ info, as: 'review', verbs: ['create'] });
  out.push({ info: HPA_V1, as: 'hpa-v1', verbs: builtinVerbs(HPA) });
  for (const info of cluster?.api.customResources.discovery() ?? [])
    out.push({ info, as: 'custom', verbs: CUSTOM_VERBS });
  return out;
}

/**
 * The resource a URL's group-version and plural name, or undefined. A custom resource is served
 * once its names are accepted, as apiextensions-apiserver's crdHandler serves it (before discovery
 * lists it, which waits for Established).
 */
export function resolveResource(
  cluster: Cluster | undefined,
  apiVersion: string,
  plural: string,
): Served | undefined {
  const builtin = resourceForPlural(plural);
  if (builtin && builtin.apiVersion === apiVersion)
    return { info: builtin, as: 'builtin', verbs: builtinVerbs(builtin) };
  if (apiVersion === HPA_V1.apiVersion && plural === HPA_V1.plural)
    return { info: HPA_V1, as: 'hpa-v1', verbs: builtinVerbs(HPA) };
  const r = REVIEWS.find((x) => x.apiVersion === apiVersion && x.plural === plural);
  if (r) return { info: r, as: 'review', verbs: ['create'] };
  const slash = apiVersion.indexOf('/');
  if (slash < 0 || !cluster) return undefined;
  const custom = cluster.api.customResources.lookup(plural, apiVersion.slice(0, slash));
  const info = custom?.store.info;
  if (!info || info.apiVersion !== apiVersion) return undefined;
  return { info, as: 'custom', verbs: CUSTOM_VERBS };
}
