import type { ApiRequest, Reply } from '../types';

/**
 * A subresource's REST object (k/k: `pkg/registry/<group>/<kind>/storage`: BindingREST,
 * EvictionREST, LogREST, StatusREST, ScaleREST). It serves the verbs it has; the others go to
 * the main resource.
 */
export interface SubresourceREST {
  get?(req: ApiRequest, reply: Reply): void;
  create?(req: ApiRequest, reply: Reply): void;
  /** update, patch and apply. */
  update?(req: ApiRequest, reply: Reply): void;
}
