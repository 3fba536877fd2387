/**
 * The RBAC objects kube-apiserver's rbac/bootstrap-roles post-start hook creates (k/k:
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go, as its testdata lists them): the
 * user-facing roles (cluster-admin; admin, edit and view, whose rules the clusterrole-aggregation
 * controller gathers from the `aggregate-to-*` roles) and the system roles the tutorials bind
 * (system:kube-scheduler, system:volume-scheduler, system:auth-delegator…), with the bindings
 * that give them to their users. A subset: the controllers' own `system:controller:*` roles are
 * left out.
 */
import type { KubeObject } from '../api/types';

type Rule = {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
};

const RW = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const READ = ['get', 'list', 'watch'];
const AGG = 'rbac.authorization.k8s.io/aggregate-to-';

const role = (
  name: string,
  rules: Rule[] | null,
  extra: { labels?: Record<string, string>; aggregate?: string } = {},
): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: {
    name,
    annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
    labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...extra.labels },
  },
  ...(extra.aggregate
    ? {
        aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [extra.aggregate]: 'true' } }] },
      }
    : {}),
  ...(rules ? { rules } : {}),
});

const binding = (
  name: string,
  subjects: { kind: string; name: string; namespace?: string }[],
): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: {
    name,
    annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
    labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
  },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
  subjects: subjects.map((s) =>
    s.kind === 'ServiceAccount' ? s : { apiGroup: 'rbac.authorization.k8s.io', ...s },
  ),
});

export const BOOTSTRAP_CLUSTER_ROLES: readonly KubeObject[] = [
  role('admin', null, { aggregate: `${AGG}admin` }),
  role('cluster-admin', [
    { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
    { nonResourceURLs: ['*'], verbs: ['*'] },
  ]),
  role('edit', null, { aggregate: `${AGG}edit`, labels: { [`${AGG}admin`]: 'true' } }),
  role(
    'system:aggregate-to-admin',
    [
      {
        apiGroups: ['authorization.k8s.io'],
        resources: ['localsubjectaccessreviews'],
        verbs: ['create'],
      },
      {
        apiGroups: ['rbac.authorization.k8s.io'],
        resources: ['rolebindings', 'roles'],
        verbs: [...RW.slice(0, 3), 'get', 'list', 'patch', 'update', 'watch'],
      },
    ],
    { labels: { [`${AGG}admin`]: 'true' } },
  ),
  role(
    'system:aggregate-to-edit',
    [
      {
        apiGroups: [''],
        resources: [
          'pods/attach',
          'pods/exec',
          'pods/portforward',
          'pods/proxy',
          'secrets',
          'services/proxy',
        ],
        verbs: READ,
      },
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] },
      {
        apiGroups: [''],
        resources: ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy'],
        verbs: RW,
      },
      { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
      {
        apiGroups: [''],
        resources: [
          'configmaps',
          'events',
          'persistentvolumeclaims',
          'replicationcontrollers',
          'replicationcontrollers/scale',
          'secrets',
          'serviceaccounts',
          'services',
          'services/proxy',
        ],
        verbs: RW,
      },
      { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
      {
        apiGroups: ['apps'],
        resources: [
          'daemonsets',
          'deployments',
          'deployments/rollback',
          'deployments/scale',
          'replicasets',
          'replicasets/scale',
          'statefulsets',
          'statefulsets/scale',
        ],
        verbs: RW,
      },
      { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: RW },
      { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: RW },
      {
        apiGroups: ['extensions'],
        resources: [
          'daemonsets',
          'deployments',
          'deployments/rollback',
          'deployments/scale',
          'ingresses',
          'networkpolicies',
          'replicasets',
          'replicasets/scale',
          'replicationcontrollers/scale',
        ],
        verbs: RW,
      },
      { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: RW },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: RW },
      {
        apiGroups: ['coordination.k8s.io'],
        resources: ['leases'],
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      },
    ],
    { labels: { [`${AGG}edit`]: 'true' } },
  ),
  role(
    'system:aggregate-to-view',
    [
      {
        apiGroups: [''],
        resources: [
          'configmaps',
          'endpoints',
          'persistentvolumeclaims',
          'persistentvolumeclaims/status',
          'pods',
          'replicationcontrollers',
          'replicationcontrollers/scale',
          'serviceaccounts',
          'services',
          'services/status',
        ],
        verbs: READ,
      },
      {
        apiGroups: [''],
        resources: [
          'bindings',
          'events',
          'limitranges',
          'namespaces/status',
          'pods/log',
          'pods/status',
          'replicationcontrollers/status',
          'resourcequotas',
          'resourcequotas/status',
        ],
        verbs: READ,
      },
      { apiGroups: [''], resources: ['namespaces'], verbs: READ },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
      {
        apiGroups: ['apps'],
        resources: [
          'controllerrevisions',
          'daemonsets',
          'daemonsets/status',
          'deployments',
          'deployments/scale',
          'deployments/status',
          'replicasets',
          'replicasets/scale',
          'replicasets/status',
          'statefulsets',
          'statefulsets/scale',
          'statefulsets/status',
        ],
        verbs: READ,
      },
      {
        apiGroups: ['autoscaling'],
        resources: ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'],
        verbs: READ,
      },
      {
        apiGroups: ['batch'],
        resources: ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status'],
        verbs: READ,
      },
      {
        apiGroups: ['extensions'],
        resources: [
          'daemonsets',
          'daemonsets/status',
          'deployments',
          'deployments/scale',
          'deployments/status',
          'ingresses',
          'ingresses/status',
          'networkpolicies',
          'replicasets',
          'replicasets/scale',
          'replicasets/status',
          'replicationcontrollers/scale',
        ],
        verbs: READ,
      },
      {
        apiGroups: ['policy'],
        resources: ['poddisruptionbudgets', 'poddisruptionbudgets/status'],
        verbs: READ,
      },
      {
        apiGroups: ['networking.k8s.io'],
        resources: ['ingresses', 'ingresses/status', 'networkpolicies'],
        verbs: READ,
      },
    ],
    { labels: { [`${AGG}view`]: 'true' } },
  ),
  role('system:auth-delegator', [
    { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
    { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
  ]),
  role('system:basic-user', [
    {
      apiGroups: ['authorization.k8s.io'],
      resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
      verbs: ['create'],
    },
    { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] },
  ]),
  role('system:discovery', [
    {
      nonResourceURLs: [
        '/api',
        '/api/*',
        '/apis',
        '/apis/*',
        '/healthz',
        '/livez',
        '/openapi',
        '/openapi/*',
        '/readyz',
        '/version',
        '/version/',
      ],
      verbs: ['get'],
    },
  ]),
  role('system:kube-dns', [
    { apiGroups: [''], resources: ['endpoints', 'services'], verbs: ['list', 'watch'] },
  ]),
  role('system:kube-scheduler', [
    {
      apiGroups: ['', 'events.k8s.io'],
      resources: ['events'],
      verbs: ['create', 'patch', 'update'],
    },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
    {
      apiGroups: ['coordination.k8s.io'],
      resourceNames: ['kube-scheduler'],
      resources: ['leases'],
      verbs: ['get', 'update'],
    },
    { apiGroups: [''], resources: ['nodes'], verbs: READ },
    { apiGroups: [''], resources: ['pods'], verbs: ['delete', ...READ] },
    { apiGroups: [''], resources: ['bindings', 'pods/binding'], verbs: ['create'] },
    { apiGroups: [''], resources: ['pods/status'], verbs: ['patch', 'update'] },
    { apiGroups: [''], resources: ['replicationcontrollers', 'services'], verbs: READ },
    { apiGroups: ['apps', 'extensions'], resources: ['replicasets'], verbs: READ },
    { apiGroups: ['apps'], resources: ['statefulsets'], verbs: READ },
    { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: READ },
    { apiGroups: [''], resources: ['persistentvolumeclaims', 'persistentvolumes'], verbs: READ },
    { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
    { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
    { apiGroups: ['storage.k8s.io'], resources: ['csinodes'], verbs: READ },
    { apiGroups: [''], resources: ['namespaces'], verbs: READ },
    { apiGroups: ['storage.k8s.io'], resources: ['csidrivers'], verbs: READ },
    { apiGroups: ['storage.k8s.io'], resources: ['csistoragecapacities'], verbs: READ },
  ]),
  role('system:monitoring', [
    {
      nonResourceURLs: [
        '/healthz',
        '/healthz/*',
        '/livez',
        '/livez/*',
        '/metrics',
        '/metrics/slis',
        '/readyz',
        '/readyz/*',
      ],
      verbs: ['get'],
    },
  ]),
  role('system:node-proxier', [
    { apiGroups: [''], resources: ['endpoints', 'services'], verbs: ['list', 'watch'] },
    { apiGroups: [''], resources: ['nodes'], verbs: READ },
    {
      apiGroups: ['', 'events.k8s.io'],
      resources: ['events'],
      verbs: ['create', 'patch', 'update'],
    },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
  ]),
  role('system:public-info-viewer', [
    { nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] },
  ]),
  role('system:volume-scheduler', [
    {
      apiGroups: [''],
      resources: ['persistentvolumes'],
      verbs: ['get', 'list', 'patch', 'update', 'watch'],
    },
    { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: READ },
    {
      apiGroups: [''],
      resources: ['persistentvolumeclaims'],
      verbs: ['get', 'list', 'patch', 'update', 'watch'],
    },
  ]),
  role('view', null, { aggregate: `${AGG}view`, labels: { [`${AGG}edit`]: 'true' } }),
];

/** k/k: bootstrappolicy.ClusterRoleBindings() (the ones for the roles above). */
export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS: readonly KubeObject[] = [
  binding('cluster-admin', [{ kind: 'Group', name: 'system:masters' }]),
  binding('system:basic-user', [{ kind: 'Group', name: 'system:authenticated' }]),
  binding('system:discovery', [{ kind: 'Group', name: 'system:authenticated' }]),
  binding('system:kube-dns', [
    { kind: 'ServiceAccount', name: 'kube-dns', namespace: 'kube-system' },
  ]),
  binding('system:kube-scheduler', [{ kind: 'User', name: 'system:kube-scheduler' }]),
  binding('system:monitoring', [{ kind: 'Group', name: 'system:monitoring' }]),
  binding('system:node-proxier', [{ kind: 'User', name: 'system:kube-proxy' }]),
  binding('system:public-info-viewer', [
    { kind: 'Group', name: 'system:authenticated' },
    { kind: 'Group', name: 'system:unauthenticated' },
  ]),
  binding('system:volume-scheduler', [{ kind: 'User', name: 'system:kube-scheduler' }]),
];

/**
 * kubeadm init's binding for the admin kubeconfig's group (v1.29+: admin.conf's certificate is
 * in `kubeadm:cluster-admins`, no longer `system:masters`), which is how `kubectl` on a kind
 * cluster is authorized. k/k: cmd/kubeadm/app/phases/kubeconfig/kubeconfig.go
 * EnsureAdminClusterRoleBinding.
 */
export const KUBEADM_CLUSTER_ADMINS: KubeObject = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'kubeadm:cluster-admins' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
  subjects: [
    { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'kubeadm:cluster-admins' },
  ],
};
