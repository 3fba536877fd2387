/**
 * Table handlers for ReplicationController, ResourceQuota and LimitRange.
 * k8s: pkg/printers/internalversion/printers.go printReplicationController, printResourceQuota
 * (v1.31); LimitRange has no handler, so the API server's default table (NAME, CREATED AT).
 */
import type { LimitRange, ReplicationController, ResourceQuota } from '../../api/types';
import { translateTimestampSince } from '../age';
import { formatLabels, goCompare, layoutContainerCells } from '../format';
import type { KindPrinter } from './types';

const NAME = { name: 'Name', isName: true } as const;

export const replicationControllerPrinter: KindPrinter = {
  columns: [
    NAME,
    { name: 'Desired' },
    { name: 'Current' },
    { name: 'Ready' },
    { name: 'Age' },
    { name: 'Containers', priority: 1 },
    { name: 'Images', priority: 1 },
    { name: 'Selector', priority: 1 },
  ],
  row(obj, now) {
    const rc = obj as ReplicationController;
    const [names, images] = layoutContainerCells(rc.spec?.template?.spec?.containers);
    return [
      rc.metadata?.name ?? '',
      String(rc.spec?.replicas ?? 0),
      String(rc.status?.replicas ?? 0),
      String(rc.status?.readyReplicas ?? 0),
      translateTimestampSince(rc.metadata?.creationTimestamp, now),
      names,
      images,
      formatLabels(rc.spec?.selector),
    ];
  },
};

/**
 * REQUEST and LIMIT: `resource: used/hard` for each resource of `spec.hard`, sorted; those named
 * `limits.*` go to LIMIT, the rest (object counts too) to REQUEST.
 */
export const resourceQuotaPrinter: KindPrinter = {
  columns: [NAME, { name: 'Age' }, { name: 'Request' }, { name: 'Limit' }],
  row(obj, now) {
    const q = obj as ResourceQuota;
    const request: string[] = [];
    const limit: string[] = [];
    for (const r of Object.keys(q.spec?.hard ?? {}).sort(goCompare)) {
      const cell = `${r}: ${q.status?.used?.[r] ?? '0'}/${q.status?.hard?.[r] ?? '0'}`;
      (r.split('.').length > 1 && r.split('.')[0] === 'limits' ? limit : request).push(cell);
    }
    return [
      q.metadata?.name ?? '',
      translateTimestampSince(q.metadata?.creationTimestamp, now),
      request.join(', '),
      limit.join(', '),
    ];
  },
};

/** The API server's default table: the creation time in RFC 3339, UTC. */
export const limitRangePrinter: KindPrinter = {
  columns: [NAME, { name: 'Created At' }],
  row(obj) {
    const lr = obj as LimitRange;
    return [lr.metadata?.name ?? '', lr.metadata?.creationTimestamp ?? ''];
  },
};
