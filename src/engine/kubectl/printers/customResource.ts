import type { CustomResourceColumnDefinition } from 'kubernetes-types/apiextensions/v1';
import type { ResourceInfo } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import { translateTimestampSince } from '../age';
import { jsonPathResults } from '../jsonpath';
import type { Column, KindPrinter } from './types';

/** A cell of a custom resource's table as the API server sends it (null: no value). */
export type CustomCell = string | number | boolean | null;

/**
 * A CRD version's printer columns; a version without any gets the default `Age` column
 * (k/k: apiextensions-apiserver crdHandler serveDefaultColumnsIfEmpty).
 */
export function printerColumns(info: ResourceInfo): CustomResourceColumnDefinition[] {
  const version = info.crd?.spec.versions.find((v) => v.name === info.version);
  return version?.additionalPrinterColumns?.length
    ? version.additionalPrinterColumns
    : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
}

/** cellForJSONValue: a value of the column's type, else no value. */
function cellFor(type: string, v: unknown, now: number): CustomCell {
  switch (type) {
    case 'integer':
      return typeof v === 'number' ? Math.trunc(v) : null;
    case 'number':
      return typeof v === 'number' ? v : null;
    case 'boolean':
      return typeof v === 'boolean' ? v : null;
    case 'date': {
      if (typeof v !== 'string') return null;
      return Number.isNaN(Date.parse(v)) ? '<invalid>' : translateTimestampSince(v, now);
    }
  }
  return null;
}

/**
 * crd: the cells kube-apiserver's table convertor makes for a custom resource (k/k:
 * apiextensions-apiserver/pkg/registry/customresource/tableconvertor): NAME, then each printer
 * column's value at its JSONPath. A `string` column prints the value as JSONPath prints it
 * (objects and lists as JSON); the other types keep a value of their type (a `date` as an age)
 * and drop any other; a missing value is null, which kubectl prints as an empty cell.
 */
export function customResourceCells(
  info: ResourceInfo,
  obj: KubeObject,
  now: number,
): CustomCell[] {
  return [
    obj.metadata?.name ?? '',
    ...printerColumns(info).map((d): CustomCell => {
      let values: unknown[];
      try {
        values = jsonPathResults(`{${d.jsonPath}}`, obj).flat();
      } catch {
        return null;
      }
      const v = values[0];
      if (v === undefined || v === null) return null;
      if (d.type === 'string') return typeof v === 'object' ? JSON.stringify(v) : String(v);
      return cellFor(d.type, v, now);
    }),
  ];
}

/**
 * crd: a custom resource's table as kubectl prints the API server's: NAME, then each printer
 * column (priority > 0 only with -o wide).
 */
export function customResourcePrinter(info: ResourceInfo): KindPrinter {
  const columns: Column[] = [
    { name: 'Name', isName: true },
    ...printerColumns(info).map((d): Column =>
      d.priority ? { name: d.name, priority: 1 } : { name: d.name },
    ),
  ];
  return {
    columns,
    row: (obj, now) =>
      customResourceCells(info, obj, now).map((c) => (c === null ? '' : String(c))),
  };
}
