import type { Component } from '../component';
import type { Controller } from './controller';

/**
 * The service, node and namespace controllers of kube-controller-manager: Endpoints,
 * EndpointSlice, node lifecycle, namespace. Each lives in its own file.
 */
export function networkingControllers(manager: Component): Controller[] {
  void manager;
  return [];
}
