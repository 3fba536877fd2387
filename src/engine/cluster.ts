import { ApiServer, APISERVER } from './apiserver/server';
import type { ApiRequest, ApiResponse } from './apiserver/types';
import { ApiClient } from './client/client';
import type { ClusterContext, Component } from './component';
import type { ControllerManager } from './controllers/manager';
import { KubeControllerManager } from './controllers/kubeControllerManager';
import { createCloudControllerManager } from './cloud/index';
import { createKubeProxy, type KubeProxy } from './node/proxy/kubeProxy';
import { ETCD, EtcdServer } from './etcd/server';
import { EtcdStore } from './etcd/store';
import { Kubelet } from './node/kubelet/kubelet';
import { ContainerRuntime } from './node/runtime/runtime';
import { Scheduler } from './scheduler/scheduler';
import { Clock } from './sim/clock';
import { Network } from './sim/network';
import { Rng } from './sim/rng';
import type { TraceEvent } from './sim/trace';
import type { KubeObject } from './api/types';
import type { KeyValue } from './etcd/store';
import { etcdKey, resourceForKind } from './api/resources';
import {
  clusterAddons,
  kindnetTemplate,
  kubeProxyTemplate,
  metricsServerAddon,
} from './bootstrap/addons';
import { controlPlaneStaticPods } from './bootstrap/staticPods';
import { KubernetesServiceController } from './bootstrap/kubernetesService';
// corpus-policy:
import { SYSTEM_PRIORITY_CLASSES } from './api/policyvalidation';
import {
  BOOTSTRAP_CLUSTER_ROLE_BINDINGS,
  BOOTSTRAP_CLUSTER_ROLES,
  KUBEADM_CLUSTER_ADMINS,
} from './bootstrap/rbacRoles';
// apf:
import { startPriorityAndFairness } from './bootstrap/apfConfigController';
import { PRELOADED_SYSTEM_IMAGES } from './node/runtime/catalogue/system';
import { STANDARD_STORAGE_CLASS } from './storage/localPathProvisioner';
import { registerClientProcesses } from './addons/processes';
import type { MetricsServer } from './metrics/metricsServer';
import { onDemand } from './onDemand';
import { cpuMillis } from './api/quantity';

/**
 * A change to a stored object, decoded once by the API server's watch cache: the object now
 * (`null` once deleted), its etcd key and revisions.
 */
export interface ObjectChange {
  key: string;
  /** The decoded object (frozen), with `metadata.resourceVersion`; null when deleted. */
  object: Readonly<KubeObject> | null;
  createRevision: number;
  modRevision: number;
}

/** The shape of a cluster: how many workers, what each can hold, and the seed of its PRNG. */
export interface ClusterConfig {
  workers: number;
  /** Allocatable CPU per worker (`"4"`). */
  cpu: string;
  /** Allocatable memory per worker (`"8Gi"`). */
  memory: string;
  seed: number | string;
  /** Max pods per node (kubelet default 110). */
  maxPods?: number;
  /** CRI implementation of every node (default containerd). */
  containerRuntime?: 'containerd' | 'cri-o';
  /** kube-apiserver `--etcd-compaction-interval` in ms (default 5 min; 0 = never compact). */
  etcdCompactionIntervalMs?: number;
  /**
   * Whether the cluster runs what kind creates in kube-system (static pods, CoreDNS, kube-proxy,
   * kindnet, local-path-provisioner). Default true, as every real cluster; false gives a bare
   * control plane (unit tests that count requests or pods use it).
   */
  kubeSystem?: boolean;
  /**
   * hpa: whether metrics-server runs (the resource metrics API that `kubectl top` and the
   * HorizontalPodAutoscaler read). Default false, as on kind; minikube and Docker Desktop offer it
   * as an addon. Off, nothing measures usage and no scrape is traced.
   */
  metricsServer?: boolean;
  /** Events kube-apiserver's watch cache keeps (default 20,000); older revisions get 410 Gone. */
  watchCacheSize?: number;
}

export const DEFAULT_CONFIG: ClusterConfig = { workers: 3, cpu: '4', memory: '8Gi', seed: 42 };

/** The in-cluster client ids: the network id of kubectl, the user's client. */
export const KUBECTL = 'kubectl';

export interface WorkerNode {
  name: string;
  kubelet: Kubelet;
  runtime: ContainerRuntime;
  /** kube-proxy of the node. */
  proxy: KubeProxy;
}

/** How long bootstrap runs before the cluster is handed to the learner (virtual ms). */
export const BOOTSTRAP_MS = 3_000;
/** With kube-system: the workers join at 1 s and their agents start, so the hand-over waits longer. */
export const KUBE_SYSTEM_BOOTSTRAP_MS = 6_000;
/**
 * When the workers join (`kubeadm join`), after the control plane and its addons are up: as on a
 * kind cluster, CoreDNS and the local-path-provisioner are then already on the control-plane node.
 */
export const WORKERS_JOIN_MS = 1_000;
/** The control-plane node's internal IP, where kube-apiserver listens (:6443). */
const CONTROL_PLANE_IP = '10.0.0.10';

/**
 * A whole simulated cluster: etcd, kube-apiserver, kube-scheduler, kube-controller-manager, and a
 * control-plane node plus N workers, each with a kubelet and a container runtime. Built
 * deterministically from its config: the same config gives the same trace.
 */
export class Cluster {
  readonly clock = new Clock();
  readonly rng: Rng;
  readonly net: Network;
  readonly etcdStore = new EtcdStore();
  readonly etcd: EtcdServer;
  readonly api: ApiServer;
  readonly ctx: ClusterContext;
  readonly scheduler: Scheduler;
  readonly controllerManager: ControllerManager;
  /** cloud-controller-manager, when the cluster runs on the simulated cloud. */
  cloudControllerManager?: ControllerManager;
  readonly nodes: WorkerNode[] = [];
  /** The user's client: every kubectl command's requests start here. */
  readonly kubectl: ApiClient;
  /** hpa: metrics-server, when the config installs it. */
  metricsServer?: MetricsServer;

  constructor(readonly config: ClusterConfig = DEFAULT_CONFIG) {
    this.rng = new Rng(config.seed);
    this.net = new Network(this.clock);
    this.etcd = new EtcdServer(this.etcdStore, this.net);
    this.api = new ApiServer(this.clock, this.rng, this.net, this.etcd, config.watchCacheSize);
    this.ctx = { clock: this.clock, rng: this.rng, net: this.net, api: this.api };
    this.kubectl = new ApiClient(this.net, this.api, KUBECTL, this.clock);
    this.scheduler = new Scheduler(this.ctx);
    this.controllerManager = new KubeControllerManager(this.ctx);
    // net: kindnetd's policy agent and ingress-nginx's controller run with their containers.
    registerClientProcesses(this.ctx);
    this.addNode('control-plane', 0, true);
    for (let i = 1; i <= config.workers; i++) this.addNode(`worker-${i}`, i, false);
    this.cloudControllerManager = createCloudControllerManager(
      this.ctx,
      this.nodes.map((n) => n.name),
    );
    // hpa: the resource metrics pipeline, scraping each node's kubelet. Loaded on demand
    // (./onDemand.ts): the page asks for it with kubectl's chunk (src/worker/host.ts needsTools).
    if (config.metricsServer === true)
      this.metricsServer = new (onDemand().MetricsServer)(this.ctx, (node) => {
        const n = this.nodes.find((x) => x.name === node);
        return n && { id: n.kubelet.id, resourceMetrics: () => n.kubelet.resourceMetrics() };
      });
  }

  private addNode(name: string, index: number, controlPlane: boolean): void {
    const runtime = new ContainerRuntime(
      `container-runtime@${name}`,
      name,
      this.clock,
      this.rng,
      this.net,
    );
    runtime.preload('registry.k8s.io/pause:3.10');
    // hpa: what a container without a CPU limit can burn at most.
    runtime.cpuCores = cpuMillis(controlPlane ? '2' : this.config.cpu) / 1000;
    // system: kind's node image holds the system pods' images.
    if (this.config.kubeSystem !== false)
      for (const image of PRELOADED_SYSTEM_IMAGES) runtime.preload(image);
    const kubelet = new Kubelet(
      this.ctx,
      {
        name,
        internalIP: `10.0.0.${10 + index}`,
        podCIDR: `10.244.${index}.0/24`,
        cpu: controlPlane ? '2' : this.config.cpu,
        memory: controlPlane ? '4Gi' : this.config.memory,
        pods: this.config.maxPods ?? 110,
        controlPlane,
        containerRuntime: this.config.containerRuntime,
        staticPods:
          controlPlane && this.config.kubeSystem !== false
            ? controlPlaneStaticPods(name, `10.0.0.${10 + index}`)
            : undefined,
      },
      runtime,
    );
    this.nodes.push({ name, kubelet, runtime, proxy: createKubeProxy(this.ctx, name) });
  }

  /** Every component with a network identity, control plane first. */
  components(): Component[] {
    const out: Component[] = [this.scheduler, this.controllerManager];
    if (this.cloudControllerManager) out.push(this.cloudControllerManager);
    for (const n of this.nodes) {
      out.push(n.kubelet);
      out.push(n.proxy);
    }
    // hpa: last, so the components before it keep their start order (and their traces).
    if (this.metricsServer) out.push(this.metricsServer);
    return out;
  }

  /**
   * Start the cluster: the API server's bootstrap writes the system namespaces and the
   * `kubernetes` Service, then every component starts and the cluster settles for BOOTSTRAP_MS.
   */
  start(): this {
    const kubeSystem = this.config.kubeSystem !== false;
    // kube-apiserver's bootstrap controllers: the system namespaces, then `service/kubernetes`
    // and its endpoints, each once the one before is stored (./bootstrap/kubernetesService).
    new KubernetesServiceController(
      this.clock,
      {
        get: (kind, namespace, name) => {
          const info = resourceForKind(kind);
          return info ? this.api.peek(etcdKey(info, namespace, name)) : undefined;
        },
        request: (req, cb) => this.system(req, cb),
      },
      ['default', 'kube-system', 'kube-public', 'kube-node-lease'],
      CONTROL_PLANE_IP,
    ).start();
    // system: kind applies local-path-storage's manifest, its Namespace first.
    if (kubeSystem)
      this.system({
        verb: 'create',
        resource: 'namespaces',
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'local-path-storage' } },
      });
    // storage: kind's default StorageClass (its installstorage action).
    this.system({ verb: 'create', resource: 'storageclasses', body: STANDARD_STORAGE_CLASS });
    // corpus-policy: kube-apiserver's scheduling/bootstrap-system-priority-classes post-start
    // hook (k/k: pkg/registry/scheduling/rest/storage_scheduling.go) creates the two built-in
    // classes the system pods name, before any pod is admitted.
    for (const pc of SYSTEM_PRIORITY_CLASSES)
      this.system({
        verb: 'create',
        resource: 'priorityclasses',
        body: JSON.parse(JSON.stringify(pc)) as typeof pc,
      });
    // corpus-policy: the rbac/bootstrap-roles post-start hook's ClusterRoles and bindings
    // (./bootstrap/rbacRoles); admin, edit and view get their rules from the aggregation
    // controller once kube-controller-manager runs.
    // kubeadm:cluster-admins comes from kubeadm init itself, once the API server answers.
    for (const obj of [
      ...BOOTSTRAP_CLUSTER_ROLES,
      ...BOOTSTRAP_CLUSTER_ROLE_BINDINGS,
      KUBEADM_CLUSTER_ADMINS,
    ])
      this.system({
        verb: 'create',
        resource: obj.kind === 'ClusterRole' ? 'clusterroles' : 'clusterrolebindings',
        body: JSON.parse(JSON.stringify(obj)) as KubeObject,
      });
    // apf: the priority-and-fairness-config-producer hook's FlowSchemas and priority levels,
    // whose Dangling conditions the APF config controller then writes.
    startPriorityAndFairness(this.api, (req, cb) => this.system(req, cb));
    this.clock.runUntil(this.clock.now + 50);
    this.api.startCompactor(this.config.etcdCompactionIntervalMs);
    // system: the control plane comes up first (its kubelet creates the static pods' mirror
    // pods), then kubeadm's and kind's addons are created, then the workers join.
    const workers = new Set<Component>(
      this.nodes.filter((n) => !n.kubelet.config.controlPlane).flatMap((n) => [n.kubelet, n.proxy]),
    );
    for (const c of this.components()) if (!workers.has(c)) c.start();
    const withDaemonSets = resourceForKind('DaemonSet') !== undefined;
    const addons = kubeSystem ? clusterAddons(withDaemonSets) : [];
    // hpa: the metrics-server addon's pod, when the cluster runs it (its API is served by the
    // MetricsServer component; the pod is what `kubectl get pods -n kube-system` shows of it).
    if (kubeSystem && this.config.metricsServer === true) addons.push(...metricsServerAddon());
    for (const obj of addons) {
      const info = resourceForKind(obj.kind ?? '');
      if (info)
        this.system({
          verb: 'create',
          resource: info.plural,
          namespace: obj.metadata?.namespace,
          body: obj,
        });
    }
    if (kubeSystem) this.clock.runUntil(WORKERS_JOIN_MS);
    for (const c of workers) c.start();
    if (kubeSystem && !withDaemonSets) for (const n of this.nodes) this.createNodeAgents(n.name);
    this.clock.runUntil(kubeSystem ? KUBE_SYSTEM_BOOTSTRAP_MS : BOOTSTRAP_MS);
    return this;
  }

  /**
   * Until the API serves DaemonSets: kube-proxy's and kindnet's pods for one node, made as the
   * DaemonSet controller would make them (its template, bound to the node), without an owner.
   */
  private createNodeAgents(node: string): void {
    for (const [name, template] of [
      ['kube-proxy', kubeProxyTemplate()],
      ['kindnet', kindnetTemplate()],
    ] as const) {
      this.system({
        verb: 'create',
        resource: 'pods',
        namespace: 'kube-system',
        body: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            generateName: `${name}-`,
            namespace: 'kube-system',
            labels: template.metadata?.labels,
          },
          spec: { ...template.spec!, nodeName: node },
        },
      });
    }
  }

  /** A request the API server makes of itself (its bootstrap controllers). */
  private system(req: ApiRequest, cb: (r: ApiResponse) => void = () => {}): void {
    this.api.handle(APISERVER, req, cb);
  }

  /** Send a request as the user (kubectl) and call back with the response. */
  request(req: ApiRequest, cb: (r: ApiResponse) => void): void {
    this.kubectl.request(req, cb);
  }

  /**
   * Send a request as the user and run the clock until its response arrives (headless use).
   * Throws if it never does within `limitMs` of virtual time.
   */
  requestSync(req: ApiRequest, limitMs = 60_000): ApiResponse {
    let resp: ApiResponse | undefined;
    this.request(req, (r) => (resp = r));
    this.clock.runUntilCondition(() => resp !== undefined, limitMs);
    if (!resp) throw new Error(`no response from kube-apiserver to ${req.verb} ${req.resource}`);
    return resp;
  }

  /**
   * Every stored object now, decoded: from the API server's watch cache where it holds the current
   * revision, else decoded from etcd once (Events, which the cache does not hold).
   */
  storedObjects(): ObjectChange[] {
    return this.etcdStore.range('/registry/').kvs.map((kv) => ({
      key: kv.key,
      object: this.decoded(kv),
      createRevision: kv.createRevision,
      modRevision: kv.modRevision,
    }));
  }

  private decoded(kv: KeyValue): Readonly<KubeObject> {
    const cached = this.api.peek(kv.key);
    if (cached && cached.metadata?.resourceVersion === String(kv.modRevision)) return cached;
    const obj = JSON.parse(kv.value) as KubeObject;
    obj.metadata = { ...obj.metadata, resourceVersion: String(kv.modRevision) };
    return obj;
  }

  /**
   * Observe every change to stored objects after etcd revision `fromRevision`, as the API server's
   * watch cache decodes them (an in-process watcher on `/registry/`, as the cacher serves its
   * clients but without a network hop, so nothing is traced and nothing is parsed twice).
   * Returns a function that stops observing.
   */
  observeObjects(fromRevision: number, fn: (change: ObjectChange) => void): () => void {
    // A key's createRevision: the revision of its ADDED event (the watch on the whole registry has
    // no selector, so ADDED means the key was created), kept until the key is deleted.
    const created = new Map<string, number>();
    for (const kv of this.etcdStore.range('/registry/').kvs) created.set(kv.key, kv.createRevision);
    const added = this.api.cache.add({
      prefix: '/registry/',
      fromRevision,
      send: (ev, revision) => {
        const key = storedKey(ev.object);
        if (key === undefined) return;
        if (ev.type === 'DELETED') {
          const createRevision = created.get(key) ?? revision;
          created.delete(key);
          fn({ key, object: null, createRevision, modRevision: revision });
          return;
        }
        if (ev.type === 'ADDED') created.set(key, revision);
        fn({
          key,
          object: ev.object,
          createRevision: created.get(key) ?? revision,
          modRevision: revision,
        });
      },
    });
    return 'id' in added ? () => this.api.cache.remove(added.id) : () => {};
  }

  /** Listen to every trace event. */
  onTrace(fn: (e: TraceEvent) => void): () => void {
    return this.net.onTrace(fn);
  }

  /** Component ids that are not kube-* processes but still on the diagram. */
  static readonly fixedComponents = [APISERVER, ETCD, KUBECTL];
}

/** The etcd key an object is stored under, from its kind, namespace and name. */
function storedKey(obj: KubeObject): string | undefined {
  const info = resourceForKind(obj.kind ?? '');
  const name = obj.metadata?.name;
  if (!info || !name) return undefined;
  return etcdKey(info, obj.metadata?.namespace, name);
}
