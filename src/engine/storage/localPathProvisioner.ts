/**
 * The local-path provisioner kind ships (rancher/local-path-provisioner, in namespace
 * `local-path-storage`): an external provisioner for the `standard` StorageClass. Once the
 * scheduler has chosen a node for a claim's first consumer (`volume.kubernetes.io/selected-node`)
 * it creates a hostPath PersistentVolume in `/var/local-path-provisioner/` on that node, bound
 * to the claim and pinned to the node by node affinity; a Released volume of its own with
 * reclaim policy Delete is deleted.
 */
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../api/storageTypes';
import type { Cached, Informer } from '../client/informer';
import { Controller } from '../controllers/controller';
import { PodProcess } from '../node/runtime/clientProcesses';
import { ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER } from '../controllers/persistentVolumeBinder';

export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';
/** Where kind's provisioner config (ConfigMap local-path-config) puts the volumes. */
export const LOCAL_PATH_ROOT = '/var/local-path-provisioner';
/** The last part of the events' source (a random UUID on a real cluster, fixed here). */
const PROVISIONER_UUID = '6b1f4c2e-8d3a-4e5f-9a7b-2c1d0e9f8a6b';

/**
 * kind's default StorageClass (kind: pkg/cluster/internal/create/actions/installstorage):
 * `standard`, the default class, provisioned by local-path with WaitForFirstConsumer.
 */
export const STANDARD_STORAGE_CLASS: StorageClass = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: {
    name: 'standard',
    annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
  },
  provisioner: LOCAL_PATH_PROVISIONER,
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'WaitForFirstConsumer',
};

type PVC = Cached<PersistentVolumeClaim>;

/**
 * The provisioner's process, in the pod of kind's Deployment `local-path-provisioner` (namespace
 * `local-path-storage`): it runs while that pod's container does, a client of the API server like
 * any controller but not part of kube-controller-manager (k/k's PV controller only hands a claim
 * to its external provisioner), so its requests are drawn from its pod.
 */
export class LocalPathProvisionerProcess extends PodProcess {
  private controller?: LocalPathProvisioner;

  protected onStart(): void {
    // sig-storage-lib-external-provisioner's event source: `<provisioner>_<pod>_<uuid>`.
    const source = `${LOCAL_PATH_PROVISIONER}_${this.input.podName}_${PROVISIONER_UUID}`;
    this.controller = new LocalPathProvisioner(this, source);
    this.controller.queue.start();
    this.controller.setup();
  }

  protected override onStop(): void {
    this.controller?.stop();
  }
}

export class LocalPathProvisioner extends Controller {
  private claims!: Informer<PersistentVolumeClaim>;
  private volumes!: Informer<PersistentVolume>;
  private classes!: Informer<StorageClass>;

  constructor(host: ConstructorParameters<typeof Controller>[0], eventSource: string) {
    super(host, 'local-path-provisioner', eventSource);
  }

  setup(): void {
    this.claims = this.informers.informer<PersistentVolumeClaim>('persistentvolumeclaims');
    this.volumes = this.informers.informer<PersistentVolume>('persistentvolumes');
    this.classes = this.informers.informer<StorageClass>('storageclasses');
    const claim = (c: PVC) => this.queue.add(`claim:${c.metadata.namespace}/${c.metadata.name}`);
    this.claims.on({ add: claim, update: (_o, c) => claim(c) });
    const volume = (v: Cached<PersistentVolume>) => this.queue.add(`volume:${v.metadata.name}`);
    this.volumes.on({ add: volume, update: (_o, v) => volume(v) });
  }

  reconcile(key: string): void {
    if (!this.synced(this.claims, this.volumes, this.classes)) return this.queue.addAfter(key, 100);
    const sep = key.indexOf(':');
    const name = key.slice(sep + 1);
    if (key.slice(0, sep) === 'claim') {
      const c = this.claims.get(name);
      if (c) this.provisionClaim(c);
    } else {
      const v = this.volumes.get(name);
      if (v) this.reclaim(v);
    }
  }

  /** Provision: one hostPath volume on the selected node, named after the claim's uid. */
  private provisionClaim(c: PVC): void {
    const ann = c.metadata.annotations ?? {};
    const node = ann[ANN_SELECTED_NODE];
    if (ann[ANN_STORAGE_PROVISIONER] !== LOCAL_PATH_PROVISIONER || !node) return;
    if (c.spec?.volumeName || c.metadata.deletionTimestamp) return;
    const sc = this.classes.get(c.spec?.storageClassName ?? '');
    if (!sc || sc.provisioner !== LOCAL_PATH_PROVISIONER) return;
    const pvName = `pvc-${c.metadata.uid}`;
    if (this.volumes.get(pvName)) return;
    const ns = c.metadata.namespace!;
    const claimName = c.metadata.name!;
    const obj = c as PersistentVolumeClaim;
    this.recorder.event(
      obj,
      'Normal',
      'Provisioning',
      `External provisioner is provisioning volume for claim "${ns}/${claimName}"`,
    );
    const pv: PersistentVolume = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name: pvName,
        annotations: {
          'local.path.provisioner/selected-node': node,
          'pv.kubernetes.io/provisioned-by': LOCAL_PATH_PROVISIONER,
        },
      },
      spec: {
        accessModes: [...(c.spec?.accessModes ?? [])],
        capacity: { storage: c.spec?.resources?.requests?.storage ?? '0' },
        claimRef: {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          name: claimName,
          namespace: ns,
          uid: c.metadata.uid,
          resourceVersion: c.metadata.resourceVersion,
        },
        hostPath: {
          path: `${LOCAL_PATH_ROOT}/${pvName}_${ns}_${claimName}`,
          type: 'DirectoryOrCreate',
        },
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'kubernetes.io/hostname', operator: 'In', values: [node] },
                ],
              },
            ],
          },
        },
        persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
        storageClassName: sc.metadata.name,
        volumeMode: c.spec?.volumeMode ?? 'Filesystem',
      },
    };
    this.client.create('persistentvolumes', undefined, pv, (r) => {
      if (r.code === 201)
        this.recorder.event(
          obj,
          'Normal',
          'ProvisioningSucceeded',
          `Successfully provisioned volume ${pvName}`,
        );
      else if (r.code !== 409) this.queue.addRateLimited(`claim:${ns}/${claimName}`);
    });
  }

  /** A Released volume it made, with reclaim policy Delete, is deleted (the data with it). */
  private reclaim(v: Cached<PersistentVolume>): void {
    const mine =
      v.metadata.annotations?.['pv.kubernetes.io/provisioned-by'] === LOCAL_PATH_PROVISIONER;
    if (!mine || v.status?.phase !== 'Released') return;
    if (v.spec?.persistentVolumeReclaimPolicy !== 'Delete' || v.metadata.deletionTimestamp) return;
    this.client.delete('persistentvolumes', undefined, v.metadata.name!, (r) => {
      if (r.code >= 300 && r.code !== 404) this.queue.addRateLimited(`volume:${v.metadata.name}`);
    });
  }
}
