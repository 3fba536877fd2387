/**
 * Server-side printing: `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` turns a get or a
 * list into a metav1.Table (k/k: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/
 * response.go transformObject, and pkg/printers/internalversion for the columns). kubectl get
 * prints these cells as they come; the columns are the ones our kubectl prints.
 */
import type { KubeObject } from '../engine/api/types';
import { tableHandler } from '../engine/kubectl/printers/index';

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

/** A Table of objects of one kind; `now` is the instant ages are measured from (Unix ms). */
export function toTable(
  kind: string,
  objects: KubeObject[],
  resourceVersion: string | undefined,
  now: number,
  include: IncludeObject = 'Metadata',
): object {
  const handler = tableHandler(kind);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: resourceVersion ? { resourceVersion } : {},
    columnDefinitions: handler.columns.map((c) => ({
      name: c.name,
      type: 'string',
      format: c.isName ? 'name' : '',
      description: '',
      priority: c.priority ?? 0,
    })),
    rows: objects.map((obj) => {
      const object = rowObject(obj, include);
      return { cells: handler.row(obj, now), ...(object ? { object } : {}) };
    }),
  };
}
