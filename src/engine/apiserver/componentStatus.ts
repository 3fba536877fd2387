import type { ComponentStatus as CoreComponentStatus } from 'kubernetes-types/core/v1';
import type { DeepMutable } from '../api/types';
import type { ResourceInfo } from '../api/resources';
import * as errors from './errors';
import type { Reply } from './server';
import type { ApiRequest } from './types';

export type ComponentStatus = DeepMutable<CoreComponentStatus>;

/** The deprecation warning kubectl prints before the table (v1 ComponentStatus, since v1.19). */
export const COMPONENT_STATUS_WARNING = 'Warning: v1 ComponentStatus is deprecated in v1.19+';

/**
 * What the API server's componentstatus registry probes. A Cluster fits: `scheduler.running`,
 * `controllerManager.running`, and `net.down` holding `etcd` when etcd is stopped.
 */
export interface ComponentHealthInputs {
  scheduler: { running: boolean };
  controllerManager: { running: boolean };
  net: { down: ReadonlySet<string> };
}

function status(
  name: string,
  healthy: 'True' | 'False' | 'Unknown',
  message: string,
  error: string,
): ComponentStatus {
  const condition: NonNullable<ComponentStatus['conditions']>[number] = {
    type: 'Healthy',
    status: healthy,
  };
  if (message) condition.message = message;
  if (error) condition.error = error;
  return { apiVersion: 'v1', kind: 'ComponentStatus', metadata: { name }, conditions: [condition] };
}

/**
 * An HTTP health probe of a control-plane component (k/k: pkg/registry/core/componentstatus).
 * When nothing listens, the HTTP prober turns the connection error into `probe.Failure` with the
 * error text as its output (k/k pkg/probe/http/http.go DoHTTPProbe), so the condition is `False`
 * and kubectl prints the text under MESSAGE, the STATUS `Unhealthy`.
 */
function httpProbe(name: string, port: number, up: boolean): ComponentStatus {
  if (up) return status(name, 'True', 'ok', '');
  return status(
    name,
    'False',
    `Get "https://127.0.0.1:${port}/healthz": dial tcp 127.0.0.1:${port}: connect: connection refused`,
    '',
  );
}

/**
 * `GET /api/v1/componentstatuses`: the scheduler (secure port 10259), the controller manager
 * (10257) and etcd. Since the etcd check became a storage-backend probe (k/k EtcdServer
 * DoServerCheck), a healthy etcd reports `ok` too; a failed one `error getting data from etcd`.
 */
export function componentStatuses(inputs: ComponentHealthInputs): ComponentStatus[] {
  const etcdUp = !inputs.net.down.has('etcd');
  // rest.go probes them in parallel goroutines, so the real order varies from call to call;
  // this is the order kubeadm clusters usually print.
  return [
    httpProbe('controller-manager', 10257, inputs.controllerManager.running),
    httpProbe('scheduler', 10259, inputs.scheduler.running),
    etcdUp
      ? status('etcd-0', 'True', 'ok', '')
      : status('etcd-0', 'False', '', 'error getting data from etcd: context deadline exceeded'),
  ];
}

/**
 * `GET /api/v1/componentstatuses[/NAME]`: built when asked, never stored in etcd
 * (k/k: pkg/registry/core/componentstatus/rest.go is a read-only REST storage: get and list).
 * `down` holds the component ids that are stopped.
 */
export function serveComponentStatuses(
  req: ApiRequest,
  down: ReadonlySet<string>,
  reply: Reply,
): void {
  const items = componentStatuses({
    scheduler: { running: !down.has('kube-scheduler') },
    controllerManager: { running: !down.has('kube-controller-manager') },
    net: { down },
  });
  if (req.verb === 'list') {
    return reply({
      code: 200,
      body: { apiVersion: 'v1', kind: 'ComponentStatusList', metadata: {}, items },
    });
  }
  if (req.verb === 'get' && req.name) {
    const item = items.find((i) => i.metadata?.name === req.name);
    if (item) return reply({ code: 200, body: item });
    return reply({ code: 404, body: errors.notFound(COMPONENT_STATUS_INFO, req.name) });
  }
  reply({
    code: 405,
    body: errors.methodNotAllowed(`verb ${req.verb} is not supported on componentstatuses`),
  });
}

/** Enough of a resource description for the API server's error texts. */
const COMPONENT_STATUS_INFO = { plural: 'componentstatuses', group: '' } as ResourceInfo;
