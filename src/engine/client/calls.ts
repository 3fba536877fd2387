import type { ApiRequest, ApiResponse } from '../apiserver/types';
import type { KubeObject } from '../api/types';
import type { ApiClient } from './client';
import { suspend, type Co } from './coroutine';

/**
 * The API client for coroutines: each call sends the same traced request as {@link ApiClient}
 * and returns the response when it arrives (`const r = yield* api.create(…)`), as client-go's
 * calls block in a Go controller.
 */
export class ApiCalls {
  constructor(private readonly client: ApiClient) {}

  /** Any request: `yield* api.request({ verb: 'list', resource: 'pods', namespace })`. */
  request(req: ApiRequest): Co<ApiResponse> {
    return suspend((resume) => this.client.request(req, resume));
  }

  create(resource: string, namespace: string | undefined, body: KubeObject): Co<ApiResponse> {
    return suspend((resume) => this.client.create(resource, namespace, body, resume));
  }

  get(resource: string, namespace: string | undefined, name: string): Co<ApiResponse> {
    return suspend((resume) => this.client.get(resource, namespace, name, resume));
  }

  update(resource: string, body: KubeObject): Co<ApiResponse> {
    return suspend((resume) => this.client.update(resource, body, resume));
  }

  /** PUT <resource>/status with the object's status. */
  updateStatus(resource: string, body: KubeObject): Co<ApiResponse> {
    return suspend((resume) => this.client.updateStatus(resource, body, resume));
  }

  patch(
    resource: string,
    namespace: string | undefined,
    name: string,
    body: unknown,
    patchType: ApiRequest['patchType'] = 'strategic',
  ): Co<ApiResponse> {
    return suspend((resume) =>
      this.client.patch(resource, namespace, name, body, resume, undefined, patchType),
    );
  }

  /** PATCH <resource>/status. */
  patchStatus(
    resource: string,
    namespace: string | undefined,
    name: string,
    body: unknown,
    patchType: ApiRequest['patchType'] = 'strategic',
  ): Co<ApiResponse> {
    return suspend((resume) =>
      this.client.patch(resource, namespace, name, body, resume, 'status', patchType),
    );
  }

  delete(
    resource: string,
    namespace: string | undefined,
    name: string,
    opts: Pick<ApiRequest, 'propagationPolicy' | 'gracePeriodSeconds'> = {},
  ): Co<ApiResponse> {
    return suspend((resume) => this.client.delete(resource, namespace, name, resume, opts));
  }
}
