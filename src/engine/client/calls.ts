import type { ApiRequest, ApiResponse } from '../apiserver/types';
import type { KubeObject, Status } from '../api/types';
import type { Stored } from '../api/stored';
import type { ApiClient } from './client';
import { suspend, type Co } from './coroutine';

/**
 * The reply to a request for one object: on success (2xx) its body is the object as the API
 * server stored it, so its metadata is filled in; on failure a Status.
 */
export interface ObjectResponse<T extends KubeObject> extends ApiResponse {
  body?: Stored<T> | Status | string;
}

/** A reply as an object reply: what the API server answers a create, get, update or patch. */
function* objectReply<T extends KubeObject>(
  start: (resume: (r: ApiResponse) => void) => void,
): Co<ObjectResponse<T>> {
  return (yield* suspend(start)) as ObjectResponse<T>;
}

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

  create<T extends KubeObject>(
    resource: string,
    namespace: string | undefined,
    body: T,
  ): Co<ObjectResponse<T>> {
    return objectReply((resume) => this.client.create(resource, namespace, body, resume));
  }

  get<T extends KubeObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    name: string,
  ): Co<ObjectResponse<T>> {
    return objectReply((resume) => this.client.get(resource, namespace, name, resume));
  }

  update<T extends KubeObject>(resource: string, body: T): Co<ObjectResponse<T>> {
    return objectReply((resume) => this.client.update(resource, body, resume));
  }

  /** PUT <resource>/status with the object's status. */
  updateStatus<T extends KubeObject>(resource: string, body: T): Co<ObjectResponse<T>> {
    return objectReply((resume) => this.client.updateStatus(resource, body, resume));
  }

  patch<T extends KubeObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    name: string,
    body: unknown,
    patchType: ApiRequest['patchType'] = 'strategic',
  ): Co<ObjectResponse<T>> {
    return objectReply((resume) =>
      this.client.patch(resource, namespace, name, body, resume, undefined, patchType),
    );
  }

  /** PATCH <resource>/status. */
  patchStatus<T extends KubeObject = KubeObject>(
    resource: string,
    namespace: string | undefined,
    name: string,
    body: unknown,
    patchType: ApiRequest['patchType'] = 'strategic',
  ): Co<ObjectResponse<T>> {
    return objectReply((resume) =>
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
