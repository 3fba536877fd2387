/**
 * Table handlers for the workload kinds of issue 14: DaemonSet, StatefulSet, ControllerRevision,
 * CronJob. k8s: pkg/printers/internalversion/printers.go printDaemonSet, printStatefulSet,
 * printControllerRevision, printCronJob (v1.31)
 */
import type { ControllerRevision, CronJob, DaemonSet, StatefulSet } from '../../api/types';
import type { KubeObject } from '../../api/types';
import { translateTimestampSince } from '../age';
import { formatLabels, formatLabelSelector, layoutContainerCells } from '../format';
import type { Column, KindPrinter } from './types';

const NAME = { name: 'Name', isName: true } as const;
const AGE = { name: 'Age' };
const WIDE_TEMPLATE: Column[] = [
  { name: 'Containers', priority: 1 },
  { name: 'Images', priority: 1 },
  { name: 'Selector', priority: 1 },
];
const age = (o: KubeObject, now: number): string =>
  translateTimestampSince(o.metadata?.creationTimestamp, now);

export const daemonSetPrinter: KindPrinter = {
  columns: [
    NAME,
    { name: 'Desired' },
    { name: 'Current' },
    { name: 'Ready' },
    { name: 'Up-to-date' },
    { name: 'Available' },
    { name: 'Node Selector' },
    AGE,
    ...WIDE_TEMPLATE,
  ],
  row(obj, now) {
    const ds = obj as DaemonSet;
    const st = ds.status;
    const [names, images] = layoutContainerCells(ds.spec?.template?.spec?.containers);
    return [
      ds.metadata?.name ?? '',
      String(st?.desiredNumberScheduled ?? 0),
      String(st?.currentNumberScheduled ?? 0),
      String(st?.numberReady ?? 0),
      String(st?.updatedNumberScheduled ?? 0),
      String(st?.numberAvailable ?? 0),
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      age(obj, now),
      names,
      images,
      formatLabelSelector(ds.spec?.selector),
    ];
  },
};

/** `daemonset.apps/fluentd`: the controller as printControllerRevision names it. */
function controllerName(cr: ControllerRevision): string {
  const ref = cr.metadata?.ownerReferences?.find((r) => r.controller);
  if (!ref) return '<none>';
  const slash = ref.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
  const kind = ref.kind.toLowerCase();
  return `${group ? `${kind}.${group}` : kind}/${ref.name}`;
}

export const controllerRevisionPrinter: KindPrinter = {
  columns: [NAME, { name: 'Controller' }, { name: 'Revision' }, AGE],
  row(obj, now) {
    const cr = obj as ControllerRevision;
    return [cr.metadata?.name ?? '', controllerName(cr), String(cr.revision ?? 0), age(obj, now)];
  },
};

export const statefulSetPrinter: KindPrinter = {
  columns: [
    NAME,
    { name: 'Ready' },
    AGE,
    { name: 'Containers', priority: 1 },
    { name: 'Images', priority: 1 },
  ],
  row(obj, now) {
    const sts = obj as StatefulSet;
    const [names, images] = layoutContainerCells(sts.spec?.template?.spec?.containers);
    return [
      sts.metadata?.name ?? '',
      `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 0}`,
      age(obj, now),
      names,
      images,
    ];
  },
};

/** printCronJob: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE (v1.31). */
export const cronJobPrinter: KindPrinter = {
  columns: [
    NAME,
    { name: 'Schedule' },
    { name: 'Timezone' },
    { name: 'Suspend' },
    { name: 'Active' },
    { name: 'Last Schedule' },
    AGE,
    ...WIDE_TEMPLATE,
  ],
  row(obj, now) {
    const cj = obj as CronJob;
    const last = cj.status?.lastScheduleTime
      ? translateTimestampSince(cj.status.lastScheduleTime, now)
      : '<none>';
    const [names, images] = layoutContainerCells(
      cj.spec?.jobTemplate?.spec?.template?.spec?.containers,
    );
    return [
      cj.metadata?.name ?? '',
      cj.spec?.schedule ?? '',
      cj.spec?.timeZone || '<none>',
      cj.spec?.suspend ? 'True' : 'False',
      String(cj.status?.active?.length ?? 0),
      last,
      age(obj, now),
      names,
      images,
      formatLabelSelector(cj.spec?.jobTemplate?.spec?.selector),
    ];
  },
};
