import type { ResourceInfo } from '../../../../api/resources';
import { genericStrategy, type RESTStrategy } from '../../strategy';

/**
 * k/k: pkg/registry/networking/ingress/strategy.go: a new Ingress starts with an empty status
 * (`loadBalancer: {}`), which only the ingress controller fills through `ingresses/status`; a
 * spec change bumps the generation.
 */
export function ingressStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info, {
    prepareForCreate(obj) {
      obj.status = { loadBalancer: {} };
    },
  });
}
