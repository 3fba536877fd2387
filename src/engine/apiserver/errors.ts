import type { ResourceInfo } from '../api/resources';
import type { Status } from '../api/types';

/**
 * metav1.Status errors exactly as kube-apiserver builds them
 * (k/k: staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go).
 */

/** `pods`, `deployments.apps`: the qualified resource used in messages. */
export function qualified(info: ResourceInfo): string {
  return info.group ? `${info.plural}.${info.group}` : info.plural;
}

function status(
  code: number,
  reason: string,
  message: string,
  info?: ResourceInfo,
  name?: string,
): Status {
  const s: Status = { apiVersion: 'v1', kind: 'Status', status: 'Failure', message, reason, code };
  if (info) s.details = { name, group: info.group || undefined, kind: info.plural };
  return s;
}

export function notFound(info: ResourceInfo, name: string): Status {
  return status(404, 'NotFound', `${qualified(info)} "${name}" not found`, info, name);
}

export function alreadyExists(info: ResourceInfo, name: string): Status {
  return status(409, 'AlreadyExists', `${qualified(info)} "${name}" already exists`, info, name);
}

export function conflict(info: ResourceInfo, name: string, detail?: string): Status {
  return status(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(info)} "${name}": ${
      detail ??
      'the object has been modified; please apply your changes to the latest version and try again'
    }`,
    info,
    name,
  );
}

export function invalid(info: ResourceInfo, name: string, message: string): Status {
  return status(422, 'Invalid', message, info, name);
}

export function forbidden(info: ResourceInfo, name: string, detail: string): Status {
  const what = name ? `${qualified(info)} "${name}"` : qualified(info);
  return status(403, 'Forbidden', `${what} is forbidden: ${detail}`, info, name);
}

export function badRequest(message: string): Status {
  return status(400, 'BadRequest', message);
}

export function methodNotAllowed(message: string): Status {
  return status(405, 'MethodNotAllowed', message);
}

export function gone(message: string): Status {
  return status(410, 'Expired', message);
}

/** What the API server answers while etcd cannot be reached. */
export function etcdUnavailable(): Status {
  return status(500, 'InternalError', 'etcdserver: request timed out');
}

/** A 500 whose message is the underlying error as is (kubectl: `Error from server: <message>`). */
export function internalPlain(message: string): Status {
  return status(500, 'InternalError', message);
}

export function internal(message: string): Status {
  return status(500, 'InternalError', `Internal error occurred: ${message}`);
}

/** 503 while the API server is not serving (a stopped kube-apiserver never answers at all). */
export function serviceUnavailable(message: string): Status {
  return status(503, 'ServiceUnavailable', message);
}

export function isStatus(body: unknown): body is Status {
  return typeof body === 'object' && body !== null && (body as Status).kind === 'Status';
}

/** `Error from server (NotFound): pods "x" not found`, as kubectl prints an API error. */
export function kubectlErrorLine(s: Status): string {
  if (s.reason === 'Invalid' && s.details?.causes) {
    // kubectl rebuilds the message from the causes: `The Deployment "web" is invalid: …`.
    const msgs = [
      // statusCausesToAggrError: `field: message`, even when the field is empty.
      ...new Set(s.details.causes.map((c) => `${c.field ?? ''}: ${c.message}`)),
    ];
    const head = `The ${s.details.kind} "${s.details.name}" is invalid`;
    if (msgs.length === 0) return head;
    if (msgs.length === 1) return `${head}: ${msgs[0]}`;
    return `${head}: \n${msgs.map((m) => `* ${m}`).join('\n')}`;
  }
  // apf: an apierrors.NewInternalError (`Internal error occurred: …`, a failed webhook call)
  // keeps its reason, as kubectl's StandardErrorMessage prints any reason.
  if (
    s.reason === 'ServiceUnavailable' ||
    (s.reason === 'InternalError' && !s.message?.startsWith('Internal error occurred: '))
  )
    return `Error from server: ${s.message}`;
  return `Error from server (${s.reason}): ${s.message}`;
}
