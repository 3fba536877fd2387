import type { KubeObject, Status } from '../api/types';
import type { StreamEnd } from '../sim/stream';

/** The API server's component id: where every client request goes. */
export const APISERVER = 'kube-apiserver';

export type Verb =
  | 'create'
  | 'get'
  | 'list'
  | 'update'
  | 'patch'
  | 'apply'
  | 'delete'
  | 'deletecollection'
  | 'watch';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** A request to kube-apiserver, as a REST call would carry it. */
export interface ApiRequest {
  verb: Verb;
  /** Plural resource: `pods`, `deployments`. */
  resource: string;
  /**
   * hpa: the API group when it is served by an aggregated API server (`metrics.k8s.io`, whose
   * `pods` and `nodes` are PodMetrics and NodeMetrics); unset for the built-in resources.
   */
  group?: string;
  subresource?:
    'status' | 'binding' | 'scale' | 'log' | 'eviction' | 'exec' | 'attach' | 'portforward';
  namespace?: string;
  name?: string;
  body?: unknown;
  /** For patch: merge (RFC 7386) or strategic (lists of named items merged by name). */
  patchType?: 'merge' | 'strategic';
  fieldManager?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** For watch: the revision to start after. For get/list: ignored (consistent reads). */
  resourceVersion?: string;
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
  dryRun?: boolean;
  /**
   * What to do with fields the kind does not have (k/k: `?fieldValidation=`): `Strict` refuses
   * the write, `Warn` drops them with a warning, `Ignore` drops them. Unset: the object is taken
   * as it is (the cluster's own components send only known fields).
   */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  /** pods/log options. */
  container?: string;
  previous?: boolean;
  tailLines?: number;
  timestamps?: boolean;
  /** pods/exec: the command (`?command=sh&command=-c&command=…`). */
  command?: string[];
  /** pods/exec and pods/attach: stdin attached (`-i`) and a terminal (`-t`). */
  stdin?: boolean;
  tty?: boolean;
  /** pods/portforward: the pod's port (`?ports=80`). */
  port?: number;
  /** `Impersonate-User` / `Impersonate-Group` headers (`kubectl --as`, `--as-group`). */
  impersonate?: { user: string; groups?: string[] };
  /**
   * Who the API server authenticated the request as (set by the server itself after
   * authentication, for admission; a client never sends it).
   */
  user?: UserInfo;
}

export interface ApiResponse {
  /** HTTP status code. */
  code: number;
  body?: KubeObject | ListBody | Status | string;
  /** An apply that changed nothing (kubectl prints `unchanged`). */
  unchanged?: boolean;
  /**
   * No HTTP answer at all: the API server was not listening (stopped), so the connection was
   * refused. `code` is 503 so that every caller treats it as a failure.
   */
  refused?: boolean;
  /** `Warning:` headers (k/k: warning.AddWarning): kubectl prints each as `Warning: <text>`. */
  warnings?: string[];
  /**
   * `101 Switching Protocols` (pods/exec, attach, portforward): the client's end of the upgraded
   * connection.
   */
  stream?: StreamEnd;
}

/** How a handler answers a request. */
export type Reply = (r: ApiResponse) => void;

export interface ListBody {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string };
  items: KubeObject[];
}

/** One event on a watch stream (watch.Event). */
export interface WatchEventMessage {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject;
}

/** The identity the API server's authentication finds for a client. */
export interface UserInfo {
  username: string;
  groups: string[];
}

/** Authentication by client component id, as each component's certificate or token says. */
export function userFor(component: string): UserInfo {
  const [kind, node] = component.split('@');
  switch (kind) {
    case 'kubelet':
      return { username: `system:node:${node}`, groups: ['system:nodes', 'system:authenticated'] };
    case 'kube-proxy':
      return { username: 'system:kube-proxy', groups: ['system:authenticated'] };
    case 'kube-scheduler':
      return { username: 'system:kube-scheduler', groups: ['system:authenticated'] };
    case 'kube-controller-manager':
      return { username: 'system:kube-controller-manager', groups: ['system:authenticated'] };
    case 'cloud-controller-manager':
      return { username: 'system:cloud-controller-manager', groups: ['system:authenticated'] };
    default:
      return {
        username: 'kubernetes-admin',
        groups: ['kubeadm:cluster-admins', 'system:authenticated'],
      };
  }
}
