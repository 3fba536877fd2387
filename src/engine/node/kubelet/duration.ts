/**
 * Go's time.Duration.String(), which kubelet messages print (`1.393s`, `650ms`, `1m2.5s`).
 * Values are virtual milliseconds, printed to millisecond precision.
 */
export function goDuration(ms: number): string {
  const total = Math.round(ms);
  if (total === 0) return '0s';
  if (total < 1000) return `${total}ms`;
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const sMs = total % 60_000;
  const s = (sMs / 1000).toFixed(3).replace(/\.?0+$/, '');
  let out = '';
  if (h) out += `${h}h`;
  if (h || m) out += `${m}m`;
  return `${out}${s}s`;
}
