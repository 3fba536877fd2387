/**
 * kubectl's short durations: the AGE column, `3 (45s ago)` restarts, describe's event ages.
 * k8s: staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go
 */

/** Go's int(x) conversion truncates toward zero. */
function trunc(x: number): number {
  return Math.trunc(x);
}

/**
 * `duration.HumanDuration`: a succinct duration with ~2-3 significant figures.
 * `0s`, `45s`, `119s`, `3m12s`, `5m`, `179m`, `3h5m`, `47h`, `2d3h`, `9d`, `2y30d`, `10y`.
 * Up to 2 s in the future still reads `0s` (clock skew); further is `<invalid>`.
 * @param ms a duration in milliseconds
 */
export function humanDuration(ms: number): string {
  // k8s: "Allow deviation no more than 2 seconds(excluded) to tolerate machine time inconsistence"
  const seconds = trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = trunc(ms / 60_000);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = trunc(ms / 3_600_000);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${trunc(hours / 24)}d` : `${trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = trunc(hours / 24) % 365;
    const y = trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${trunc(hours / 24 / 365)}y`;
}

/** Parses an RFC 3339 timestamp (`2026-01-05T09:00:05Z`, with or without fraction) to Unix ms. */
export function parseTime(ts: string | undefined | null): number | undefined {
  if (!ts) return undefined;
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * printers.go `translateTimestampSince`: the age of a timestamp, `<unknown>` when it is unset.
 * @param ts an RFC 3339 timestamp (`creationTimestamp`, `lastTimestamp`…)
 * @param now the current instant in Unix ms
 */
export function translateTimestampSince(ts: string | undefined | null, now: number): string {
  const t = parseTime(ts);
  if (t === undefined) return '<unknown>';
  return humanDuration(now - t);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * Go's `time.RFC1123Z` layout (`Mon, 05 Jan 2026 09:00:05 +0000`), as `kubectl describe` prints
 * Start Time, CreationTimestamp and condition times. kubectl uses the machine's local zone; the
 * simulator's machine lives in UTC. A missing time prints Go's zero time, as kubectl does.
 */
export function formatRFC1123Z(ts: string | undefined | null): string {
  const t = parseTime(ts);
  if (t === undefined) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const d = new Date(t);
  return (
    `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ` +
    `${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:` +
    `${pad2(d.getUTCSeconds())} +0000`
  );
}
