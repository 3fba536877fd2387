/**
 * Server-side printing: `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` turns a get or a
 * list into a metav1.Table (k/k: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/
 * response.go transformObject, and pkg/printers/internalversion for the columns). kubectl get
 * prints these cells as they come; the columns are the ones our kubectl prints. A custom
 * resource's table has NAME and its CRD version's additionalPrinterColumns, typed and described
 * as the CRD says (k/k: apiextensions-apiserver/pkg/registry/customresource/tableconvertor).
 */
import type { ResourceInfo } from '../engine/api/resources';
import type { KubeObject } from '../engine/api/types';
import { tableHandler } from '../engine/kubectl/printers/index';
import { customResourceCells, printerColumns } from '../engine/kubectl/printers/customResource';

/** ObjectMeta's field descriptions the custom resource table's columns carry (swagger docs). */
const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const CREATION_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** A custom resource's column definitions (tableconvertor.New, serveDefaultColumnsIfEmpty). */
function customColumns(info: ResourceInfo): ColumnDefinition[] {
  const version = info.crd?.spec.versions.find((v) => v.name === info.version);
  const cols = version?.additionalPrinterColumns?.length
    ? version.additionalPrinterColumns
    : printerColumns(info).map((c) => ({ ...c, description: CREATION_DESCRIPTION }));
  return [
    { name: 'Name', type: 'string', format: 'name', description: NAME_DESCRIPTION, priority: 0 },
    ...cols.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description:
        c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
      priority: c.priority ?? 0,
    })),
  ];
}

/** Whether the Accept header asks for a Table (meta.k8s.io v1 or v1beta1). */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  const first = accept.split(',')[0];
  return /(^|;)\s*as=Table(;|$)/.test(first) && /g=meta\.k8s\.io/.test(first);
}

/** `includeObject`: None, Metadata (the default) or Object. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/**
 * A Table of objects of one resource; `now` is the instant ages are measured from (Unix ms). A
 * custom resource's cells are typed as its columns say (null: no value). The cells
 * come from the stored object, as kube-apiserver prints its internal one; the rows' objects are
 * as the group-version serves them (`view`: autoscaling/v1 converts).
 */
export function toTable(
  info: ResourceInfo,
  objects: KubeObject[],
  resourceVersion: string | undefined,
  now: number,
  include: IncludeObject = 'Metadata',
  view: (o: KubeObject) => KubeObject = (o) => o,
): object {
  const custom = info.crd !== undefined;
  const handler = tableHandler(info.kind);
  const columnDefinitions: ColumnDefinition[] = custom
    ? customColumns(info)
    : handler.columns.map((c) => ({
        name: c.name,
        type: 'string',
        format: c.isName ? 'name' : '',
        description: '',
        priority: c.priority ?? 0,
      }));
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: resourceVersion ? { resourceVersion } : {},
    columnDefinitions,
    rows: objects.map((obj) => {
      const object = rowObject(view(obj), include);
      const cells = custom ? customResourceCells(info, obj, now) : handler.row(obj, now);
      return { cells, ...(object ? { object } : {}) };
    }),
  };
}
