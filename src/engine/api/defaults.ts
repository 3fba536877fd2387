/**
 * API defaulting (k/k: pkg/apis/{core,apps,batch}/v1/defaults.go, v1.31), applied by the API
 * server to every object it decodes, before admission and validation. Mutates in place and is
 * idempotent: a field that is already set is never changed.
 *
 * A few fields shown here are set elsewhere in the real API server and are marked so: the
 * Service registry's IP family allocation (`ipFamilyPolicy`, `ipFamilies`).
 */
import type { Container, PodSpec, Probe } from 'kubernetes-types/core/v1';
import type { KubeObject } from './types';
// workloads:
import { defaultCronJob, defaultDaemonSet, defaultStatefulSet } from './workloadDefaults';
// quota:
import {
  defaultLimitRange,
  defaultReplicationController,
  defaultResourceQuota,
} from './quotaDefaults';
import { defaultHorizontalPodAutoscaler } from './hpa';
import { defaultStorageObject } from './storagevalidation';
import { defaultNetworkingObject } from './networkingdefaults';
import { foldStringData } from './secretData';
// corpus-policy:
import { defaultPolicyObject } from './policyvalidation';
// apf:
import { defaultFlowControlObject } from './flowcontrolvalidation';
import { defaultWebhookObject } from './webhookdefaults';

type Obj = Record<string, unknown>;

/** Sets `o[k] = v` when `o[k]` is undefined or null. */
function def<T extends object, K extends keyof T>(o: T, k: K, v: T[K]): void {
  if (o[k] === undefined || o[k] === null) o[k] = v;
}

function obj(parent: Obj, key: string): Obj {
  const v = parent[key];
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Obj;
  const created: Obj = {};
  parent[key] = created;
  return created;
}

/**
 * The default pull policy for an image (k/k: SetDefaults_Container + parseImageName):
 * `Always` when the tag is `latest` or there is neither tag nor digest, else `IfNotPresent`.
 */
export function defaultImagePullPolicy(image: string): 'Always' | 'IfNotPresent' {
  const at = image.indexOf('@');
  const nameAndTag = at >= 0 ? image.slice(0, at) : image;
  const hasDigest = at >= 0;
  const lastSlash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? nameAndTag.slice(colon + 1) : '';
  if (tag === 'latest') return 'Always';
  if (tag === '' && !hasDigest) return 'Always';
  return 'IfNotPresent';
}

/** k/k: SetDefaults_Probe (+ SetDefaults_HTTPGetAction for the path and scheme). */
function defaultProbe(p: Probe | undefined): void {
  if (!p) return;
  def(p, 'timeoutSeconds', 1);
  def(p, 'periodSeconds', 10);
  def(p, 'successThreshold', 1);
  def(p, 'failureThreshold', 3);
  if (p.httpGet) {
    def(p.httpGet, 'path', '/');
    def(p.httpGet, 'scheme', 'HTTP');
  }
}

/** k/k: SetDefaults_Container, SetDefaults_ContainerPort and the probes. */
function defaultContainer(c: Container): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = defaultImagePullPolicy(c.image ?? '');
  def(c, 'terminationMessagePath', '/dev/termination-log');
  def(c, 'terminationMessagePolicy', 'File');
  for (const p of c.ports ?? []) def(p, 'protocol', 'TCP');
  // `resources` is a struct, not a pointer, in Go: it always serialises, as `{}` when empty.
  def(c, 'resources', {});
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  for (const e of c.env ?? []) {
    if (e.valueFrom?.fieldRef) def(e.valueFrom.fieldRef, 'apiVersion', 'v1');
  }
}

/**
 * k/k: SetDefaults_PodSpec and the generated per-container defaults. Applies to a Pod's spec and
 * to every pod template (including a Job's, whose restartPolicy then fails validation as
 * `Required value: valid values: "OnFailure", "Never"`, exactly as on a real cluster).
 */
function defaultPodSpec(spec: PodSpec): void {
  def(spec, 'dnsPolicy', 'ClusterFirst');
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  def(spec, 'securityContext', {});
  def(spec, 'terminationGracePeriodSeconds', 30);
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const v of spec.volumes ?? []) {
    // k/k: SetDefaults_SecretVolumeSource / ConfigMapVolumeSource — defaultMode 0644 (420).
    if (v.secret) def(v.secret, 'defaultMode', 420);
    if (v.configMap) def(v.configMap, 'defaultMode', 420);
    const sources = Object.keys(v).filter((k) => k !== 'name');
    if (sources.length === 0) (v as unknown as Obj).emptyDir = {};
  }
}

/** k/k: SetDefaults_Pod — only on Pods, not on templates (`SetDefaults_PodSpec` comment). */
function defaultPod(o: KubeObject): void {
  const spec = obj(o, 'spec') as unknown as PodSpec;
  defaultPodSpec(spec);
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    // Requests default to limits when only limits are given.
    const limits = c.resources?.limits;
    if (limits && c.resources) {
      const requests = (c.resources.requests ??= {});
      for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v;
    }
  }
  def(spec, 'enableServiceLinks', true);
  // corpus-policy: `priority` and `preemptionPolicy` are the Priority admission plugin's
  // (apiserver/admission/priority), from the pod's class or the global default.
}

function defaultTemplate(spec: Obj): void {
  const template = obj(spec, 'template');
  defaultPodSpec(obj(template, 'spec') as unknown as PodSpec);
}

/** k/k: apps/v1 SetDefaults_Deployment. */
function defaultDeployment(o: KubeObject): void {
  const spec = obj(o, 'spec');
  def(spec, 'replicas', 1);
  const strategy = obj(spec, 'strategy');
  def(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = obj(strategy, 'rollingUpdate');
    def(ru, 'maxUnavailable', '25%');
    def(ru, 'maxSurge', '25%');
  }
  def(spec, 'revisionHistoryLimit', 10);
  def(spec, 'progressDeadlineSeconds', 600);
  defaultTemplate(spec);
}

/** k/k: batch/v1 SetDefaults_Job (JobPodReplacementPolicy is on by default in v1.31). */
function defaultJob(o: KubeObject): void {
  const spec = obj(o, 'spec');
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  def(spec, 'parallelism', 1);
  def(spec, 'backoffLimit', spec.backoffLimitPerIndex != null ? 2147483647 : 6);
  const templateLabels = ((spec.template as Obj | undefined)?.metadata as Obj | undefined)?.labels;
  const meta = obj(o, 'metadata');
  if (templateLabels && Object.keys((meta.labels as Obj | undefined) ?? {}).length === 0) {
    meta.labels = { ...(templateLabels as Obj) };
  }
  def(spec, 'completionMode', 'NonIndexed');
  def(spec, 'suspend', false);
  def(spec, 'podReplacementPolicy', spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed');
  defaultTemplate(spec);
}

/** k/k: SetDefaults_Service, plus the registry's single-stack IPv4 family allocation. */
function defaultService(o: KubeObject): void {
  const spec = obj(o, 'spec');
  def(spec, 'sessionAffinity', 'None');
  // k/k SetDefaults_Service: ClientIP affinity without a timeout gets the default 3 hours.
  if (spec.sessionAffinity === 'ClientIP') {
    const config = obj(spec, 'sessionAffinityConfig');
    def(obj(config, 'clientIP'), 'timeoutSeconds', 10800);
  }
  def(spec, 'type', 'ClusterIP');
  for (const p of (spec.ports ?? []) as Obj[]) {
    def(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '')
      p.targetPort = p.port;
  }
  const type = spec.type as string;
  const externallyAccessible =
    type === 'NodePort' ||
    type === 'LoadBalancer' ||
    (type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
  if (externallyAccessible) def(spec, 'externalTrafficPolicy', 'Cluster');
  if (type === 'NodePort' || type === 'LoadBalancer' || type === 'ClusterIP') {
    def(spec, 'internalTrafficPolicy', 'Cluster');
  }
  if (type === 'LoadBalancer') def(spec, 'allocateLoadBalancerNodePorts', true);
  if (type !== 'ExternalName') {
    def(spec, 'ipFamilyPolicy', 'SingleStack');
    def(spec, 'ipFamilies', ['IPv4']);
  }
}

/** k/k: SetDefaults_Namespace (name label), NamespaceStatus phase, and the strategy's finalizer. */
function defaultNamespace(o: KubeObject): void {
  const meta = obj(o, 'metadata');
  if (typeof meta.name === 'string' && meta.name) {
    const labels = obj(meta, 'labels');
    // Written only when it differs: a write that keeps the live object's (frozen) labels.
    if (labels['kubernetes.io/metadata.name'] !== meta.name)
      labels['kubernetes.io/metadata.name'] = meta.name;
  }
  const spec = obj(o, 'spec');
  def(spec, 'finalizers', ['kubernetes']);
  const status = obj(o, 'status');
  def(status, 'phase', 'Active');
}

/**
 * Whether `o` keeps the stored object's spec as it is (the same frozen object: a status write,
 * a patch of the metadata), which was defaulted when it was written: for the kinds whose
 * defaults are all in the spec, there is nothing left to default. scale: a kubelet's status
 * patch no longer walks the pod's spec for defaults.
 */
function keptSpec(o: KubeObject, live: KubeObject | undefined): boolean {
  const spec = (o as { spec?: unknown }).spec;
  return (
    live !== undefined &&
    typeof spec === 'object' &&
    spec !== null &&
    spec === (live as { spec?: unknown }).spec &&
    Object.isFrozen(spec)
  );
}

/**
 * Applies the API's defaults to `o` in place (idempotent). Kinds without defaults are left as
 * they are. `live`: the stored object `o` is to replace, if any (see keptSpec).
 */
export function applyDefaults(o: KubeObject, live?: KubeObject): void {
  switch (o.kind) {
    case 'Pod':
      if (!keptSpec(o, live)) defaultPod(o);
      break;
    case 'Deployment':
      if (!keptSpec(o, live)) defaultDeployment(o);
      break;
    case 'ReplicaSet':
      if (keptSpec(o, live)) break;
      def(obj(o, 'spec'), 'replicas', 1);
      defaultTemplate(obj(o, 'spec'));
      break;
    case 'Job':
      defaultJob(o);
      break;
    case 'Service':
      defaultService(o);
      break;
    case 'Namespace':
      defaultNamespace(o);
      break;
    case 'Secret':
      def(o, 'type', 'Opaque');
      // corpus-apps:
      foldStringData(o);
      break;
    // workloads: the kinds of ./workloadDefaults.ts.
    case 'DaemonSet':
      defaultDaemonSet(o, defaultTemplate);
      break;
    case 'StatefulSet':
      defaultStatefulSet(o, defaultTemplate);
      break;
    case 'CronJob':
      defaultCronJob(o, defaultTemplate);
      break;
    // quota:
    case 'ReplicationController':
      defaultReplicationController(o, defaultTemplate);
      break;
    case 'LimitRange':
      defaultLimitRange(o);
      break;
    case 'ResourceQuota':
      defaultResourceQuota(o);
      break;
    // hpa:
    case 'HorizontalPodAutoscaler':
      defaultHorizontalPodAutoscaler(o);
      break;
    // storage:
    default:
      // net: the networking.k8s.io kinds.
      // corpus-policy: the RBAC, scheduling, policy and admissionregistration kinds.
      if (!defaultStorageObject(o) && !defaultNetworkingObject(o) && !defaultPolicyObject(o))
        // apf: FlowSchema, PriorityLevelConfiguration and the webhook configurations.
        void (defaultFlowControlObject(o) || defaultWebhookObject(o));
  }
}
