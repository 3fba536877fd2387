/**
 * The kubelet's status manager for one pod (k/k: pkg/kubelet/status/status_manager.go): changes
 * are coalesced into one PATCH pods/status shortly after, unchanged statuses are not sent again,
 * and once the pod's containers are all stopped the final status is written and the pod deleted
 * with grace period 0 (syncPod → canBeDeleted).
 */
import type { Pod } from '../api/types';
import type { TimerId } from '../sim/clock';
import type { PodContext } from './podContext';

/** How long changes are gathered before the write (virtual ms). */
const COALESCE_MS = 5;

/** Writes one pod's status as the kubelet sees it. */
export class StatusManager {
  private timer?: TimerId;
  private lastJson = '';
  private lastSentReady: string | undefined;

  constructor(
    private readonly ctx: PodContext,
    private readonly build: () => Pod['status'],
  ) {}

  /** The status may have changed: write it shortly (once, however many changes come). */
  markDirty(): void {
    const ctx = this.ctx;
    if (this.timer !== undefined || ctx.gone) return;
    this.timer = ctx.clock.setTimeout(() => {
      this.timer = undefined;
      if (ctx.gone || !ctx.kubelet.isRunning()) return;
      const status = this.build();
      const json = JSON.stringify(status);
      if (json === this.lastJson) return;
      this.lastJson = json;
      this.lastSentReady = status?.conditions?.find((c) => c.type === 'Ready')?.status;
      ctx.kubelet.client.patch('pods', ctx.ns, ctx.name, { status }, undefined, 'status', 'merge');
    }, COALESCE_MS);
  }

  /**
   * A new version of the pod from the API. If someone else (the node controller, after an
   * outage) changed Ready, the kubelet's own view is written again.
   */
  observe(pod: Pod): void {
    const apiReady = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status;
    if (this.lastSentReady && apiReady && apiReady !== this.lastSentReady) {
      this.lastJson = '';
      this.markDirty();
    }
  }

  /** The kubelet stopped: no write is pending, and the next one is sent even if unchanged. */
  pause(): void {
    this.ctx.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.lastJson = '';
  }

  /** The pod is gone: drop the pending write. */
  stop(): void {
    this.ctx.clock.clearTimeout(this.timer);
  }

  /**
   * Every container has stopped: write the final status, then DELETE the pod with grace period 0;
   * `deleted` runs when the API server answered.
   */
  finish(status: Pod['status'], deleted: () => void): void {
    const { ctx } = this;
    this.stop();
    const client = ctx.kubelet.client;
    client.patch(
      'pods',
      ctx.ns,
      ctx.name,
      { status },
      () => client.delete('pods', ctx.ns, ctx.name, deleted, { gracePeriodSeconds: 0 }),
      'status',
      'merge',
    );
  }
}
