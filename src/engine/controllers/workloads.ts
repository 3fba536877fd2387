import type { Component } from '../component';
import type { Controller } from './controller';

/**
 * The workload controllers of kube-controller-manager: ReplicaSet, Deployment, Job, garbage
 * collector, PodGC. Each lives in its own file; this list is what the manager runs.
 */
export function workloadControllers(manager: Component): Controller[] {
  void manager;
  return [];
}
