/**
 * `kubectl get events` rows from Event objects, and where each event came from on the diagram.
 * k/k: pkg/printers/internalversion/printers.go `printEvent`.
 */
import type { Event } from '../../engine/public';
import type { ObjectRecord } from '../../protocol';

/** kubectl's short durations, as the engine's kubectl truncates them (`45s`, `3m12s`, `2d3h`). */
export { humanDuration } from '../../engine/public';

export interface EventRow {
  key: string;
  /** Wall-clock ms of the last occurrence (NaN if unknown). */
  lastSeen: number;
  type: string;
  reason: string;
  /** `pod/web-7d9c-abcde` */
  object: string;
  message: string;
  count: number;
  involved: { kind?: string; namespace?: string; name?: string };
  /** The diagram component that emitted it, if known. */
  componentId?: string;
}

function time(t: string | undefined): number {
  return t ? Date.parse(t) : NaN;
}

/**
 * The component on the diagram that reported an event: `default-scheduler` → kube-scheduler,
 * `kubelet` on a host → that node's kubelet, `*-controller` → kube-controller-manager (the cloud
 * ones → cloud-controller-manager).
 */
export function eventSourceComponent(ev: Event): string | undefined {
  const component = ev.source?.component || ev.reportingComponent || '';
  const host = ev.source?.host || ev.reportingInstance || '';
  if (!component) return undefined;
  if (component === 'default-scheduler' || component.includes('scheduler')) return 'kube-scheduler';
  if (component === 'kubelet') return host ? `kubelet@${host}` : undefined;
  if (component === 'kube-proxy') return host ? `kube-proxy@${host}` : undefined;
  if (
    component.startsWith('cloud-') ||
    component === 'service-controller' ||
    component === 'route-controller' ||
    component === 'service-lb-controller'
  ) {
    return 'cloud-controller-manager';
  }
  if (component.endsWith('controller') || component.includes('controller-manager')) {
    return 'kube-controller-manager';
  }
  return undefined;
}

/** One `kubectl get events` row for an Event object. */
export function eventRow(rec: ObjectRecord): EventRow {
  const ev = rec.object as Event;
  const first = ev.firstTimestamp ? time(ev.firstTimestamp) : time(ev.eventTime);
  let last = ev.lastTimestamp ? time(ev.lastTimestamp) : first;
  let count = ev.count ?? 0;
  if (ev.series) {
    last = time(ev.series.lastObservedTime);
    count = ev.series.count ?? count;
  } else if (count === 0) count = 1; // singleton events have no count in the new API
  if (Number.isNaN(last)) last = time(ev.metadata?.creationTimestamp);
  const io = ev.involvedObject ?? {};
  const kind = (io.kind ?? '').toLowerCase();
  return {
    key: rec.key,
    lastSeen: last,
    type: ev.type ?? '',
    reason: ev.reason ?? '',
    object: io.name ? `${kind}/${io.name}` : kind,
    message: (ev.message ?? '').trim(),
    count,
    involved: { kind: io.kind, namespace: io.namespace, name: io.name },
    componentId: eventSourceComponent(ev),
  };
}

const rowCache = new WeakMap<ObjectRecord, { row: EventRow; rev: number }>();

type Ranked = { row: EventRow; rev: number };

/** Oldest first by LAST SEEN (an unparsable time counts as 0), ties by creation order. */
function older(a: Ranked, b: Ranked): number {
  const ta = Number.isNaN(a.row.lastSeen) ? 0 : a.row.lastSeen;
  const tb = Number.isNaN(b.row.lastSeen) ? 0 : b.row.lastSeen;
  return ta - tb || a.rev - b.rev;
}

/**
 * Rows sorted oldest first (newest last, as the learner reads down), ties by creation order; with
 * `newest`, only the newest that many. A rollout leaves thousands of Events: the newest 300 are
 * found with a heap of 300, not by sorting them all four times a second.
 */
export function eventRows(records: readonly ObjectRecord[], newest = Infinity): EventRow[] {
  // Records keep their identity while unchanged: each row is built once per version of its Event.
  const ranked = (r: ObjectRecord): Ranked => {
    let cached = rowCache.get(r);
    if (!cached) {
      cached = { row: eventRow(r), rev: r.createRevision };
      rowCache.set(r, cached);
    }
    return cached;
  };
  if (records.length <= newest)
    return records
      .map(ranked)
      .sort(older)
      .map((x) => x.row);
  // A min-heap of the newest seen so far: its root is the oldest of them.
  const heap: Ranked[] = [];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && older(heap[l], heap[m]) < 0) m = l;
      if (r < heap.length && older(heap[r], heap[m]) < 0) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  for (const rec of records) {
    const x = ranked(rec);
    if (heap.length < newest) {
      heap.push(x);
      for (let i = heap.length - 1; i > 0;) {
        const p = (i - 1) >> 1;
        if (older(heap[i], heap[p]) >= 0) break;
        [heap[i], heap[p]] = [heap[p], heap[i]];
        i = p;
      }
    } else if (older(x, heap[0]) > 0) {
      heap[0] = x;
      down(0);
    }
  }
  return heap.sort(older).map((x) => x.row);
}
