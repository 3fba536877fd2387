/**
 * The scheduler's volume binder (k/k: pkg/scheduler/framework/plugins/volumebinding/binder.go):
 * its view of claims, volumes and classes, and the PreBind step that asks for a pod's
 * WaitForFirstConsumer claims to be bound on the chosen node before the pod is bound.
 */
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../api/storageTypes';
import type { Pod } from '../api/types';
import type { ApiClient } from '../client/client';
import type { Informer, SharedInformerFactory } from '../client/informer';
import { ANN_SELECTED_NODE } from '../controllers/persistentVolumeBinder';
import type { Clock } from '../sim/clock';

/** How long PreBind waits for the claims to be bound (bindTimeoutSeconds, 600 s). */
export const BIND_TIMEOUT_MS = 600_000;
/** How often PreBind looks again while it waits. */
const POLL_MS = 1_000;

/** The claims, volumes and classes the VolumeBinding plugin reads (its listers). */
export interface VolumeListers {
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  volume(name: string): PersistentVolume | undefined;
  volumes(): PersistentVolume[];
  storageClass(name: string): StorageClass | undefined;
}

/** The claim names of a pod's persistentVolumeClaim volumes. */
export function podClaimNames(pod: Pod): string[] {
  const out: string[] = [];
  for (const v of pod.spec?.volumes ?? []) {
    const n = v.persistentVolumeClaim?.claimName;
    if (n) out.push(n);
  }
  return out;
}

export class VolumeBinder implements VolumeListers {
  readonly claims: Informer<PersistentVolumeClaim>;
  readonly pvs: Informer<PersistentVolume>;
  readonly classes: Informer<StorageClass>;

  constructor(informers: SharedInformerFactory) {
    this.claims = informers.informer<PersistentVolumeClaim>('persistentvolumeclaims');
    this.pvs = informers.informer<PersistentVolume>('persistentvolumes');
    this.classes = informers.informer<StorageClass>('storageclasses');
  }

  /** A change to any of them may make an unschedulable pod fit (PVC/PV/StorageClass events). */
  onChange(fn: () => void): void {
    for (const i of [this.claims, this.pvs, this.classes] as Informer[])
      i.on({ add: fn, update: fn });
  }

  get hasSynced(): boolean {
    return this.claims.hasSynced && this.pvs.hasSynced && this.classes.hasSynced;
  }

  claim(namespace: string, name: string): PersistentVolumeClaim | undefined {
    return this.claims.get(`${namespace}/${name}`) as PersistentVolumeClaim | undefined;
  }

  volume(name: string): PersistentVolume | undefined {
    return this.pvs.get(name) as PersistentVolume | undefined;
  }

  volumes(): PersistentVolume[] {
    return this.pvs.list() as PersistentVolume[];
  }

  storageClass(name: string): StorageClass | undefined {
    return this.classes.get(name) as StorageClass | undefined;
  }

  /**
   * PreBind (BindPodVolumes): each unbound claim of the pod gets the chosen node in its
   * `volume.kubernetes.io/selected-node` annotation, so the PV controller binds a volume there
   * or the provisioner makes one; then it waits until every claim is bound. `done(false)` after
   * the bind timeout or a failed write: the pod goes back to the queue.
   */
  preBind(
    pod: Pod,
    node: string,
    client: ApiClient,
    clock: Clock,
    done: (ok: boolean) => void,
  ): void {
    const ns = pod.metadata!.namespace!;
    const unbound = podClaimNames(pod).filter((n) => !this.claim(ns, n)?.spec?.volumeName);
    if (unbound.length === 0) return done(true);
    let failed = false;
    for (const name of unbound) {
      if (this.claim(ns, name)?.metadata?.annotations?.[ANN_SELECTED_NODE] === node) continue;
      client.patch(
        'persistentvolumeclaims',
        ns,
        name,
        { metadata: { annotations: { [ANN_SELECTED_NODE]: node } } },
        (r) => {
          if (r.code >= 300) failed = true;
        },
        undefined,
        'merge',
      );
    }
    const deadline = clock.now + BIND_TIMEOUT_MS;
    const check = () => {
      if (failed) return done(false);
      const bound = unbound.every((n) => this.claim(ns, n)?.status?.phase === 'Bound');
      if (bound) return done(true);
      if (clock.now >= deadline) return done(false);
      clock.setTimeout(check, POLL_MS);
    };
    clock.setTimeout(check, POLL_MS);
  }
}
