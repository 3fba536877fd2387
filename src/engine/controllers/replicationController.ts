import type { Component } from '../component';
import type { ReplicationController } from '../api/types';
import { ReplicaSetController, type ReplicatedKind } from './replicaSet';

/**
 * ReplicationControllers as the ReplicaSet controller sees them (k/k: pkg/controller/replication/
 * conversion.go): the same fields, except that the selector is a plain label map, which becomes
 * `matchLabels`.
 */
const REPLICATION_CONTROLLER_KIND: ReplicatedKind = {
  plural: 'replicationcontrollers',
  kind: 'ReplicationController',
  apiVersion: 'v1',
  name: 'replicationcontroller',
  source: 'replication-controller',
  selector: (spec) => {
    const map = (spec as ReplicationController['spec'])?.selector;
    return map ? { matchLabels: map } : undefined;
  },
};

/**
 * The replication manager (k/k: pkg/controller/replication/replication_controller.go): "a thin
 * wrapper around the ReplicaSet controller" — the same reconcile loop, run over
 * ReplicationControllers, with its own name and event source (`replication-controller`).
 */
export class ReplicationManager extends ReplicaSetController {
  constructor(manager: Component) {
    super(manager, REPLICATION_CONTROLLER_KIND);
  }
}
