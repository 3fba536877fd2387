/**
 * Small formatters kubectl's printers share: label maps, label selectors, container lists.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { Container } from '../api/types';

/** Go's sort.Strings order (byte order; code-unit order is the same for BMP text). */
export function goCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** labels.FormatLabels: `a=1,b=2` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort(goCompare);
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/**
 * metav1.LabelSelectorAsSelector(...).String(): requirements sorted by key; `k=v` for matchLabels,
 * `k in (a,b)`, `k notin (a,b)`, `k`, `!k`. An empty selector is `` (everything).
 */
export function labelSelectorString(sel: LabelSelector | undefined | null): string {
  if (!sel) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {}))
    reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort(goCompare).join(',');
    let text: string;
    switch (e.operator) {
      case 'In':
        text = `${e.key} in (${values})`;
        break;
      case 'NotIn':
        text = `${e.key} notin (${values})`;
        break;
      case 'Exists':
        text = e.key;
        break;
      case 'DoesNotExist':
        text = `!${e.key}`;
        break;
      default:
        text = `${e.key} ${e.operator.toLowerCase()} (${values})`;
    }
    reqs.push({ key: e.key, text });
  }
  // labels.internalSelector sorts requirements by key (sort.Sort(ByKey(...)), a stable order here)
  reqs.sort((a, b) => goCompare(a.key, b.key));
  return reqs.map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: as {@link labelSelectorString}, `<none>` when that is empty. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  const s = labelSelectorString(sel);
  return s === '' ? '<none>' : s;
}

/** printers.go layoutContainerCells: `web,sidecar` and `nginx:1.27,busybox`. */
export function layoutContainerCells(containers: Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}
