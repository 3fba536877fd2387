import type { ApiRequest, Reply } from '../types';
import type { SubresourceREST } from './rest';
import type { Store } from './store';
import type { StatusStrategy } from './strategy';

/** `<resource>/status` (k/k StatusREST): reads the object, writes its status only. */
export class StatusREST implements SubresourceREST {
  constructor(
    private readonly store: Store,
    private readonly strategy: StatusStrategy,
  ) {}

  get(req: ApiRequest, reply: Reply): void {
    this.store.get(req, reply);
  }

  update(req: ApiRequest, reply: Reply): void {
    this.store.update(req, reply, { status: this.strategy });
  }
}
