import type { Component } from '../component';
import type { Controller } from './controller';
import { EndpointsController } from './endpoints';
import { EndpointSliceController } from './endpointSlice';
import { NamespaceController } from './namespace';
import { NodeLifecycleController } from './nodeLifecycle';
import { TaintEvictionController } from './taintEviction';

/**
 * The service, node and namespace controllers of kube-controller-manager: Endpoints,
 * EndpointSlice, node lifecycle, taint eviction (split from node lifecycle since v1.29),
 * namespace. Each lives in its own file.
 */
export function networkingControllers(manager: Component): Controller[] {
  return [
    new EndpointsController(manager),
    new EndpointSliceController(manager),
    new NodeLifecycleController(manager),
    new TaintEvictionController(manager),
    new NamespaceController(manager),
  ];
}
