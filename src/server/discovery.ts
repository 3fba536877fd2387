/**
 * API discovery as kube-apiserver serves it: `/api`, `/apis`, `/api/v1`, `/apis/<group>/<v>`
 * (k/k: staging/src/k8s.io/apiserver/pkg/endpoints/discovery) and aggregated discovery
 * (`Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList`,
 * k/k: endpoints/discovery/aggregated), built from the engine's resource table.
 */
import { RESOURCES, type ResourceInfo } from '../engine/api/resources';
import { KUBE_VERSION } from '../engine/kubectl/commands/version';

const RW_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS_VERBS = ['get', 'patch', 'update'];
/** Kinds in the `all` category (k/k: each strategy's Categories()). */
const ALL = new Set([
  'Pod',
  'Service',
  'Deployment',
  'ReplicaSet',
  'Job',
  'DaemonSet',
  'StatefulSet',
  'CronJob',
  'ReplicationController',
]);

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

function verbsOf(info: ResourceInfo): string[] {
  // Nodes, namespaces and events accept every verb; componentstatuses are not in the table.
  return info.kind === 'Namespace'
    ? RW_VERBS
    : [...RW_VERBS.slice(0, 2), 'deletecollection', ...RW_VERBS.slice(2)];
}

/** The group-versions served, core first. */
export function groupVersions(): string[] {
  return [...new Set(RESOURCES.map((r) => r.apiVersion))];
}

/** `GET /api`: APIVersions. */
export function apiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupOf(group: string): object {
  const versions = groupVersions()
    .filter((gv) => gv.startsWith(`${group}/`))
    .map((gv) => ({ groupVersion: gv, version: gv.slice(group.length + 1) }));
  return { name: group, versions, preferredVersion: versions[0] };
}

/** The named groups (not the core group). */
function groups(): string[] {
  return [...new Set(RESOURCES.map((r) => r.group).filter(Boolean))];
}

/** `GET /apis`: APIGroupList. */
export function apiGroupList(): object {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups().map(groupOf) };
}

/** `GET /apis/<group>`: APIGroup, or undefined for a group not served. */
export function apiGroup(group: string): object | undefined {
  return groups().includes(group)
    ? { kind: 'APIGroup', apiVersion: 'v1', ...groupOf(group) }
    : undefined;
}

/** `GET /api/v1`, `GET /apis/apps/v1`: APIResourceList, or undefined if not served. */
export function apiResourceList(groupVersion: string): object | undefined {
  const infos = RESOURCES.filter((r) => r.apiVersion === groupVersion);
  if (infos.length === 0) return undefined;
  const resources: object[] = [];
  for (const info of infos) {
    resources.push({
      name: info.plural,
      singularName: info.singular,
      namespaced: info.namespaced,
      kind: info.kind,
      verbs: verbsOf(info),
      ...(info.shortNames.length ? { shortNames: info.shortNames } : {}),
      ...(ALL.has(info.kind) ? { categories: ['all'] } : {}),
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
function groupDiscovery(group: string): object {
  const versions = groupVersions()
    .filter((gv) => (group ? gv.startsWith(`${group}/`) : !gv.includes('/')))
    .map((gv) => {
      const version = group ? gv.slice(group.length + 1) : gv;
      return {
        version,
        resources: RESOURCES.filter((r) => r.apiVersion === gv).map((info) => ({
          resource: info.plural,
          responseKind: { group: info.group, version: info.version, kind: info.kind },
          scope: info.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: info.singular,
          verbs: verbsOf(info),
          ...(info.shortNames.length ? { shortNames: info.shortNames } : {}),
          ...(ALL.has(info.kind) ? { categories: ['all'] } : {}),
          subresources: subresourcesOf(info).map((sub) => {
            const { gvk, verbs } = subresourceKind(info, sub);
            const kind = ['exec', 'attach', 'portforward'].includes(sub) ? streamKind(sub) : gvk[2];
            return {
              subresource: sub,
              responseKind: { group: gvk[0], version: gvk[1], kind },
              verbs,
            };
          }),
        })),
        freshness: 'Current',
      };
    });
  return { metadata: { name: group, creationTimestamp: null }, versions };
}

/** `GET /api` or `/apis` with the aggregated media type: APIGroupDiscoveryList. */
export function aggregatedDiscovery(core: boolean, apiVersion: 'v2' | 'v2beta1'): object {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${apiVersion}`,
    metadata: {},
    items: core ? [groupDiscovery('')] : groups().map(groupDiscovery),
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
