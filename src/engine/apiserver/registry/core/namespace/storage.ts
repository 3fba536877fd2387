import type { ResourceInfo } from '../../../../api/resources';
import type { KubeObject } from '../../../../api/types';
import { clone } from '../../../patch';
import type { ApiRequest, Reply } from '../../../types';
import { Store } from '../../store';
import { genericStatusStrategy, genericStrategy, type RESTStrategy } from '../../strategy';

/**
 * k/k: pkg/registry/core/namespace/strategy.go. A new namespace is Active; it has no
 * generation; a write to the namespace keeps the status it sends (the phase is the server's).
 */
export function namespaceStrategy(info: ResourceInfo): RESTStrategy {
  return genericStrategy(info, {
    tracksGeneration: false,
    prepareForCreate(obj) {
      obj.status = { phase: 'Active' };
    },
    prepareForUpdate: (next) => next,
  });
}

export const namespaceStatusStrategy = genericStatusStrategy();

/**
 * Namespaces (k/k: pkg/registry/core/namespace/storage/storage.go REST.Delete): the first
 * delete only marks the namespace Terminating; the namespace controller empties it, removes the
 * `kubernetes` finalizer, and the delete that follows removes it.
 */
export class NamespaceStore extends Store {
  override delete(req: ApiRequest, reply: Reply): void {
    const key = this.keyOf(req);
    const current = this.ctx.etcd.store.get(key);
    const live = current && this.ctx.live(current);
    if (!current || !live || live.metadata?.deletionTimestamp) return super.delete(req, reply);
    const next = clone(live) as KubeObject;
    next.metadata!.deletionTimestamp = this.ctx.clock.timestamp();
    next.status = { phase: 'Terminating' };
    this.write(key, current, next, reply, live);
  }
}
