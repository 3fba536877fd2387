import { clone } from '../patch';
import {
  CrdQueue,
  isConditionTrue,
  setCondition,
  updateStatus,
  type ApiExtensionsHost,
  type Crd,
} from './conditions';

/**
 * k/k: apiextensions-apiserver/pkg/controller/establish/establishing_controller.go: once a CRD's
 * names are accepted (and the API server's handler serves them), `Established` turns True with
 * `InitialNamesAccepted`. Only then does discovery list the resource, so `kubectl` finds it.
 */
export class EstablishingController {
  private readonly queue: CrdQueue;

  constructor(private readonly host: ApiExtensionsHost) {
    this.queue = new CrdQueue(host, (name) => this.sync(name));
  }

  observe(crd: Crd): void {
    if (isConditionTrue(crd, 'NamesAccepted') && !isConditionTrue(crd, 'Established'))
      this.queue.add(crd.metadata!.name!);
  }

  private sync(name: string): void {
    const live = this.host.crd(name);
    if (!live || live.metadata?.deletionTimestamp) return;
    if (!isConditionTrue(live, 'NamesAccepted') || isConditionTrue(live, 'Established')) return;
    const crd = clone(live) as Crd;
    setCondition(crd, {
      type: 'Established',
      status: 'True',
      reason: 'InitialNamesAccepted',
      message: 'the initial names have been accepted',
      lastTransitionTime: this.host.timestamp(),
    });
    updateStatus(this.host, crd);
  }
}
