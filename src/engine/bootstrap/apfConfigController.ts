/**
 * kube-apiserver's API Priority and Fairness config controller, as far as the API shows it (k/k
 * v1.31: staging/src/k8s.io/apiserver/pkg/util/flowcontrol/apf_controller.go, digestConfigObjects
 * and its FlowSchema status updates): it watches FlowSchemas and PriorityLevelConfigurations and
 * keeps each FlowSchema's `Dangling` condition telling whether the priority level it names exists.
 * (The request throttling itself — queues, seats, shuffle sharding — is not simulated.)
 */
import type { FlowSchema, FlowSchemaCondition } from 'kubernetes-types/flowcontrol/v1';
import type { KubeObject } from '../api/types';
import type { ApiServer } from '../apiserver/server';
import type { ApiRequest, ApiResponse } from '../apiserver/types';
import type { Clock } from '../sim/clock';
import { APF_BOOTSTRAP_OBJECTS } from './apfConfiguration';

const FLOW_SCHEMAS = '/registry/flowschemas/';
const PRIORITY_LEVELS = '/registry/prioritylevelconfigurations/';

/** k/k: the field manager of the controller's status writes. */
export const APF_FIELD_MANAGER = 'api-priority-and-fairness-config-consumer-v1';

/** What the controller reads and how it writes (kube-apiserver's loopback client). */
export interface ApfConfigApi {
  /** The stored FlowSchemas and PriorityLevelConfigurations (the informers' caches). */
  flowSchemas(): readonly KubeObject[];
  priorityLevelNames(): ReadonlySet<string>;
  /** Call `cb` after every change to either kind. */
  onChange(cb: () => void): void;
  request(req: ApiRequest, cb: (r: ApiResponse) => void): void;
}

/** The `Dangling` condition k/k writes for a FlowSchema naming `plName`. */
export function danglingCondition(
  plName: string,
  dangling: boolean,
): Omit<FlowSchemaCondition, 'lastTransitionTime'> {
  return dangling
    ? {
        type: 'Dangling',
        status: 'True',
        reason: 'NotFound',
        message: `This FlowSchema references the PriorityLevelConfiguration object named "${plName}" but there is no such object`,
      }
    : {
        type: 'Dangling',
        status: 'False',
        reason: 'Found',
        message: `This FlowSchema references the PriorityLevelConfiguration object named "${plName}" and it exists`,
      };
}

export class ApfConfigController {
  private queued = false;
  /**
   * k/k `rvOutdated`: the resourceVersion of a FlowSchema whose status write is in flight, so a
   * second pass before the write lands does not send it again.
   */
  private readonly inFlight = new Map<string, string>();

  constructor(
    private readonly clock: Clock,
    private readonly api: ApfConfigApi,
  ) {}

  start(): void {
    this.api.onChange(() => this.enqueue());
    this.enqueue();
  }

  /** One digest per burst of changes (k/k: a single-item work queue). */
  private enqueue(): void {
    if (this.queued) return;
    this.queued = true;
    this.clock.setTimeout(() => {
      this.queued = false;
      this.digest();
    }, 0);
  }

  /** k/k digestConfigObjects: every FlowSchema's Dangling condition against the levels. */
  private digest(): void {
    const levels = this.api.priorityLevelNames();
    for (const obj of this.api.flowSchemas()) {
      const fs = obj as FlowSchema;
      const name = fs.metadata?.name ?? '';
      const plName = fs.spec?.priorityLevelConfiguration?.name ?? '';
      const want = danglingCondition(plName, !levels.has(plName));
      const have = fs.status?.conditions?.find((c) => c.type === 'Dangling');
      if (
        have?.status === want.status &&
        have?.reason === want.reason &&
        have?.message === want.message
      )
        continue;
      const rv = fs.metadata?.resourceVersion ?? '';
      if (this.inFlight.get(name) === rv) continue;
      this.inFlight.set(name, rv);
      const conditions = [
        ...(fs.status?.conditions ?? []).filter((c) => c.type !== 'Dangling'),
        { ...want, lastTransitionTime: this.clock.timestamp() },
      ];
      this.api.request(
        {
          verb: 'patch',
          resource: 'flowschemas',
          subresource: 'status',
          name,
          patchType: 'merge',
          fieldManager: APF_FIELD_MANAGER,
          body: { status: { conditions } },
        },
        () => this.inFlight.delete(name),
      );
    }
  }
}

/**
 * kube-apiserver's APF start-up: the config controller runs over the watch cache, and the
 * config producer creates the bootstrap objects (./apfConfiguration), each once.
 */
export function startPriorityAndFairness(
  server: ApiServer,
  request: (req: ApiRequest, cb?: (r: ApiResponse) => void) => void,
): void {
  const stored = (prefix: string) =>
    [...server.objects].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v.obj);
  new ApfConfigController(server.clock, {
    flowSchemas: () => stored(FLOW_SCHEMAS),
    priorityLevelNames: () => new Set(stored(PRIORITY_LEVELS).map((o) => o.metadata?.name ?? '')),
    onChange(cb) {
      for (const prefix of [FLOW_SCHEMAS, PRIORITY_LEVELS])
        server.cache.add({ prefix, fromRevision: server.etcd.store.revision, send: cb });
    },
    request: (req, cb) => request(req, cb),
  }).start();
  for (const obj of APF_BOOTSTRAP_OBJECTS)
    request({
      verb: 'create',
      resource: obj.kind === 'FlowSchema' ? 'flowschemas' : 'prioritylevelconfigurations',
      body: JSON.parse(JSON.stringify(obj)) as KubeObject,
    });
}
