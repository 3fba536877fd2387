import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1';
import { matchesLabelSelector } from '../api/labels';
import type { KubeObject, Pod } from '../api/types';
import { clone, jsonEqual } from '../apiserver/patch';
import type { Informer } from '../client/informer';
import type { Component } from '../component';
import { Controller } from './controller';

/** The owners whose `spec.replicas` k/k's finders read (ReplicaSet up to its Deployment). */
const SCALED = ['replicasets', 'deployments', 'replicationcontrollers', 'statefulsets'] as const;

type Owned = { spec?: { replicas?: number }; metadata?: KubeObject['metadata'] };

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** k/k: intstr.GetScaledValueFromIntOrPercent, rounding up. */
function scaled(v: number | string, total: number): number {
  if (typeof v === 'number') return v;
  return Math.ceil((parseInt(v, 10) * total) / 100);
}

/**
 * The disruption controller (k/k: pkg/controller/disruption/disruption.go): for each
 * PodDisruptionBudget, count the pods its selector picks (an empty selector picks the whole
 * namespace), how many are healthy (Ready and not being deleted), how many must stay healthy
 * (`minAvailable`, or the owners' replicas less `maxUnavailable`), and write
 * `status.disruptionsAllowed` with the DisruptionAllowed condition, which the eviction
 * subresource then spends.
 */
export class DisruptionController extends Controller {
  private pdbs!: Informer<KubeObject>;
  private pods!: Informer<Pod>;
  private owners!: Map<string, Informer<KubeObject>>;

  constructor(manager: Component) {
    super(manager, 'disruption', 'controllermanager');
  }

  setup(): void {
    this.pdbs = this.informers.informer<KubeObject>('poddisruptionbudgets');
    this.pdbs.on({ add: (p) => this.enqueue(p), update: (_o, p) => this.enqueue(p) });
    this.pods = this.informers.informer<Pod>('pods');
    const touch = (pod: Pod) => {
      for (const p of this.pdbs.list())
        if (
          p.metadata?.namespace === pod.metadata?.namespace &&
          matchesLabelSelector(
            pod.metadata?.labels,
            (p as unknown as PodDisruptionBudget).spec?.selector,
          )
        )
          this.enqueue(p);
    };
    this.pods.on({ add: touch, update: (_o, p) => touch(p), delete: touch });
    this.owners = new Map(
      SCALED.map((plural) => [plural, this.informers.informer<KubeObject>(plural)]),
    );
  }

  /** k/k getExpectedScale: the replicas of every controller owning one of the pods. */
  private expectedScale(pods: Pod[]): number | undefined {
    const seen = new Set<string>();
    let total = 0;
    for (const pod of pods) {
      const ref = pod.metadata?.ownerReferences?.find((o) => o.controller);
      if (!ref) return undefined;
      const ns = pod.metadata?.namespace;
      let owner: Owned | undefined;
      if (ref.kind === 'ReplicaSet') {
        const rs = this.owners.get('replicasets')!.get(`${ns}/${ref.name}`) as Owned | undefined;
        const dref = rs?.metadata?.ownerReferences?.find(
          (o) => o.controller && o.kind === 'Deployment',
        );
        owner = dref
          ? (this.owners.get('deployments')!.get(`${ns}/${dref.name}`) as Owned | undefined)
          : rs;
      } else if (ref.kind === 'ReplicationController')
        owner = this.owners.get('replicationcontrollers')!.get(`${ns}/${ref.name}`) as Owned;
      else if (ref.kind === 'StatefulSet')
        owner = this.owners.get('statefulsets')!.get(`${ns}/${ref.name}`) as Owned;
      if (!owner?.metadata?.uid) return undefined;
      if (seen.has(owner.metadata.uid)) continue;
      seen.add(owner.metadata.uid);
      total += owner.spec?.replicas ?? 0;
    }
    return total;
  }

  reconcile(key: string): void {
    if (!this.synced(this.pdbs, this.pods, ...this.owners.values()))
      return this.queue.addAfter(key, 100);
    const pdb = this.pdbs.get(key) as unknown as PodDisruptionBudget | undefined;
    if (!pdb?.metadata) return;
    const ns = pdb.metadata.namespace;
    const pods = this.pods
      .list()
      .filter(
        (p) =>
          p.metadata?.namespace === ns &&
          matchesLabelSelector(p.metadata?.labels, pdb.spec?.selector),
      );
    if (!pods.length)
      this.recorder.event(
        pdb as unknown as KubeObject,
        'Normal',
        'NoPods',
        'No matching pods found',
      );
    // k/k getExpectedPodCount.
    let expected: number | undefined;
    let desired = 0;
    const { minAvailable, maxUnavailable } = pdb.spec ?? {};
    if (maxUnavailable !== undefined) {
      expected = this.expectedScale(pods);
      if (expected !== undefined)
        desired = Math.max(0, expected - scaled(maxUnavailable, expected));
    } else if (typeof minAvailable === 'number') {
      expected = pods.length;
      desired = minAvailable;
    } else if (typeof minAvailable === 'string') {
      expected = this.expectedScale(pods);
      if (expected !== undefined) desired = scaled(minAvailable, expected);
    }
    const old = pdb.status;
    // A pod the eviction took counts as disrupted until it is gone (k/k buildDisruptedPodMap).
    const disrupted = Object.fromEntries(
      Object.entries(old?.disruptedPods ?? {}).filter(([name]) =>
        pods.some((p) => p.metadata?.name === name && !p.metadata?.deletionTimestamp),
      ),
    );
    const healthy = pods.filter(
      (p) =>
        !p.metadata?.deletionTimestamp && isReady(p) && !((p.metadata?.name ?? '') in disrupted),
    ).length;
    // failSafe when a pod's owner cannot be scaled: no disruption is allowed.
    const allowed = expected === undefined ? 0 : Math.max(0, healthy - desired);
    const condStatus = allowed > 0 ? 'True' : 'False';
    const prevCond = old?.conditions?.find((c) => c.type === 'DisruptionAllowed');
    const now = this.clock.timestamp();
    const status: PodDisruptionBudgetStatus = {
      observedGeneration: pdb.metadata.generation,
      ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
      disruptionsAllowed: allowed,
      currentHealthy: healthy,
      desiredHealthy: desired,
      expectedPods: expected ?? 0,
      conditions: [
        {
          type: 'DisruptionAllowed',
          status: condStatus,
          reason:
            expected === undefined
              ? 'SyncFailed'
              : allowed > 0
                ? 'SufficientPods'
                : 'InsufficientPods',
          message: '',
          observedGeneration: pdb.metadata.generation,
          lastTransitionTime:
            prevCond && prevCond.status === condStatus ? prevCond.lastTransitionTime : now,
        },
      ],
    };
    if (jsonEqual(old ?? {}, status)) return;
    const next = { ...clone(pdb as unknown as KubeObject), status } as KubeObject;
    this.client.updateStatus('poddisruptionbudgets', next, (r) => {
      if (r.code === 200 || r.code === 404) return this.queue.forget(key);
      this.queue.addRateLimited(key);
    });
  }
}
