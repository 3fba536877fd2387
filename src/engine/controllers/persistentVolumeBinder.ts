import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../api/storageTypes';
import type { Cached, Informer } from '../client/informer';
import { Controller } from './controller';
import { onDemand } from '../onDemand';
import type { PersistentVolumeSync } from './persistentVolumeSync';

/** Annotations the binder and the scheduler write (k/k: pkg/controller/volume/persistentvolume/util). */
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';

type PV = Cached<PersistentVolume>;
type PVC = Cached<PersistentVolumeClaim>;

/**
 * The PersistentVolume controller (k/k: pkg/controller/volume/persistentvolume/pv_controller.go):
 * it binds each claim to a volume that fits (class, access modes, size; the smallest one),
 * waits for the first consumer when the class says WaitForFirstConsumer, hands claims with no
 * volume to their class's external provisioner, and marks a volume whose claim is gone
 * `Released`. Keys are `claim:<ns>/<name>` and `volume:<name>`.
 */
export class PersistentVolumeBinder extends Controller {
  private claims!: Informer<PersistentVolumeClaim>;
  private volumes!: Informer<PersistentVolume>;
  private classes!: Informer<StorageClass>;
  private sync: PersistentVolumeSync | undefined;

  constructor(manager: ConstructorParameters<typeof Controller>[0]) {
    super(manager, 'persistentvolume-binder', 'persistentvolume-controller');
  }

  setup(): void {
    this.claims = this.informers.informer<PersistentVolumeClaim>('persistentvolumeclaims');
    this.volumes = this.informers.informer<PersistentVolume>('persistentvolumes');
    this.classes = this.informers.informer<StorageClass>('storageclasses');
    const claim = (c: PVC) => {
      this.queue.add(`claim:${c.metadata.namespace}/${c.metadata.name}`);
      if (c.spec?.volumeName) this.queue.add(`volume:${c.spec.volumeName}`);
    };
    const volume = (v: PV) => {
      this.queue.add(`volume:${v.metadata.name}`);
      const ref = v.spec?.claimRef;
      if (ref) this.queue.add(`claim:${ref.namespace}/${ref.name}`);
    };
    this.claims.on({
      add: claim,
      update: (_o, c) => claim(c),
      delete: (c) => {
        claim(c);
        const pv = c.spec?.volumeName;
        if (pv) this.queue.add(`volume:${pv}`);
      },
    });
    this.volumes.on({
      add: volume,
      update: (_o, v) => volume(v),
      delete: (v) => {
        const ref = v.spec?.claimRef;
        if (ref) this.queue.add(`claim:${ref.namespace}/${ref.name}`);
      },
    });
    // A new class may let waiting claims proceed.
    this.classes.on({
      add: () => {
        for (const c of this.claims.list()) if (!c.spec?.volumeName) claim(c);
      },
    });
  }

  reconcile(key: string): void {
    if (!this.synced(this.claims, this.volumes, this.classes)) return this.queue.addAfter(key, 100);
    const [kind, name] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    if (kind === 'claim') {
      const c = this.claims.get(name);
      if (c && !c.metadata.deletionTimestamp) this.pvSync().syncClaim(c);
    } else {
      const v = this.volumes.get(name);
      if (v && !v.metadata.deletionTimestamp) this.pvSync().syncVolume(v);
    }
  }

  /**
   * The binding itself, loaded on demand (../onDemand.ts): only a learner's claims and volumes
   * reach it, a fresh cluster has none.
   */
  private pvSync(): PersistentVolumeSync {
    return (this.sync ??= new (onDemand().PersistentVolumeSync)({
      claims: this.claims,
      volumes: this.volumes,
      classes: this.classes,
      client: this.client,
      queue: this.queue,
      recorder: this.recorder,
    }));
  }
}

/**
 * Whether a pod on `node` can use a volume: its required node affinity (a local or local-path
 * volume lives on one node) names the node by `kubernetes.io/hostname`, or it has none.
 */
export function volumeReachableFrom(
  v: { spec?: PersistentVolume['spec'] },
  node: string,
  labels: Record<string, string> = { 'kubernetes.io/hostname': node },
): boolean {
  const terms = v.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms?.length) return true;
  return terms.some((t) =>
    (t.matchExpressions ?? []).every((e) => {
      const val = labels[e.key];
      switch (e.operator) {
        case 'In':
          return val !== undefined && (e.values ?? []).includes(val);
        case 'NotIn':
          return val === undefined || !(e.values ?? []).includes(val);
        case 'Exists':
          return val !== undefined;
        case 'DoesNotExist':
          return val === undefined;
        default:
          return false;
      }
    }),
  );
}
