/**
 * `kubectl describe <kind> <name>`: the text kubectl v1.31 prints for each kind it describes.
 * The caller (the command layer) gathers what kubectl would fetch alongside the object: its
 * events, the pods and replica sets it owns, a Service's Endpoints, a Node's pods and Lease.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Job } from 'kubernetes-types/batch/v1';
import type {
  CronJob,
  DaemonSet,
  Endpoints,
  Event,
  KubeObject,
  Lease,
  Namespace,
  Node,
  Pod,
  Secret,
  Service,
  StatefulSet,
} from '../../api/types';
import { describeEndpoints, describeNamespace, describeService } from './network';
import { describeNode } from './node';
import type { Ingress, IngressClass, NetworkPolicy } from 'kubernetes-types/networking/v1';
import {
  describeIngress,
  describeIngressClass,
  describeNetworkPolicy,
  type IngressBackendObjects,
} from './networking';
import { describePod } from './pod';
import { describeRole, describeRoleBinding } from './rbac';
import {
  describePersistentVolume,
  describePersistentVolumeClaim,
  describeSecret,
  describeStorageClass,
} from './storage';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/storageTypes';
import { describeDeployment, describeJob, describeReplicaSet } from './workloads';
// workloads:
import { describeCronJob, describeDaemonSet, describeStatefulSet } from './controllers';
// quota:
import { describeLimitRange, describeReplicationController, describeResourceQuota } from './quota';
import type { LimitRange, ReplicationController, ResourceQuota } from '../../api/types';
// hpa:
import { describeHorizontalPodAutoscaler } from './autoscaling';
import type { HorizontalPodAutoscaler } from '../../api/hpa';
import {
  describeEvents,
  LEVEL_0,
  PrefixWriter,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from './writer';

/** What kubectl fetches besides the object itself. */
export interface DescribeRelated {
  /** Events whose involvedObject is this object (kubectl's field selector on uid/name/kind). */
  events: Event[];
  /** For a ReplicaSet or DaemonSet: the pods its selector matches (those it controls are counted by phase). */
  pods?: Pod[];
  /** For a Deployment: the ReplicaSets in its namespace (those it controls are listed). */
  replicaSets?: ReplicaSet[];
  /** For a Service: the Endpoints object of the same name. */
  endpoints?: Endpoints;
  /** For a Node: the pods bound to it. */
  nodePods?: Pod[];
  /** For a Node: its Lease in `kube-node-lease`. */
  lease?: Lease;
  // quota:
  /** For a Namespace: its ResourceQuotas and LimitRanges. */
  resourceQuotas?: ResourceQuota[];
  limitRanges?: LimitRange[];
  // net:
  /** For an Ingress: the Services and Endpoints of its namespace (its backends). */
  ingressBackends?: IngressBackendObjects;
}

/**
 * The text of `kubectl describe` for one object, ending in a newline.
 * Kinds without a dedicated describer get kubectl's generic one (Name, Namespace, Labels,
 * Annotations, Events).
 * @param now the current instant in Unix ms (ages in the Events table, `Terminating (lasts 5s)`)
 */
export function describe(
  kind: string,
  obj: KubeObject,
  related: DescribeRelated,
  now: number,
): string {
  const events = related.events;
  switch (kind) {
    case 'Pod':
      return describePod(obj as Pod, events, now);
    case 'Node':
      return describeNode(obj as Node, related.nodePods ?? [], events, related.lease, now);
    case 'Deployment':
      return describeDeployment(
        obj as unknown as Deployment,
        related.replicaSets ?? [],
        events,
        now,
      );
    case 'ReplicaSet':
      return describeReplicaSet(obj as unknown as ReplicaSet, related.pods ?? [], events, now);
    case 'Job':
      return describeJob(obj as unknown as Job, events, now);
    case 'Service':
      return describeService(obj as Service, related.endpoints, events, now);
    case 'Endpoints':
      return describeEndpoints(obj as Endpoints, events, now);
    case 'Namespace':
      return describeNamespace(
        obj as Namespace,
        related.resourceQuotas ?? [],
        related.limitRanges ?? [],
      );
    // workloads:
    case 'DaemonSet':
      return describeDaemonSet(obj as DaemonSet, related.pods ?? [], events, now);
    case 'StatefulSet':
      return describeStatefulSet(obj as StatefulSet, related.pods ?? [], events, now);
    case 'CronJob':
      return describeCronJob(obj as CronJob, events, now);
    // hpa:
    case 'HorizontalPodAutoscaler':
      return describeHorizontalPodAutoscaler(obj as HorizontalPodAutoscaler, events, now);
    // storage:
    case 'Secret':
      return describeSecret(obj as Secret);
    case 'PersistentVolumeClaim':
      return describePersistentVolumeClaim(
        obj as PersistentVolumeClaim,
        related.pods ?? [],
        events,
        now,
      );
    case 'PersistentVolume':
      return describePersistentVolume(obj as PersistentVolume, events, now);
    case 'StorageClass':
      return describeStorageClass(obj as StorageClass, events, now);
    // quota:
    case 'ReplicationController':
      return describeReplicationController(
        obj as ReplicationController,
        related.pods ?? [],
        events,
        now,
      );
    case 'ResourceQuota':
      return describeResourceQuota(obj as ResourceQuota);
    case 'LimitRange':
      return describeLimitRange(obj as LimitRange);
    // net:
    case 'Ingress':
      return describeIngress(
        obj as Ingress,
        related.ingressBackends ?? { services: [], endpoints: [] },
        events,
        now,
      );
    case 'IngressClass':
      return describeIngressClass(obj as IngressClass, events, now);
    case 'NetworkPolicy':
      return describeNetworkPolicy(obj as NetworkPolicy);
    case 'Role':
    case 'ClusterRole':
      return describeRole(obj);
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return describeRoleBinding(obj);
  }
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${obj.metadata?.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${obj.metadata?.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', obj.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', obj.metadata?.annotations);
  describeEvents(w, events, now);
  return w.toString();
}

export { describeProbe } from './containers';
export { podQOSClass } from './pod';
