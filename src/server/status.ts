/**
 * The metav1.Status bodies the HTTP layer answers itself, worded as kube-apiserver words them
 * (k/k: staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go and the apiserver filters).
 */
import type { Status } from '../engine/api/types';

export function statusOf(code: number, reason: string, message: string): Status {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code };
}

/** The authentication filter's answer to a request without the token (filters/authentication.go). */
export const unauthorized = (): Status => statusOf(401, 'Unauthorized', 'Unauthorized');

/** `--max-request-body-bytes` exceeded (k/k: NewRequestEntityTooLargeError). */
export const tooLarge = (limit: number): Status =>
  statusOf(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);

/** The max-in-flight filter's answer, and the watch limit's. */
export const tooMany = (message: string): Status => statusOf(429, 'TooManyRequests', message);

export const notFoundPath = (): Status =>
  statusOf(404, 'NotFound', 'the server could not find the requested resource');

export const unsupportedMediaType = (type: string): Status =>
  statusOf(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${type})`,
  );

/** A strategic merge patch sent to a custom resource (k/k: crdHandler's supported patch types). */
export const unsupportedMediaTypeCustom = (): Status =>
  statusOf(
    415,
    'UnsupportedMediaType',
    'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
  );

export const methodNotSupported = (method: string, what: string): Status =>
  statusOf(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${method} ${what})`,
  );

/**
 * exec, attach and port-forward need a stream upgrade (SPDY or WebSocket v5) into a container;
 * the simulated containers run no processes a terminal could attach to over the network.
 */
export const notImplemented = (what: string): Status =>
  statusOf(
    501,
    'NotImplemented',
    `${what} is not available from kubeglass sim serve: the simulated containers cannot be reached by a stream; use the page's Terminal to run commands in a pod`,
  );

export const badRequest = (message: string): Status => statusOf(400, 'BadRequest', message);
