/**
 * Object types used across the engine. Objects are real Kubernetes JSON: the shapes come from
 * `kubernetes-types`, made mutable here (the engine builds and updates objects) and re-exported so
 * engine code has one place to import them from.
 */
import type * as meta from 'kubernetes-types/meta/v1';
import type * as core from 'kubernetes-types/core/v1';
import type * as apps from 'kubernetes-types/apps/v1';
import type * as batch from 'kubernetes-types/batch/v1';
import type * as discovery from 'kubernetes-types/discovery/v1';
import type * as coordination from 'kubernetes-types/coordination/v1';

/** Removes `readonly` at every depth. */
export type DeepMutable<T> = T extends (infer U)[]
  ? DeepMutable<U>[]
  : T extends readonly (infer V)[]
    ? DeepMutable<V>[]
    : T extends object
      ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
      : T;

export type Time = meta.Time;
export type ObjectMeta = DeepMutable<meta.ObjectMeta>;
export type OwnerReference = DeepMutable<meta.OwnerReference>;
export type LabelSelector = DeepMutable<meta.LabelSelector>;
export type Pod = DeepMutable<core.Pod>;
export type PodSpec = DeepMutable<core.PodSpec>;
export type PodStatus = DeepMutable<core.PodStatus>;
export type PodCondition = DeepMutable<core.PodCondition>;
export type PodTemplateSpec = DeepMutable<core.PodTemplateSpec>;
export type Container = DeepMutable<core.Container>;
export type ContainerStatus = DeepMutable<core.ContainerStatus>;
export type ContainerState = DeepMutable<core.ContainerState>;
export type Node = DeepMutable<core.Node>;
export type NodeCondition = DeepMutable<core.NodeCondition>;
export type Namespace = DeepMutable<core.Namespace>;
export type Service = DeepMutable<core.Service>;
export type Endpoints = DeepMutable<core.Endpoints>;
export type ServiceAccount = DeepMutable<core.ServiceAccount>;
export type Secret = DeepMutable<core.Secret>;
export type ConfigMap = DeepMutable<core.ConfigMap>;
export type Event = DeepMutable<core.Event>;
export type Taint = DeepMutable<core.Taint>;
export type Toleration = DeepMutable<core.Toleration>;
export type Binding = DeepMutable<core.Binding>;
export type ObjectReference = DeepMutable<core.ObjectReference>;
export type EnvVar = DeepMutable<core.EnvVar>;
export type Probe = DeepMutable<core.Probe>;
export type Volume = DeepMutable<core.Volume>;
export type VolumeMount = DeepMutable<core.VolumeMount>;
export type ContainerPort = DeepMutable<core.ContainerPort>;
export type ServicePort = DeepMutable<core.ServicePort>;
export type ServiceSpec = DeepMutable<core.ServiceSpec>;
export type ResourceRequirements = DeepMutable<core.ResourceRequirements>;
export type Affinity = DeepMutable<core.Affinity>;
export type NodeSelectorTerm = DeepMutable<core.NodeSelectorTerm>;
export type NodeSelectorRequirement = DeepMutable<core.NodeSelectorRequirement>;
export type PodAffinityTerm = DeepMutable<core.PodAffinityTerm>;
export type TopologySpreadConstraint = DeepMutable<core.TopologySpreadConstraint>;
export type EndpointSubset = DeepMutable<core.EndpointSubset>;
export type Lifecycle = DeepMutable<core.Lifecycle>;
export type Deployment = DeepMutable<apps.Deployment>;
export type DeploymentSpec = DeepMutable<apps.DeploymentSpec>;
export type DeploymentCondition = DeepMutable<apps.DeploymentCondition>;
export type ReplicaSetCondition = DeepMutable<apps.ReplicaSetCondition>;
export type JobCondition = DeepMutable<batch.JobCondition>;
export type Endpoint = DeepMutable<discovery.Endpoint>;
export type ReplicaSet = DeepMutable<apps.ReplicaSet>;
export type Job = DeepMutable<batch.Job>;
export type EndpointSlice = DeepMutable<discovery.EndpointSlice>;
export type Lease = DeepMutable<coordination.Lease>;
// workloads: DaemonSet, StatefulSet, ControllerRevision, CronJob, ReplicationController.
export type DaemonSet = DeepMutable<apps.DaemonSet>;
export type StatefulSet = DeepMutable<apps.StatefulSet>;
export type ControllerRevision = DeepMutable<apps.ControllerRevision>;
export type CronJob = DeepMutable<batch.CronJob>;
export type ReplicationController = DeepMutable<core.ReplicationController>;
export type PersistentVolumeClaim = DeepMutable<core.PersistentVolumeClaim>;
// quota:
export type ResourceQuota = DeepMutable<core.ResourceQuota>;
export type LimitRange = DeepMutable<core.LimitRange>;
export type LimitRangeItem = DeepMutable<core.LimitRangeItem>;

/** Any API object: what every kind has in common. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: unknown;
  status?: unknown;
  [field: string]: unknown;
}

/** The `Status` object the API server returns on failure (metav1.Status). */
export interface Status {
  apiVersion: 'v1';
  kind: 'Status';
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  code: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: { reason: string; message: string; field: string }[];
  };
}
