/**
 * The kinds the editor knows a JSON Schema for, and where their TypeScript types live in the
 * `kubernetes-types` package. `scripts/generate-schemas.ts` reads this list at build time; the
 * editor and (later) `kubectl explain` read the same list at run time.
 */
export interface SchemaKind {
  /** The object's `kind`, e.g. `Deployment`. */
  readonly kind: string;
  /** The object's `apiVersion`, e.g. `apps/v1` (`v1` for the core group). */
  readonly apiVersion: string;
  /** The `kubernetes-types` module that declares the kind, e.g. `apps/v1` (core/v1 for `v1`). */
  readonly module: string;
}

/** Every kind the simulated cluster serves, in the order `kubectl api-resources` groups them. */
export const SCHEMA_KINDS: readonly SchemaKind[] = [
  { kind: 'ConfigMap', apiVersion: 'v1', module: 'core/v1' },
  { kind: 'Endpoints', apiVersion: 'v1', module: 'core/v1' },
  { kind: 'Event', apiVersion: 'v1', module: 'core/v1' },
  { kind: 'Namespace', apiVersion: 'v1', module: 'core/v1' },
  { kind: 'Node', apiVersion: 'v1', module: 'core/v1' },
  { kind: 'Pod', apiVersion: 'v1', module: 'core/v1' },
  { kind: 'Secret', apiVersion: 'v1', module: 'core/v1' },
  { kind: 'Service', apiVersion: 'v1', module: 'core/v1' },
  // A root kind comes before any kind that nests it (StatefulSet's volumeClaimTemplates), so the
  // nested copy, which does not require apiVersion and kind, is the one renamed.
  { kind: 'PersistentVolume', apiVersion: 'v1', module: 'core/v1' },
  { kind: 'PersistentVolumeClaim', apiVersion: 'v1', module: 'core/v1' },
  { kind: 'ServiceAccount', apiVersion: 'v1', module: 'core/v1' },
  { kind: 'Deployment', apiVersion: 'apps/v1', module: 'apps/v1' },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', module: 'apps/v1' },
  { kind: 'Job', apiVersion: 'batch/v1', module: 'batch/v1' },
  { kind: 'Lease', apiVersion: 'coordination.k8s.io/v1', module: 'coordination/v1' },
  { kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', module: 'discovery/v1' },
  // workloads:
  { kind: 'DaemonSet', apiVersion: 'apps/v1', module: 'apps/v1' },
  { kind: 'ControllerRevision', apiVersion: 'apps/v1', module: 'apps/v1' },
  { kind: 'StatefulSet', apiVersion: 'apps/v1', module: 'apps/v1' },
  { kind: 'CronJob', apiVersion: 'batch/v1', module: 'batch/v1' },
  { kind: 'StorageClass', apiVersion: 'storage.k8s.io/v1', module: 'storage/v1' },
  // quota: none of these nests another root kind.
  { kind: 'ReplicationController', apiVersion: 'v1', module: 'core/v1' },
  { kind: 'ResourceQuota', apiVersion: 'v1', module: 'core/v1' },
  { kind: 'LimitRange', apiVersion: 'v1', module: 'core/v1' },
  // net:
  { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', module: 'networking/v1' },
  { kind: 'IngressClass', apiVersion: 'networking.k8s.io/v1', module: 'networking/v1' },
  { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', module: 'networking/v1' },
  // hpa:
  { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', module: 'autoscaling/v2' },
  // corpus-policy:
  { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1', module: 'rbac/v1' },
  { kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', module: 'rbac/v1' },
  { kind: 'RoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', module: 'rbac/v1' },
  { kind: 'ClusterRoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', module: 'rbac/v1' },
  { kind: 'PriorityClass', apiVersion: 'scheduling.k8s.io/v1', module: 'scheduling/v1' },
  { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', module: 'policy/v1' },
  {
    kind: 'ValidatingAdmissionPolicy',
    apiVersion: 'admissionregistration.k8s.io/v1',
    module: 'admissionregistration/v1',
  },
  {
    kind: 'ValidatingAdmissionPolicyBinding',
    apiVersion: 'admissionregistration.k8s.io/v1',
    module: 'admissionregistration/v1',
  },
  // apf:
  { kind: 'FlowSchema', apiVersion: 'flowcontrol.apiserver.k8s.io/v1', module: 'flowcontrol/v1' },
  {
    kind: 'PriorityLevelConfiguration',
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    module: 'flowcontrol/v1',
  },
  {
    kind: 'ValidatingWebhookConfiguration',
    apiVersion: 'admissionregistration.k8s.io/v1',
    module: 'admissionregistration/v1',
  },
  {
    kind: 'MutatingWebhookConfiguration',
    apiVersion: 'admissionregistration.k8s.io/v1',
    module: 'admissionregistration/v1',
  },
  // crd:
  {
    kind: 'CustomResourceDefinition',
    apiVersion: 'apiextensions.k8s.io/v1',
    module: 'apiextensions/v1',
  },
];

/** File names inside `src/ui/editor/schemas/generated/`. */
export const GENERATED_SCHEMA_FILE = 'kubernetes.schema.json';
