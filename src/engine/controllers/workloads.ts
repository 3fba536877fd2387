import type { Component } from '../component';
import type { Controller } from './controller';
import { DeploymentController } from './deployment';
import { GarbageCollector } from './garbageCollector';
import { JobController } from './job';
import { PodGCController } from './podGC';
import { ReplicaSetController } from './replicaSet';

/**
 * The workload controllers of kube-controller-manager: Deployment, ReplicaSet, Job, garbage
 * collector, PodGC. Each lives in its own file; this list is what the manager runs.
 */
export function workloadControllers(manager: Component): Controller[] {
  return [
    new DeploymentController(manager),
    new ReplicaSetController(manager),
    new JobController(manager),
    new GarbageCollector(manager),
    new PodGCController(manager),
  ];
}
