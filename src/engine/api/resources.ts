import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1';

/**
 * The API's resource table: for each supported kind, its group/version, plural, short names,
 * whether it is namespaced, and where it lives in etcd (k/k: the storage layout of kube-apiserver).
 */
export interface ResourceInfo {
  kind: string;
  /** `v1`, `apps/v1`, `batch/v1`… */
  apiVersion: string;
  group: string;
  version: string;
  /** Lower-case plural used in URLs and RBAC: `pods`, `deployments`. */
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  /** etcd prefix without a trailing slash: `/registry/pods`. */
  etcdPrefix: string;
  /** Subresources served for this resource. */
  subresources: string[];
  /** The name kubectl prints in `kind.group/name` (`deployment.apps`, `pod`). */
  kubectlType: string;
  /** crd: a custom resource's definition (its schema, printer columns, versions). */
  crd?: CustomResourceDefinition;
}

function r(
  kind: string,
  apiVersion: string,
  plural: string,
  shortNames: string[],
  namespaced: boolean,
  etcdPrefix: string,
  subresources: string[] = [],
): ResourceInfo {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const singular = kind.toLowerCase();
  return {
    kind,
    apiVersion,
    group,
    version,
    plural,
    singular,
    shortNames,
    namespaced,
    etcdPrefix,
    subresources,
    kubectlType: group ? `${singular}.${group}` : singular,
  };
}

export const RESOURCES: readonly ResourceInfo[] = [
  r('Namespace', 'v1', 'namespaces', ['ns'], false, '/registry/namespaces', ['status']),
  r('Node', 'v1', 'nodes', ['no'], false, '/registry/minions', ['status']),
  r('Pod', 'v1', 'pods', ['po'], true, '/registry/pods', ['status', 'binding', 'log', 'eviction']),
  r('Service', 'v1', 'services', ['svc'], true, '/registry/services/specs', ['status']),
  r('Endpoints', 'v1', 'endpoints', ['ep'], true, '/registry/services/endpoints'),
  r('ServiceAccount', 'v1', 'serviceaccounts', ['sa'], true, '/registry/serviceaccounts'),
  r('Secret', 'v1', 'secrets', [], true, '/registry/secrets'),
  r('ConfigMap', 'v1', 'configmaps', ['cm'], true, '/registry/configmaps'),
  r('Event', 'v1', 'events', ['ev'], true, '/registry/events'),
  r('ReplicaSet', 'apps/v1', 'replicasets', ['rs'], true, '/registry/replicasets', [
    'status',
    'scale',
  ]),
  r('Deployment', 'apps/v1', 'deployments', ['deploy'], true, '/registry/deployments', [
    'status',
    'scale',
  ]),
  r('Job', 'batch/v1', 'jobs', [], true, '/registry/jobs', ['status']),
  r('EndpointSlice', 'discovery.k8s.io/v1', 'endpointslices', [], true, '/registry/endpointslices'),
  r('Lease', 'coordination.k8s.io/v1', 'leases', [], true, '/registry/leases'),
  // workloads: DaemonSet, StatefulSet and the ControllerRevisions that record their history.
  r('DaemonSet', 'apps/v1', 'daemonsets', ['ds'], true, '/registry/daemonsets', ['status']),
  r(
    'ControllerRevision',
    'apps/v1',
    'controllerrevisions',
    [],
    true,
    '/registry/controllerrevisions',
  ),
  r('StatefulSet', 'apps/v1', 'statefulsets', ['sts'], true, '/registry/statefulsets', [
    'status',
    'scale',
  ]),
  // Storage: volumes, claims and classes (the PV controller binds them).
  r('PersistentVolume', 'v1', 'persistentvolumes', ['pv'], false, '/registry/persistentvolumes', [
    'status',
  ]),
  r(
    'PersistentVolumeClaim',
    'v1',
    'persistentvolumeclaims',
    ['pvc'],
    true,
    '/registry/persistentvolumeclaims',
    ['status'],
  ),
  r(
    'StorageClass',
    'storage.k8s.io/v1',
    'storageclasses',
    ['sc'],
    false,
    '/registry/storageclasses',
  ),
  // workloads:
  r('CronJob', 'batch/v1', 'cronjobs', ['cj'], true, '/registry/cronjobs', ['status']),
  // quota: ReplicationController, ResourceQuota and LimitRange (k/k keeps RCs under /registry/controllers).
  r(
    'ReplicationController',
    'v1',
    'replicationcontrollers',
    ['rc'],
    true,
    '/registry/controllers',
    ['status', 'scale'],
  ),
  r('ResourceQuota', 'v1', 'resourcequotas', ['quota'], true, '/registry/resourcequotas', [
    'status',
  ]),
  r('LimitRange', 'v1', 'limitranges', ['limits'], true, '/registry/limitranges'),
  // net: Ingress (an ingress controller routes it), IngressClass, NetworkPolicy (the CNI enforces it).
  r('Ingress', 'networking.k8s.io/v1', 'ingresses', ['ing'], true, '/registry/ingress', ['status']),
  r(
    'IngressClass',
    'networking.k8s.io/v1',
    'ingressclasses',
    [],
    false,
    '/registry/ingressclasses',
  ),
  r(
    'NetworkPolicy',
    'networking.k8s.io/v1',
    'networkpolicies',
    ['netpol'],
    true,
    '/registry/networkpolicies',
  ),
  // hpa: stored as autoscaling/v2; autoscaling/v1 manifests are converted (api/hpa.ts).
  r(
    'HorizontalPodAutoscaler',
    'autoscaling/v2',
    'horizontalpodautoscalers',
    ['hpa'],
    true,
    '/registry/horizontalpodautoscalers',
    ['status'],
  ),
  // corpus-policy: RBAC, PriorityClass, PodDisruptionBudget and ValidatingAdmissionPolicy, as
  // kube-apiserver v1.31 serves them (pkg/registry/<group>/rest).
  r('Role', 'rbac.authorization.k8s.io/v1', 'roles', [], true, '/registry/roles'),
  r(
    'ClusterRole',
    'rbac.authorization.k8s.io/v1',
    'clusterroles',
    [],
    false,
    '/registry/clusterroles',
  ),
  r(
    'RoleBinding',
    'rbac.authorization.k8s.io/v1',
    'rolebindings',
    [],
    true,
    '/registry/rolebindings',
  ),
  r(
    'ClusterRoleBinding',
    'rbac.authorization.k8s.io/v1',
    'clusterrolebindings',
    [],
    false,
    '/registry/clusterrolebindings',
  ),
  r(
    'PriorityClass',
    'scheduling.k8s.io/v1',
    'priorityclasses',
    ['pc'],
    false,
    '/registry/priorityclasses',
  ),
  r(
    'PodDisruptionBudget',
    'policy/v1',
    'poddisruptionbudgets',
    ['pdb'],
    true,
    '/registry/poddisruptionbudgets',
    ['status'],
  ),
  r(
    'ValidatingAdmissionPolicy',
    'admissionregistration.k8s.io/v1',
    'validatingadmissionpolicies',
    [],
    false,
    '/registry/validatingadmissionpolicies',
    ['status'],
  ),
  r(
    'ValidatingAdmissionPolicyBinding',
    'admissionregistration.k8s.io/v1',
    'validatingadmissionpolicybindings',
    [],
    false,
    '/registry/validatingadmissionpolicybindings',
  ),
  // apf: API Priority and Fairness's configuration, and the admission webhooks' (k/k:
  // pkg/registry/flowcontrol/rest, pkg/registry/admissionregistration/rest).
  r(
    'FlowSchema',
    'flowcontrol.apiserver.k8s.io/v1',
    'flowschemas',
    [],
    false,
    '/registry/flowschemas',
    ['status'],
  ),
  r(
    'PriorityLevelConfiguration',
    'flowcontrol.apiserver.k8s.io/v1',
    'prioritylevelconfigurations',
    [],
    false,
    '/registry/prioritylevelconfigurations',
    ['status'],
  ),
  r(
    'ValidatingWebhookConfiguration',
    'admissionregistration.k8s.io/v1',
    'validatingwebhookconfigurations',
    [],
    false,
    '/registry/validatingwebhookconfigurations',
  ),
  r(
    'MutatingWebhookConfiguration',
    'admissionregistration.k8s.io/v1',
    'mutatingwebhookconfigurations',
    [],
    false,
    '/registry/mutatingwebhookconfigurations',
  ),
  // crd: served by kube-apiserver's apiextensions-apiserver (k/k: staging/src/k8s.io/
  // apiextensions-apiserver), which keeps them under /registry/apiextensions.k8s.io/.
  r(
    'CustomResourceDefinition',
    'apiextensions.k8s.io/v1',
    'customresourcedefinitions',
    ['crd', 'crds'],
    false,
    '/registry/apiextensions.k8s.io/customresourcedefinitions',
    ['status'],
  ),
];

/**
 * The kinds in the `all` category, which `kubectl get all` and discovery's `categories` name
 * (k/k: each resource's storage Categories(), v1.31).
 */
export const CATEGORY_ALL: ReadonlySet<string> = new Set([
  'Pod',
  'ReplicationController',
  'Service',
  'DaemonSet',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'HorizontalPodAutoscaler',
  'CronJob',
  'Job',
]);

/** The verbs discovery lists for a stored resource (namespaces have no deletecollection). */
export function resourceVerbs(info: ResourceInfo): string[] {
  const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
  return info.kind === 'Namespace' ? verbs.filter((v) => v !== 'deletecollection') : verbs;
}

const byKind = new Map<string, ResourceInfo>(RESOURCES.map((x) => [x.kind, x]));
const byPlural = new Map<string, ResourceInfo>(RESOURCES.map((x) => [x.plural, x]));
const byAnyName = new Map<string, ResourceInfo>();
for (const x of RESOURCES) {
  for (const n of [
    x.plural,
    x.singular,
    x.kind.toLowerCase(),
    ...x.shortNames,
    x.kubectlType,
    `${x.plural}.${x.group}`,
  ]) {
    byAnyName.set(n, x);
  }
}

/** The resource for a kind, or undefined (the API answers `no matches for kind`). */
export function resourceForKind(kind: string): ResourceInfo | undefined {
  return byKind.get(kind);
}

export function resourceForPlural(plural: string): ResourceInfo | undefined {
  return byPlural.get(plural);
}

/** kubectl's resource lookup: `po`, `pod`, `pods`, `deploy`, `deployment.apps`… */
export function resourceForName(name: string): ResourceInfo | undefined {
  return byAnyName.get(name.toLowerCase());
}

/** The etcd key of an object: `/registry/pods/default/web`, `/registry/minions/worker-1`. */
export function etcdKey(info: ResourceInfo, namespace: string | undefined, name: string): string {
  return info.namespaced ? `${info.etcdPrefix}/${namespace}/${name}` : `${info.etcdPrefix}/${name}`;
}

/**
 * crd: the resource a CustomResourceDefinition defines, served in its storage version (k/k:
 * apiextensions-apiserver crdHandler; objects are kept under `/registry/<group>/<plural>`).
 */
export function customResourceInfo(crd: CustomResourceDefinition): ResourceInfo {
  const spec = crd.spec;
  const version = (spec.versions.find((v) => v.storage) ?? spec.versions[0]).name;
  const names = crd.status?.acceptedNames?.plural ? crd.status.acceptedNames : spec.names;
  const singular = names.singular || names.kind.toLowerCase();
  const sub = spec.versions.find((v) => v.name === version)?.subresources;
  return {
    kind: names.kind,
    apiVersion: `${spec.group}/${version}`,
    group: spec.group,
    version,
    plural: names.plural,
    singular,
    shortNames: [...(names.shortNames ?? [])],
    namespaced: spec.scope === 'Namespaced',
    etcdPrefix: `/registry/${spec.group}/${names.plural}`,
    subresources: [...(sub?.status ? ['status'] : []), ...(sub?.scale ? ['scale'] : [])],
    kubectlType: `${names.kind.toLowerCase()}.${spec.group}`,
    crd,
  };
}
