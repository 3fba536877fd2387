import type { ClusterContext } from '../component';
import type { Controller } from './controller';
import { DeploymentController } from './deployment/deploymentController';
// workloads:
import { DaemonSetsController } from './daemon/daemonController';
import { StatefulSetController } from './statefulset/statefulSetController';
import { CronJobController } from './cronjob/cronJobController';
import { EndpointsController } from './endpoints';
import { EndpointSliceController } from './endpointSlice';
import { GarbageCollector } from './garbageCollector';
import { JobController } from './job';
import { ControllerManager, KCM } from './manager';
import { NamespaceController } from './namespace';
import { NodeLifecycleController } from './nodeLifecycle';
import { PersistentVolumeBinder } from './persistentVolumeBinder';
// hpa:
import { HorizontalController } from './podautoscaler/horizontal';
import { PodGCController } from './podGC';
import { ReplicaSetController } from './replicaSet';
// quota:
import { ReplicationManager } from './replicationController';
import { ResourceQuotaController } from './resourceQuota';
import { ServiceAccountController } from './serviceAccount';
import { ServiceAccountTokenController } from './serviceAccountToken';
import { TaintEvictionController } from './taintEviction';
// corpus-apps:
import { TokenCleaner } from './tokenCleaner';
// corpus-policy:
import { DisruptionController } from './disruption';
import { ClusterRoleAggregationController } from './clusterRoleAggregation';
import { ValidatingAdmissionPolicyStatusController } from './validatingAdmissionPolicyStatus';

/**
 * Every controller kube-controller-manager runs, as k/k lists them in
 * cmd/kube-controller-manager/app/controller_descriptor.go (NewControllerDescriptors). Each
 * lives in its own file. k/k keeps them in a map and starts them in no particular order; this
 * order is the one the simulation has always started them in, which fixes the order of the
 * informers' LIST and WATCH requests, so the traces stay as they were.
 */
export function newControllers(manager: KubeControllerManager): Controller[] {
  return [
    new DeploymentController(manager),
    new ReplicaSetController(manager),
    new JobController(manager),
    new GarbageCollector(manager),
    new PodGCController(manager),
    new EndpointsController(manager),
    new EndpointSliceController(manager),
    new NodeLifecycleController(manager),
    // Split from node lifecycle in v1.29 (k/k: pkg/controller/tainteviction).
    new TaintEvictionController(manager),
    new NamespaceController(manager),
    new ServiceAccountController(manager),
    // k/k starts it first (SA tokens for the other controllers); here it is last, so the other
    // controllers' requests keep their order.
    new ServiceAccountTokenController(manager),
    // workloads: added after the others so the earlier controllers' requests keep their order.
    new DaemonSetsController(manager),
    new StatefulSetController(manager),
    new CronJobController(manager),
    // storage: k/k's persistentvolume-binder (pkg/controller/volume/persistentvolume).
    new PersistentVolumeBinder(manager),
    // quota: k/k's replicationcontroller and resourcequota controllers.
    new ReplicationManager(manager),
    new ResourceQuotaController(manager),
    // hpa: k/k's horizontalpodautoscaling controller (pkg/controller/podautoscaler).
    new HorizontalController(manager),
    // corpus-apps: kubeadm turns on k/k's tokencleaner (expired bootstrap tokens).
    new TokenCleaner(manager),
    // corpus-policy: k/k's disruption controller (pkg/controller/disruption), last so the
    // others' requests keep their order.
    new DisruptionController(manager),
    // k/k's clusterrole-aggregation controller (pkg/controller/clusterroleaggregation).
    new ClusterRoleAggregationController(manager),
    // k/k's validatingadmissionpolicy-status controller: type checks into the policy's status.
    new ValidatingAdmissionPolicyStatusController(manager),
  ];
}

/**
 * kube-controller-manager: the core controllers in one process with one set of shared
 * informers. The cloud-specific ones run in cloud-controller-manager (../cloud).
 */
export class KubeControllerManager extends ControllerManager {
  constructor(ctx: ClusterContext) {
    super(ctx, KCM, 'kube-controller-manager');
    this.add(...newControllers(this));
  }
}
