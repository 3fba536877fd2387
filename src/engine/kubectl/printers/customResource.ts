import type { ResourceInfo } from '../../api/resources';
import { translateTimestampSince } from '../age';
import { jsonPathResults } from '../jsonpath';
import type { Column, KindPrinter } from './types';

/**
 * crd: the table kube-apiserver builds for a custom resource from its version's
 * `additionalPrinterColumns` (k/k: apiextensions-apiserver/pkg/registry/customresource/
 * tableconvertor): NAME, then each column (priority > 0 only with -o wide); a CRD without
 * columns gets the default `Age` column (SetDefaults_CustomResourceDefinitionVersion). A `date`
 * column prints as an age, a missing value as empty.
 */
export function customResourcePrinter(info: ResourceInfo): KindPrinter {
  const version = info.crd?.spec.versions.find((v) => v.name === info.version);
  const defs = version?.additionalPrinterColumns?.length
    ? version.additionalPrinterColumns
    : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', priority: 0 }];
  const columns: Column[] = [
    { name: 'Name', isName: true },
    ...defs.map((d): Column => (d.priority ? { name: d.name, priority: 1 } : { name: d.name })),
  ];
  return {
    columns,
    row: (obj, now) => [
      obj.metadata?.name ?? '',
      ...defs.map((d) => {
        let values: unknown[];
        try {
          values = jsonPathResults(`{${d.jsonPath}}`, obj).flat();
        } catch {
          return '';
        }
        const v = values[0];
        if (v === undefined || v === null) return '<none>';
        if (d.type === 'date' && typeof v === 'string') return translateTimestampSince(v, now);
        return typeof v === 'object' ? JSON.stringify(v) : String(v);
      }),
    ],
  };
}
