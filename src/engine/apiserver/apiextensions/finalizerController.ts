import type { ListBody } from '../types';
import { clone } from '../patch';
import { CLEANUP_FINALIZER } from '../registry/apiextensions/customresourcedefinition/strategy';
import {
  CrdQueue,
  setCondition,
  updateStatus,
  type ApiExtensionsHost,
  type Crd,
} from './conditions';

/**
 * k/k: apiextensions-apiserver/pkg/controller/finalizer/crd_finalizer.go: a CRD being deleted
 * keeps its `customresourcecleanup.apiextensions.k8s.io` finalizer until every object of its
 * resource is deleted; then the finalizer goes, and with it the CRD. Deleting a CRD deletes its
 * objects.
 */
export class CrdFinalizer {
  private readonly queue: CrdQueue;

  constructor(private readonly host: ApiExtensionsHost) {
    this.queue = new CrdQueue(host, (name) => this.sync(name));
  }

  observe(crd: Crd): void {
    if (crd.metadata?.deletionTimestamp && crd.metadata.finalizers?.includes(CLEANUP_FINALIZER))
      this.queue.add(crd.metadata.name!);
  }

  private sync(name: string): void {
    const live = this.host.crd(name);
    if (!live?.metadata?.deletionTimestamp) return;
    if (!live.metadata.finalizers?.includes(CLEANUP_FINALIZER)) return;
    const crd = clone(live) as Crd;
    const now = this.host.timestamp();
    setCondition(crd, {
      type: 'Terminating',
      status: 'True',
      reason: 'InstanceDeletionInProgress',
      message: 'CustomResource deletion is in progress',
      lastTransitionTime: now,
    });
    const plural = live.status?.acceptedNames?.plural || live.spec.names.plural;
    const group = live.spec.group;
    updateStatus(this.host, crd, () =>
      this.host.request({ verb: 'list', resource: plural, group }, (r) => {
        const items = r.code === 200 ? (r.body as ListBody).items : [];
        let left = items.length;
        const finish = () => this.release(name);
        if (left === 0) return finish();
        for (const item of items)
          this.host.request(
            {
              verb: 'delete',
              resource: plural,
              group,
              namespace: item.metadata?.namespace,
              name: item.metadata!.name!,
            },
            () => {
              if (--left === 0) finish();
            },
          );
      }),
    );
  }

  /** All instances are gone: say so, then remove the finalizer (the CRD is then deleted). */
  private release(name: string): void {
    const live = this.host.crd(name);
    if (!live) return;
    const crd = clone(live) as Crd;
    setCondition(crd, {
      type: 'Terminating',
      status: 'False',
      reason: 'InstanceDeletionCompleted',
      message: 'removed all instances',
      lastTransitionTime: this.host.timestamp(),
    });
    updateStatus(this.host, crd, () => {
      const after = this.host.crd(name);
      if (!after) return;
      const next = clone(after) as Crd;
      next.metadata!.finalizers = next.metadata!.finalizers?.filter((f) => f !== CLEANUP_FINALIZER);
      this.host.request(
        { verb: 'update', resource: 'customresourcedefinitions', name, body: next },
        () => {},
      );
    });
  }
}
