import type { ApiResponse } from '../../apiserver/types';
import type { KubeletServer } from '../../apiserver/server';
import type { ContainerStreamRequest } from '../../apiserver/registry/core/pod/exec';
import type { Lease, Node, Pod } from '../../api/types';
import type { Stored } from '../../api/stored';
import { EventRecorder } from '../../client/events';
import { watchedKey, type Informer } from '../../client/informer';
import { Component, type ClusterContext } from '../../component';
import { nodeImages, nodeObject, readyConditions, type NodeConfig } from './nodeStatus';
import { mirrorPod } from './mirrorPods';
import { PodWorker } from './podWorker';
import { fakeSha256 } from '../runtime/images';
import type { ContainerRuntime, PullResult } from '../runtime/runtime';
import { ReferencedObjects } from './volumes';

/** kubelet: Lease renewed every 10 s in kube-node-lease; node status checked every 10 s. */
export const LEASE_RENEW_MS = 10_000;
export const LEASE_DURATION_SECONDS = 40;
export const NODE_STATUS_UPDATE_MS = 10_000;
/** A node status with no change is still reported this often (nodeStatusReportFrequency). */
export const NODE_STATUS_REPORT_MS = 5 * 60_000;
/** kubelet.go housekeepingPeriod: pod cleanups every 2 s. */
export const HOUSEKEEPING_MS = 2_000;
/** kubelet syncFrequency: every pod is synced again each minute (its projected volumes too). */
export const SYNC_FREQUENCY_MS = 60_000;

import { collectResourceMetrics, type ResourceMetrics } from './resourceMetrics';
/**
 * The kubelet of one node: registers the Node, heartbeats with a Lease, watches the pods bound to
 * its node (`spec.nodeName=<node>`) and runs each through a pod worker that drives the container
 * runtime over the CRI. It also serves container logs to the API server.
 */
export class Kubelet extends Component implements KubeletServer {
  readonly recorder: EventRecorder;
  private pods!: Informer<Pod>;
  readonly workers = new Map<string, PodWorker>();
  /** The ConfigMaps and Secrets its pods use, one watch each. */
  readonly objects: ReferencedObjects;
  private registered = false;
  private lastStatusAt = -Infinity;
  private lastImagesKey = '';
  private podIPs = new Set<number>();
  /** The pod CIDR's first three octets (`10.244.3`), once computed. */
  private podIPBase: string | undefined;
  /** Image pulls are serialized (serializeImagePulls: true): one at a time per node. */
  private pullQueue: (() => void)[] = [];
  private pulling = false;
  /**
   * Which run of the kubelet process this is: a CRI reply addressed to an earlier run is dropped,
   * as a restarted kubelet has no caller waiting for it (its pods are re-synced instead).
   */
  private generation = 0;
  /**
   * Whether housekeeping may find a pod worker whose pod the informer no longer holds (by uid).
   * Every worker is made from an informer event, with its pod in the cache; afterwards only a
   * delete, a pod of the same name with another uid, or a restart (a new informer, which never
   * hears of pods removed while the kubelet was stopped) can leave one behind. Until one of those
   * happens, the scan would find nothing, so it is skipped: the same outcome, without reading
   * every worker's pod every 2 s on every node.
   */
  private cleanupDue = true;

  constructor(
    ctx: ClusterContext,
    readonly config: NodeConfig,
    readonly runtime: ContainerRuntime,
  ) {
    super(ctx, `kubelet@${config.name}`, 'kubelet', config.name);
    this.recorder = new EventRecorder(this.client, ctx.clock, {
      component: 'kubelet',
      host: config.name,
    });
    if (config.containerRuntime) runtime.flavour = config.containerRuntime;
    this.objects = new ReferencedObjects(
      () => this.informers,
      () => this.running,
    );
    runtime.subscribe((exit) => {
      for (const w of this.workers.values()) w.containerExited(exit);
    });
    ctx.api.registerKubelet(config.name, this.id, this);
  }

  protected onStart(): void {
    this.registered = false;
    this.objects.reset();
    // A restarted kubelet knows only what the API server and the runtime tell it: the calls of
    // its previous run are forgotten (their pulls go on in the runtime, which a new PullImage
    // joins), and every pod worker re-syncs from the runtime's real state (k/k: kubelet.go
    // syncLoop after a restart: every pod is an ADD, SyncPod from GetPodStatus).
    this.generation++;
    this.cleanupDue = true;
    this.pullQueue = [];
    this.pulling = false;
    for (const w of this.workers.values()) w.recover();
    this.registerNode();
    this.pods = this.informers.informer<Pod>('pods', {
      fieldSelector: `spec.nodeName=${this.config.name}`,
    });
    this.pods.on({
      add: (p) => this.podChanged(p),
      update: (_o, p) => this.podChanged(p),
      delete: (p) => this.podDeleted(p),
    });
    this.every(LEASE_RENEW_MS, () => this.renewLease(), 50);
    this.every(NODE_STATUS_UPDATE_MS, () => this.syncNodeStatus(false));
    this.every(HOUSEKEEPING_MS, () => this.cleanupPods());
    this.every(SYNC_FREQUENCY_MS, () => {
      for (const w of this.workers.values()) if (!w.gone) w.volumes.refresh(w.pod);
    });
  }

  /**
   * HandlePodCleanups (k/k: kubelet_pods.go), from the housekeeping tick: a pod worker whose pod
   * the API server no longer has (removed while the kubelet was stopped, so no watch event told
   * it) is stopped, and its containers and sandbox removed.
   */
  private cleanupPods(): void {
    if (!this.cleanupDue || !this.pods.hasSynced) return;
    this.cleanupDue = false;
    for (const w of [...this.workers.values()]) {
      if (this.pods.get(w.key)?.metadata?.uid === w.uid) continue;
      w.forget();
      this.workers.delete(w.key);
    }
  }

  /**
   * A CRI call of this run of the kubelet: `reply` runs only if the kubelet has not been stopped
   * (and perhaps started again) since.
   */
  cri<T>(
    method: string,
    summary: string,
    work: (done: (r: T, workMs?: number) => void) => void,
    reply: (r: T) => void,
  ): void {
    const generation = this.generation;
    this.runtime.call<T>(this.id, method, summary, work, (r) => {
      if (this.running && this.generation === generation) reply(r);
    });
  }

  protected override onStop(): void {
    for (const w of this.workers.values()) w.pause();
  }

  /** POST nodes (or, if it exists already, take it over with fresh status). */
  private registerNode(): void {
    const node = nodeObject(
      this.config,
      this.clock.timestamp(),
      this.ctx.rng.hex(32),
      this.runtime.version,
    );
    this.client.create('nodes', undefined, node, (r) => {
      if (r.code === 201 || r.code === 409) {
        this.registered = true;
        if (r.code === 409) this.syncNodeStatus(true);
        this.lastStatusAt = this.clock.now;
        // system: the static pods' mirror pods, once the Node they are owned by exists.
        if (this.config.staticPods?.length) {
          if (r.code === 201) this.createMirrorPods(r.body as Stored<Node>);
          else
            this.client.get('nodes', undefined, this.config.name, (g) => {
              if (g.code === 200) this.createMirrorPods(g.body as Stored<Node>);
            });
        }
      } else this.after(1000, () => this.registerNode());
    });
  }

  /**
   * Create the mirror pod of each static pod (k/k: pkg/kubelet/pod/mirror_client.go); one that
   * exists already (a restarted kubelet) is left as it is. The kubelet then runs them as it runs
   * every pod bound to its node.
   */
  private createMirrorPods(node: Stored<Node>): void {
    for (const pod of this.config.staticPods ?? []) {
      const hash = fakeSha256(JSON.stringify(pod.spec)).slice(0, 32);
      const mirror = mirrorPod(pod, node, hash, this.clock.timestampNano());
      this.client.create('pods', mirror.metadata?.namespace, mirror);
    }
  }

  private lease: Lease | undefined;

  /** Renew the node's Lease: create it once, then update it with the last resourceVersion. */
  private renewLease(): void {
    const name = this.config.name;
    const renewTime = this.clock.timestampNano().replace(/(\.\d{6})\d*Z$/, '$1Z');
    const done = (r: ApiResponse) => {
      if (r.code === 200 || r.code === 201) this.lease = r.body as Lease;
      else if (r.code === 409) {
        this.client.heartbeat.get('leases', 'kube-node-lease', name, (g) => {
          if (g.code === 200) this.lease = g.body as Lease;
        });
      }
    };
    if (this.lease) {
      const next: Lease = { ...this.lease, spec: { ...this.lease.spec, renewTime } };
      this.client.heartbeat.update('leases', next, done);
      return;
    }
    const lease: Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace: 'kube-node-lease' },
      spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime },
    };
    this.client.heartbeat.create('leases', 'kube-node-lease', lease, done);
  }

  /** Node status: conditions with a fresh heartbeat, and the image list when it changed. */
  syncNodeStatus(force: boolean): void {
    if (!this.registered) return;
    const images = nodeImages(this.runtime.images.values());
    const imagesKey = JSON.stringify(images.map((i) => i.names[0]));
    if (
      !force &&
      imagesKey === this.lastImagesKey &&
      this.clock.now - this.lastStatusAt < NODE_STATUS_REPORT_MS
    )
      return;
    this.lastImagesKey = imagesKey;
    this.lastStatusAt = this.clock.now;
    const now = this.clock.timestamp();
    this.client.heartbeat.get('nodes', undefined, this.config.name, (r) => {
      if (r.code !== 200) return;
      const node = r.body as Node;
      const old = node.status?.conditions ?? [];
      const conditions = readyConditions(now).map((c) => {
        const prev = old.find((o) => o.type === c.type);
        return prev && prev.status === c.status
          ? { ...c, lastTransitionTime: prev.lastTransitionTime }
          : c;
      });
      this.client.heartbeat.patch(
        'nodes',
        undefined,
        this.config.name,
        { status: { conditions, images } },
        undefined,
        'status',
        'strategic',
      );
    });
  }

  private podChanged(pod: Stored<Pod>): void {
    // The informer's key of the object it just delivered: the string its cache holds for a new pod
    // (scale: not another copy of `namespace/name` in the workers' map and the worker).
    const key = watchedKey(pod);
    let w = this.workers.get(key);
    if (!w) {
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') {
        if (pod.metadata?.deletionTimestamp)
          this.client.delete('pods', pod.metadata.namespace, pod.metadata.name!, undefined, {
            gracePeriodSeconds: 0,
          });
        return;
      }
      w = new PodWorker(this, pod, key);
      this.workers.set(key, w);
    } else if (w.uid !== pod.metadata?.uid) this.cleanupDue = true;
    w.update(pod);
  }

  private podDeleted(pod: Pod): void {
    this.cleanupDue = true;
    const key = watchedKey(pod);
    const w = this.workers.get(key);
    if (w && w.uid === pod.metadata?.uid) {
      w.forget();
      this.workers.delete(key);
    }
  }

  /** Called by a pod worker once its pod is gone from the API. */
  removeWorker(key: string, uid: string): void {
    const w = this.workers.get(key);
    if (w && w.uid === uid) this.workers.delete(key);
    this.runtime.removePod(uid);
    this.objects.unregister(uid);
  }

  /**
   * A pod IP from the node's pod CIDR (x.y.z.0/24: .2 to .254; .1 is the bridge); a pod on the
   * host's network (static pods, kube-proxy, kindnet) has the node's IP.
   */
  allocatePodIP(hostNetwork = false): string {
    if (hostNetwork) return this.config.internalIP;
    const base = (this.podIPBase ??= this.config.podCIDR.replace(/\.0\/24$/, ''));
    for (let i = 2; i < 255; i++) {
      if (!this.podIPs.has(i)) {
        this.podIPs.add(i);
        return `${base}.${i}`;
      }
    }
    return `${base}.254`;
  }

  releasePodIP(ip: string | undefined): void {
    if (ip && ip !== this.config.internalIP) this.podIPs.delete(Number(ip.split('.').pop()));
  }

  /** Queue an image pull; pulls on one node happen one at a time. */
  pullImage(image: string, summary: string, done: (r: PullResult, waitedMs: number) => void): void {
    const queuedAt = this.clock.now;
    this.pullQueue.push(() => {
      this.cri<PullResult>(
        'PullImage',
        summary,
        (finish) => this.runtime.pull(image, (r, ms) => finish(r, ms)),
        (r) => {
          this.pulling = false;
          this.syncNodeStatus(false);
          done(r, this.clock.now - queuedAt);
          this.nextPull();
        },
      );
    });
    this.nextPull();
  }

  private nextPull(): void {
    if (this.pulling) return;
    const next = this.pullQueue.shift();
    if (!next) return;
    this.pulling = true;
    next();
  }

  /** GET /containerLogs/<ns>/<pod>/<container> on port 10250. */
  containerLogs(
    req: {
      namespace: string;
      pod: string;
      container?: string;
      previous?: boolean;
      tailLines?: number;
      timestamps?: boolean;
    },
    reply: (r: ApiResponse) => void,
  ): void {
    const w = this.workers.get(`${req.namespace}/${req.pod}`);
    if (!w) return reply({ code: 404, body: `pods "${req.pod}" not found` });
    w.logs(req, reply);
  }

  /** POST /exec, /attach, /portForward on port 10250 (./containerExec.ts). */
  containerStream(req: ContainerStreamRequest, reply: (r: ApiResponse) => void): void {
    const w = this.workers.get(`${req.namespace}/${req.pod}`);
    // k/k server.go: a pod the kubelet does not know (gone, or not synced yet).
    if (!w || w.gone) return reply({ code: 404, body: 'pod does not exist' });
    w.stream(req, reply);
  }

  /** hpa: GET /metrics/resource on port 10250 (what metrics-server scrapes). */
  resourceMetrics(): ResourceMetrics {
    const pods = [...this.workers.values()].map((w) => ({
      namespace: w.pod.metadata.namespace ?? 'default',
      name: w.pod.metadata.name,
      uid: w.uid,
    }));
    const node = { name: this.config.name, controlPlane: this.config.controlPlane, bootedAt: 0 };
    return collectResourceMetrics(node, pods, this.runtime, this.clock.now);
  }

  isRunning(): boolean {
    return this.running;
  }
}
