/**
 * API discovery as kube-apiserver serves it: `/api`, `/apis`, `/api/v1`, `/apis/<group>/<v>`
 * (k/k: staging/src/k8s.io/apiserver/pkg/endpoints/discovery) and aggregated discovery
 * (`Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList`,
 * k/k: endpoints/discovery/aggregated), built from the engine's resource table.
 */
import { CATEGORY_ALL, type ResourceInfo } from '../engine/api/resources';
import type { Cluster } from '../engine/cluster';
import { KUBE_VERSION } from '../engine/kubectl/commands/version';
import { servedResources, type Served } from './served';

const STATUS_VERBS = ['get', 'patch', 'update'];
/** What a subresource is and does: its kind's group-version-kind and verbs. */
function subresourceKind(
  info: ResourceInfo,
  sub: string,
): { gvk: [string, string, string]; verbs: string[] } {
  switch (sub) {
    case 'status':
      return { gvk: [info.group, info.version, info.kind], verbs: STATUS_VERBS };
    case 'scale':
      return { gvk: ['autoscaling', 'v1', 'Scale'], verbs: STATUS_VERBS };
    case 'binding':
      return { gvk: ['', 'v1', 'Binding'], verbs: ['create'] };
    case 'eviction':
      return { gvk: ['policy', 'v1', 'Eviction'], verbs: ['create'] };
    case 'log':
      return { gvk: ['', 'v1', 'Pod'], verbs: ['get'] };
    default:
      return { gvk: ['', 'v1', sub], verbs: ['create', 'get'] };
  }
}

/** A pod's stream subresources: listed as the real server lists them, answered with 501. */
function subresourcesOf(info: ResourceInfo): string[] {
  return info.kind === 'Pod'
    ? [...info.subresources, 'exec', 'attach', 'portforward']
    : info.subresources;
}

function streamKind(sub: string): string {
  return (
    { exec: 'PodExecOptions', attach: 'PodAttachOptions', portforward: 'PodPortForwardOptions' }[
      sub
    ] ?? sub
  );
}

/** A resource's categories: `all` for the workloads, a CRD's own (`spec.names.categories`). */
function categoriesOf(s: Served): string[] {
  if (s.as === 'custom') return [...(s.info.crd?.spec.names.categories ?? [])];
  return CATEGORY_ALL.has(s.info.kind) ? ['all'] : [];
}

/** The group-versions served, core first, each group's preferred version before the others. */
export function groupVersions(cluster?: Cluster): string[] {
  const served = servedResources(cluster);
  const out: string[] = [];
  for (const g of groupsOf(served, true))
    for (const s of served)
      if (s.info.group === g && !out.includes(s.info.apiVersion)) out.push(s.info.apiVersion);
  return out;
}

/** `GET /api`: APIVersions. */
export function apiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** The groups in the order discovery lists them (the core group first when asked for). */
function groupsOf(served: Served[], core = false): string[] {
  return [...new Set(served.map((s) => s.info.group).filter((g) => core || g !== ''))];
}

function groupOf(served: Served[], group: string): object {
  const versions = [
    ...new Set(served.filter((s) => s.info.group === group).map((s) => s.info.version)),
  ].map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { name: group, versions, preferredVersion: versions[0] };
}

/** `GET /apis`: APIGroupList. */
export function apiGroupList(cluster?: Cluster): object {
  const served = servedResources(cluster);
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupsOf(served).map((g) => groupOf(served, g)),
  };
}

/** `GET /apis/<group>`: APIGroup, or undefined for a group not served. */
export function apiGroup(group: string, cluster?: Cluster): object | undefined {
  const served = servedResources(cluster);
  return groupsOf(served).includes(group)
    ? { kind: 'APIGroup', apiVersion: 'v1', ...groupOf(served, group) }
    : undefined;
}

/** `GET /api/v1`, `GET /apis/apps/v1`: APIResourceList, or undefined if not served. */
export function apiResourceList(groupVersion: string, cluster?: Cluster): object | undefined {
  const infos = servedResources(cluster).filter((s) => s.info.apiVersion === groupVersion);
  if (infos.length === 0) return undefined;
  const resources: object[] = [];
  for (const s of infos) {
    const { info } = s;
    const categories = categoriesOf(s);
    resources.push({
      name: info.plural,
      singularName: info.singular,
      namespaced: info.namespaced,
      kind: info.kind,
      verbs: s.verbs,
      ...(info.shortNames.length ? { shortNames: info.shortNames } : {}),
      ...(categories.length ? { categories } : {}),
    });
    for (const sub of subresourcesOf(info)) {
      const { gvk, verbs } = subresourceKind(info, sub);
      const kind = ['exec', 'attach', 'portforward'].includes(sub) ? streamKind(sub) : gvk[2];
      resources.push({
        name: `${info.plural}/${sub}`,
        singularName: '',
        namespaced: info.namespaced,
        ...(gvk[0] !== info.group || gvk[1] !== info.version
          ? { group: gvk[0], version: gvk[1] }
          : {}),
        kind,
        verbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}

/** One group's APIGroupDiscovery (aggregated discovery v2). */
function groupDiscovery(served: Served[], group: string): object {
  const versions = [
    ...new Set(served.filter((s) => s.info.group === group).map((s) => s.info.version)),
  ].map((version) => ({
    version,
    resources: served
      .filter((s) => s.info.group === group && s.info.version === version)
      .map((s) => {
        const { info } = s;
        const categories = categoriesOf(s);
        return {
          resource: info.plural,
          responseKind: { group: info.group, version: info.version, kind: info.kind },
          scope: info.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: info.singular,
          verbs: s.verbs,
          ...(info.shortNames.length ? { shortNames: info.shortNames } : {}),
          ...(categories.length ? { categories } : {}),
          ...(subresourcesOf(info).length
            ? {
                subresources: subresourcesOf(info).map((sub) => {
                  const { gvk, verbs } = subresourceKind(info, sub);
                  const kind = ['exec', 'attach', 'portforward'].includes(sub)
                    ? streamKind(sub)
                    : gvk[2];
                  return {
                    subresource: sub,
                    responseKind: { group: gvk[0], version: gvk[1], kind },
                    verbs,
                  };
                }),
              }
            : {}),
        };
      }),
    freshness: 'Current',
  }));
  return { metadata: { name: group, creationTimestamp: null }, versions };
}

/** `GET /api` or `/apis` with the aggregated media type: APIGroupDiscoveryList. */
export function aggregatedDiscovery(
  core: boolean,
  apiVersion: 'v2' | 'v2beta1',
  cluster?: Cluster,
): object {
  const served = servedResources(cluster);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${apiVersion}`,
    metadata: {},
    items: core
      ? [groupDiscovery(served, '')]
      : groupsOf(served).map((g) => groupDiscovery(served, g)),
  };
}

/** `GET /version` (k/k: version.Info). */
export function versionInfo(): object {
  return {
    major: '1',
    minor: KUBE_VERSION.split('.')[1],
    gitVersion: KUBE_VERSION,
    // The release's commit and build date, as our kubectl's `version` prints them.
    gitCommit: 'a78aa47129b8539636eb86a9d00e31b2720fe06b',
    gitTreeState: 'clean',
    buildDate: '2024-12-10T11:43:21Z',
    goVersion: 'go1.22.9',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}
