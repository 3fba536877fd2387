/**
 * What `sim serve` serves, resource by resource and group-version by group-version: the engine's
 * resource table, the access reviews (answered by the engine's authorizer, never stored),
 * HorizontalPodAutoscalers at autoscaling/v1 as well as v2 (converted), and the resources of
 * CustomResourceDefinitions once the engine serves them. Discovery, OpenAPI and the URL parser
 * all read this one list, so what discovery shows is what the paths answer.
 */
import {
  RESOURCES,
  resourceForPlural,
  resourceVerbs,
  type ResourceInfo,
} from '../engine/api/resources';
import { COMPONENT_STATUS } from '../engine/kubectl/commands/resources';
import { HPA_V1 } from '../engine/api/hpaV1';
import { REVIEWS } from '../engine/api/reviews';
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
const builtinVerbs = resourceVerbs;
/** ComponentStatus (deprecated): read-only, answered from the components' health, not stored. */
const COMPONENT_STATUS_VERBS = ['get', 'list'];

const HPA = resourceForPlural('horizontalpodautoscalers')!;

/** Everything served now: built-ins first, then the reviews, autoscaling/v1, custom resources. */
export function servedResources(cluster: Cluster | undefined): Served[] {
  const out: Served[] = RESOURCES.map((info) => ({
    info,
    as: 'builtin',
    verbs: builtinVerbs(info),
  }));
  out.push({ info: COMPONENT_STATUS, as: 'builtin', verbs: COMPONENT_STATUS_VERBS });
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
  if (apiVersion === 'v1' && plural === COMPONENT_STATUS.plural)
    return { info: COMPONENT_STATUS, as: 'builtin', verbs: COMPONENT_STATUS_VERBS };
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
