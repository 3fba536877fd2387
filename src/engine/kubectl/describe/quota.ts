/**
 * `kubectl describe` for ReplicationController, ResourceQuota and LimitRange
 * (k8s: staging/src/k8s.io/kubectl/pkg/describe/describe.go describeReplicationController,
 * describeQuota, describeLimitRange, v1.31).
 */
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import { quantityFormat } from '../../api/quantity';
import { amountOf, formatAmount } from '../../api/quotaEvaluator';
import type { Event, LimitRange, Pod, ReplicationController, ResourceQuota } from '../../api/types';
import { goCompare } from '../format';
import { describeReplicaSet } from './workloads';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './writer';

/**
 * An RC reads as a ReplicaSet does (Selector, Replicas, Pods Status, Pod Template, Conditions,
 * Events); its selector is a label map, printed as `labels.FormatLabels` prints it.
 */
export function describeReplicationController(
  rc: ReplicationController,
  pods: Pod[],
  events: Event[] | undefined,
  now: number,
): string {
  const selector = rc.spec?.selector;
  const asReplicaSet = {
    ...rc,
    spec: { ...rc.spec, selector: selector ? { matchLabels: selector } : {} },
  } as unknown as ReplicaSet;
  return describeReplicaSet(asReplicaSet, pods, events, now);
}

/** kubectl converts the used quantity to the hard one's format when they differ (Value(), rounded up). */
function usedAs(used: string | undefined, hard: string): string {
  if (used === undefined) return '0';
  try {
    if (quantityFormat(used) === quantityFormat(hard)) return used;
    const a = amountOf(used);
    return formatAmount({
      milli: Math.ceil(a.milli / 1000) * 1000,
      binary: quantityFormat(hard) === 'BinarySI',
    });
  } catch {
    return used;
  }
}

/** describeQuota: Resource / Used / Hard for each resource of `status.hard`. No events. */
export function describeResourceQuota(q: ResourceQuota): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${q.metadata?.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${q.metadata?.namespace ?? ''}\n`);
  w.write(LEVEL_0, 'Resource\tUsed\tHard\n');
  w.write(LEVEL_0, '--------\t----\t----\n');
  const hard = q.status?.hard ?? {};
  for (const r of Object.keys(hard).sort(goCompare))
    w.write(LEVEL_0, `${r}\t${usedAs(q.status?.used?.[r], hard[r])}\t${hard[r]}\n`);
  return w.toString();
}

/** One row per item and resource of a LimitRange, `-` where a value is not set. */
function limitRangeRows(w: PrefixWriter, lr: LimitRange, indent: string): void {
  for (const item of lr.spec?.limits ?? []) {
    const lists = [
      item.min,
      item.max,
      item.defaultRequest,
      item.default,
      item.maxLimitRequestRatio,
    ] as (Record<string, string> | undefined)[];
    const names = new Set(lists.flatMap((l) => Object.keys(l ?? {})));
    // kubectl walks a Go map here (random order); sorted, so the output is stable.
    for (const r of [...names].sort(goCompare)) {
      const cells = lists.map((l) => (l?.[r] !== undefined ? String(l[r]) : '-'));
      w.write(LEVEL_0, `${indent}${item.type}\t${r}\t${cells.join('\t')}\n`);
    }
  }
}

/**
 * The end of `describe namespace` (k/k DescribeResourceQuotas, DescribeLimitRanges): each quota's
 * Used and Hard, then the limit ranges' rows, or `No resource quota.` / `No LimitRange resource.`
 */
export function describeNamespacePolicies(
  w: PrefixWriter,
  quotas: ResourceQuota[],
  limitRanges: LimitRange[],
): void {
  w.write(LEVEL_0, '\n');
  if (!quotas.length) w.write(LEVEL_0, 'No resource quota.\n');
  else {
    w.write(LEVEL_0, 'Resource Quotas\n');
    for (const q of [...quotas].sort((a, b) => goCompare(a.metadata!.name!, b.metadata!.name!))) {
      w.write(LEVEL_1, `Name:\t${q.metadata?.name ?? ''}\n`);
      w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
      w.write(LEVEL_1, '--------\t---\t---\n');
      const hard = q.status?.hard ?? {};
      for (const r of Object.keys(hard).sort(goCompare))
        w.write(LEVEL_1, `${r}\t${q.status?.used?.[r] ?? '0'}\t${hard[r]}\n`);
    }
  }
  w.write(LEVEL_0, '\n');
  if (!limitRanges.length) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(
    LEVEL_0,
    'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
  );
  w.write(
    LEVEL_0,
    ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n',
  );
  for (const lr of limitRanges) limitRangeRows(w, lr, ' ');
}

/** describeLimitRange: one row per item and resource, `-` where a value is not set. */
export function describeLimitRange(lr: LimitRange): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${lr.metadata?.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${lr.metadata?.namespace ?? ''}\n`);
  w.write(
    LEVEL_0,
    'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
  );
  w.write(
    LEVEL_0,
    '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n',
  );
  limitRangeRows(w, lr, '');
  return w.toString();
}
