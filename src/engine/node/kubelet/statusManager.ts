/**
 * The kubelet's status manager for one pod (k/k: pkg/kubelet/status/status_manager.go): changes
 * are coalesced into one PATCH pods/status shortly after, unchanged statuses are not sent again,
 * and once the pod's containers are all stopped the final status is written and the pod deleted
 * with grace period 0 (syncPod → canBeDeleted).
 */
import type { Pod } from '../../api/types';
import type { TimerId } from '../../sim/clock';
import type { PodContext } from './podContext';

/** How long changes are gathered before the write (virtual ms). */
const COALESCE_MS = 5;

/**
 * A write that got no success answer (the API server was down, the request was lost) is sent
 * again by the status manager's periodic sync (k/k status_manager.go: `syncPeriod = 10 *
 * time.Second`, syncBatch re-sends every status newer than the API server's).
 */
export const STATUS_SYNC_PERIOD_MS = 10_000;

/** Writes one pod's status as the kubelet sees it. */
export class StatusManager {
  private timer?: TimerId;
  /** The digest of the last status written (0: none), not its ~1 KB of JSON. */
  private lastDigest = 0;
  private lastSentReady: string | undefined;
  /** Armed while a write awaits its answer: fires the periodic sync's re-send. */
  private retry?: TimerId;

  constructor(private readonly ctx: PodContext) {}

  /** The status may have changed: write it shortly (once, however many changes come). */
  markDirty(): void {
    const ctx = this.ctx;
    if (this.timer !== undefined || ctx.gone) return;
    this.timer = ctx.clock.setTimeout(() => {
      this.timer = undefined;
      if (ctx.gone || !ctx.kubelet.isRunning()) return;
      const status = ctx.buildStatus();
      const digest = valueDigest(status);
      if (digest === this.lastDigest) return;
      this.lastDigest = digest;
      this.lastSentReady = status?.conditions?.find((c) => c.type === 'Ready')?.status;
      this.armRetry();
      ctx.kubelet.client.patch(
        'pods',
        ctx.ns,
        ctx.name,
        { status },
        (r) => this.answered(r.code),
        'status',
        'merge',
      );
    }, COALESCE_MS);
  }

  /** Write the status again, even if unchanged (the last write may not have landed). */
  private resend(): void {
    this.lastDigest = 0;
    this.markDirty();
  }

  /**
   * Re-send by `again` (by default {@link resend}) after the sync period unless a success answer
   * comes first. scale: the timer stays queued after a success answer clears it, so the usual
   * re-send is a method, not a closure held with it for every pod.
   */
  private armRetry(again?: () => void, final = false): void {
    const { clock } = this.ctx;
    clock.clearTimeout(this.retry);
    this.retry = clock.setTimeout(() => {
      this.retry = undefined;
      // The final write is sent by a worker already marked gone; other writes stop with it.
      if ((this.ctx.gone && !final) || !this.ctx.kubelet.isRunning()) return;
      if (again) again();
      else this.resend();
    }, STATUS_SYNC_PERIOD_MS);
  }

  /** The API server answered a write: success ends the wait; a failure waits for the re-send. */
  private answered(code: number): void {
    if (code < 300) {
      this.ctx.clock.clearTimeout(this.retry);
      this.retry = undefined;
    }
  }

  /**
   * A new version of the pod from the API. If someone else (the node controller, after an
   * outage) changed Ready, the kubelet's own view is written again.
   */
  observe(pod: Pod): void {
    const apiReady = pod.status?.conditions?.find((c) => c.type === 'Ready')?.status;
    if (this.lastSentReady && apiReady && apiReady !== this.lastSentReady) {
      this.lastDigest = 0;
      this.markDirty();
    }
  }

  /** The kubelet stopped: no write is pending, and the next one is sent even if unchanged. */
  pause(): void {
    this.ctx.clock.clearTimeout(this.timer);
    this.ctx.clock.clearTimeout(this.retry);
    this.timer = undefined;
    this.retry = undefined;
    this.lastDigest = 0;
  }

  /** The pod is gone: drop the pending write. */
  stop(): void {
    this.ctx.clock.clearTimeout(this.timer);
    this.ctx.clock.clearTimeout(this.retry);
    this.retry = undefined;
  }

  /**
   * Every container has stopped: write the final status, then DELETE the pod with grace period 0;
   * `deleted` runs when the API server answered.
   */
  finish(status: Pod['status'], deleted: () => void): void {
    const { ctx } = this;
    this.stop();
    const client = ctx.kubelet.client;
    this.armRetry(() => this.finish(status, deleted), true);
    client.patch(
      'pods',
      ctx.ns,
      ctx.name,
      { status },
      () =>
        client.delete(
          'pods',
          ctx.ns,
          ctx.name,
          (r) => {
            // 404: someone else removed it meanwhile, which is what the kubelet wanted too.
            if (r.code < 300 || r.code === 404) {
              this.answered(200);
              deleted();
            }
          },
          { gracePeriodSeconds: 0 },
        ),
      'status',
      'merge',
    );
  }
}

/**
 * A 53-bit digest of a value's JSON (cyrb53 over its tokens), never 0: what the kubelet keeps to
 * tell whether a pod's spec or status changed, instead of the text itself. Values with the same
 * JSON text share a digest; values with different texts do with a chance of about 2^-53. The
 * value is walked, not stringified: no ~1 KB string is built for each status.
 */
export function valueDigest(v: unknown): number {
  h1 = 0xdeadbeef;
  h2 = 0x41c6ce57;
  walk(v);
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0) || 1;
}

let h1 = 0;
let h2 = 0;

/** Tokens (above 16 bits, so no string's length or code units look like one). */
const NULL = 0x1_0001;
const TRUE = 0x1_0002;
const FALSE = 0x1_0003;
const INT = 0x1_0004;
const NUMBER = 0x1_0005;
const STRING = 0x1_0006;
const ARRAY = 0x1_0007;
const OBJECT = 0x1_0008;
const END = 0x1_0009;
const TEXT = 0x1_000a;

function mix(c: number): void {
  h1 = Math.imul(h1 ^ c, 2654435761);
  h2 = Math.imul(h2 ^ c, 1597334677);
}

/** A string: its length, then two UTF-16 code units a round. */
function mixString(text: string): void {
  const n = text.length;
  mix(n);
  let i = 0;
  for (; i + 1 < n; i += 2) mix(text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16));
  if (i < n) mix(text.charCodeAt(i));
}

/** The value's tokens as JSON.stringify would see it (skipped keys, nulls in arrays). */
function walk(v: unknown): void {
  switch (typeof v) {
    case 'string':
      mix(STRING);
      return mixString(v);
    case 'boolean':
      return mix(v ? TRUE : FALSE);
    case 'number':
      if (!Number.isFinite(v)) return mix(NULL);
      if (Number.isInteger(v) && v >= -0x8000_0000 && v <= 0x7fff_ffff) {
        mix(INT);
        return mix(v | 0);
      }
      mix(NUMBER);
      return mixString(String(v));
    case 'object': {
      if (v === null) return mix(NULL);
      if (Array.isArray(v)) {
        mix(ARRAY);
        for (const x of v) {
          if (x === undefined || typeof x === 'function' || typeof x === 'symbol') mix(NULL);
          else walk(x);
        }
        return mix(END);
      }
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') {
        mix(TEXT);
        return mixString(JSON.stringify(v) ?? '');
      }
      mix(OBJECT);
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        const x = o[k];
        if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
        mixString(k);
        walk(x);
      }
      return mix(END);
    }
    default:
      // undefined (no JSON at all), bigint: not in statuses or specs.
      mix(TEXT);
      return mixString(String(v));
  }
}
