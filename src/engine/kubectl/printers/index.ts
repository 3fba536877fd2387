/**
 * `kubectl get` output: the human-readable tables (default and -o wide) and -o name.
 * The kind-specific columns live in ./printers/; this file adds what cli-runtime's table printer
 * adds around them: the NAMESPACE column for -A, LABELS for --show-labels, `kind/` names.
 */
import type { KubeObject } from '../../api/types';
import { resourceForKind } from '../../api/resources';
import { translateTimestampSince } from '../age';
import { formatLabels, goCompare } from '../format';
import { printTable } from '../table';
import {
  componentStatusPrinter,
  configMapPrinter,
  eventPrinter,
  leasePrinter,
  namespacePrinter,
  nodePrinter,
  podPrinter,
  secretPrinter,
  serviceAccountPrinter,
} from './core';
import { endpointSlicePrinter, endpointsPrinter, servicePrinterFor } from './network';
import {
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  storageClassPrinter,
} from './storage';
import { ingressClassPrinter, ingressPrinterFor, networkPolicyPrinter } from './networking';
import type { KindPrinter } from './types';
// crd:
import type { ResourceInfo } from '../../api/resources';
import { customResourcePrinter } from './customResource';
// hpa:
import { horizontalPodAutoscalerPrinter } from './autoscaling';
import { deploymentPrinter, jobPrinter, replicaSetPrinter } from './workloads';
// workloads:
import {
  controllerRevisionPrinter,
  cronJobPrinter,
  daemonSetPrinter,
  statefulSetPrinter,
} from './controllers';
// quota:
import { limitRangePrinter, replicationControllerPrinter, resourceQuotaPrinter } from './quota';
// corpus-policy:
import {
  createdAtPrinter,
  podDisruptionBudgetPrinter,
  priorityClassPrinter,
  roleBindingPrinter,
  validatingAdmissionPolicyBindingPrinter,
  validatingAdmissionPolicyPrinter,
} from './policy';
// apf:
import {
  flowSchemaPrinter,
  priorityLevelConfigurationPrinter,
  webhookConfigurationPrinter,
} from './flowcontrol';

/** Options of {@link printGet}, mirroring kubectl's flags. */
export interface PrintGetOptions {
  /** The current instant in Unix ms (AGE, RESTARTS, LAST SEEN). */
  now: number;
  /** `-o wide`: the priority-1 columns. */
  wide?: boolean;
  /** `-A`: a NAMESPACE first column. */
  allNamespaces?: boolean;
  /** `--show-labels`: a LABELS last column. */
  showLabels?: boolean;
  /** `-L key`: a column per label key, headed by the key's last `/` segment upper-cased. */
  labelColumns?: string[];
  /** Names as `kind/name` (`pod/web`, `deployment.apps/web`), as `kubectl get all` prints them. */
  showKind?: boolean;
  /** Leave out the header row (`--no-headers`). */
  noHeaders?: boolean;
  /** crd: the resource listed, whose CRD (if any) gives the columns. */
  info?: ResourceInfo;
}

function printerFor(kind: string, wide: boolean): KindPrinter | undefined {
  switch (kind) {
    case 'Pod':
      return podPrinter;
    case 'Node':
      return nodePrinter;
    case 'Namespace':
      return namespacePrinter;
    case 'ServiceAccount':
      return serviceAccountPrinter;
    case 'Secret':
      return secretPrinter;
    case 'ConfigMap':
      return configMapPrinter;
    case 'Event':
      return eventPrinter;
    case 'Lease':
      return leasePrinter;
    case 'ComponentStatus':
      return componentStatusPrinter;
    case 'Deployment':
      return deploymentPrinter;
    case 'ReplicaSet':
      return replicaSetPrinter;
    case 'Job':
      return jobPrinter;
    case 'Service':
      return servicePrinterFor(wide);
    case 'Endpoints':
      return endpointsPrinter;
    case 'EndpointSlice':
      return endpointSlicePrinter;
    // workloads:
    case 'DaemonSet':
      return daemonSetPrinter;
    case 'ControllerRevision':
      return controllerRevisionPrinter;
    case 'StatefulSet':
      return statefulSetPrinter;
    case 'CronJob':
      return cronJobPrinter;
    // net:
    case 'Ingress':
      return ingressPrinterFor(wide);
    case 'IngressClass':
      return ingressClassPrinter;
    case 'NetworkPolicy':
      return networkPolicyPrinter;
    // hpa:
    case 'HorizontalPodAutoscaler':
      return horizontalPodAutoscalerPrinter;
    // storage:
    case 'PersistentVolume':
      return persistentVolumePrinter;
    case 'PersistentVolumeClaim':
      return persistentVolumeClaimPrinter;
    case 'StorageClass':
      return storageClassPrinter;
    // quota:
    case 'ReplicationController':
      return replicationControllerPrinter;
    case 'ResourceQuota':
      return resourceQuotaPrinter;
    case 'LimitRange':
      return limitRangePrinter;
    // corpus-policy:
    case 'Role':
    case 'ClusterRole':
      return createdAtPrinter;
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return roleBindingPrinter;
    case 'PriorityClass':
      return priorityClassPrinter;
    case 'PodDisruptionBudget':
      return podDisruptionBudgetPrinter;
    case 'ValidatingAdmissionPolicy':
      return validatingAdmissionPolicyPrinter;
    case 'ValidatingAdmissionPolicyBinding':
      return validatingAdmissionPolicyBindingPrinter;
    // apf:
    case 'FlowSchema':
      return flowSchemaPrinter;
    case 'PriorityLevelConfiguration':
      return priorityLevelConfigurationPrinter;
    case 'ValidatingWebhookConfiguration':
    case 'MutatingWebhookConfiguration':
      return webhookConfigurationPrinter;
    // crd: k/k printers.go AddHandlers has none; the CRD's table is its own columns.
    case 'CustomResourceDefinition':
      return createdAtPrinter;
  }
  return undefined;
}

/** The generic table the API server returns for kinds without a handler: NAME and AGE. */
const defaultPrinter: KindPrinter = {
  columns: [{ name: 'Name', isName: true }, { name: 'Age' }],
  row: (obj, now) => [
    obj.metadata?.name ?? '',
    translateTimestampSince(obj.metadata?.creationTimestamp, now),
  ],
};

/** The type part of `kind/name`: `pod`, `deployment.apps`, `componentstatus`. */
export function kubectlTypeOf(kind: string): string {
  return resourceForKind(kind)?.kubectlType ?? kind.toLowerCase();
}

/**
 * The table `kubectl get <kind>` prints for these objects (all of one kind), ending in a newline.
 * Returns `''` for no objects: the caller prints {@link noResourcesMessage} to stderr instead.
 * Rows keep the given order, which is the API's list order (by namespace, then name). Events too:
 * kubectl v1.31 does not sort `get events` (kubernetes/kubernetes#29838 is still open).
 * @example printGet('Pod', pods, { now }) // "NAME   READY   STATUS    RESTARTS   AGE\nweb   1/1 …"
 */
export function printGet(kind: string, objects: KubeObject[], opts: PrintGetOptions): string {
  if (objects.length === 0) return '';
  const wide = opts.wide ?? false;
  const printer = opts.info?.crd
    ? customResourcePrinter(opts.info)
    : (printerFor(kind, wide) ?? defaultPrinter);
  const keep = printer.columns.map((c) => wide || !c.priority);
  const headers = printer.columns.filter((_, i) => keep[i]).map((c) => c.name.toUpperCase());
  const nameIndex = printer.columns.findIndex((c) => c.isName);
  const type = opts.info?.kubectlType ?? kubectlTypeOf(kind);
  const items = kind === 'Event' ? sortByNamespaceAndName(objects) : objects;

  const rows = items.map((obj) => {
    const cells = printer.row(obj, opts.now);
    if (opts.showKind && nameIndex >= 0) cells[nameIndex] = `${type}/${cells[nameIndex]}`;
    const row = cells.filter((_, i) => keep[i]);
    if (opts.allNamespaces) row.unshift(obj.metadata?.namespace ?? '');
    for (const key of opts.labelColumns ?? []) row.push(obj.metadata?.labels?.[key] ?? '');
    if (opts.showLabels) row.push(formatLabels(obj.metadata?.labels));
    return row;
  });
  if (opts.allNamespaces) headers.unshift('NAMESPACE');
  // cli-runtime tableprinter formatLabelHeaders.
  for (const key of opts.labelColumns ?? []) headers.push(key.split('/').pop()!.toUpperCase());
  if (opts.showLabels) headers.push('LABELS');
  const table = printTable(headers, rows);
  return opts.noHeaders ? table.slice(table.indexOf('\n') + 1) : table;
}

/** The API server lists from etcd in key order: by namespace, then by name. */
function sortByNamespaceAndName<T extends KubeObject>(objects: T[]): T[] {
  return [...objects].sort(
    (a, b) =>
      goCompare(a.metadata?.namespace ?? '', b.metadata?.namespace ?? '') ||
      goCompare(a.metadata?.name ?? '', b.metadata?.name ?? ''),
  );
}

/**
 * `-o name`: one `type/name` per line (`pod/web`, `deployment.apps/web`), ending in a newline.
 */
export function printName(objects: KubeObject[], infos: readonly ResourceInfo[] = []): string {
  // crd: a custom resource's type is its CRD's (`shirt.stable.example.com`).
  const typeOf = (o: KubeObject) =>
    infos.find((i) => i.crd && i.kind === o.kind && o.apiVersion?.startsWith(`${i.group}/`))
      ?.kubectlType ?? kubectlTypeOf(o.kind ?? '');
  return objects.map((o) => `${typeOf(o)}/${o.metadata?.name ?? ''}\n`).join('');
}

export { noResourcesMessage } from '../table';

// serve: sim serve's server-side Table (metav1.Table) uses the same handlers, all columns
// included with their priorities, as kube-apiserver's TableConvertor does.
/** The table handler of a kind, for a server-side Table. */
export function tableHandler(kind: string): KindPrinter {
  return printerFor(kind, true) ?? defaultPrinter;
}
