import { Component, type ClusterContext } from '../component';
import type { Controller } from './controller';

export const KCM = 'kube-controller-manager';

/**
 * kube-controller-manager: one process, many controllers, one shared set of informers, and one
 * network identity. Every controller talks only to the API server.
 */
export class ControllerManager extends Component {
  readonly controllers: Controller[] = [];

  constructor(
    ctx: ClusterContext,
    id: string = KCM,
    kind: 'kube-controller-manager' | 'cloud-controller-manager' = 'kube-controller-manager',
  ) {
    super(ctx, id, kind, 'control-plane');
  }

  add(...controllers: Controller[]): this {
    this.controllers.push(...controllers);
    return this;
  }

  protected onStart(): void {
    for (const c of this.controllers) {
      c.queue.start();
      c.setup();
    }
  }

  protected override onStop(): void {
    for (const c of this.controllers) c.stop();
  }
}
