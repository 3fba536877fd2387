/**
 * crd: `kubectl explain` of a custom resource reads the OpenAPI v3 the API server publishes from
 * the CRD's structural schema (k/k: apiextensions-apiserver/pkg/controller/openapi/builder, which
 * adds apiVersion, kind and metadata); here the same is built from the CRD into explain's types.
 */
import type { JSONSchemaProps } from 'kubernetes-types/apiextensions/v1';
import type { ResourceInfo } from '../api/resources';
import type { ExplainData, ExplainField, ExplainType } from './explainData';

/** explain's type guess for a schema node (`Object`, `[]string`, `map[string]integer`). */
function typeName(s: JSONSchemaProps): string {
  if (s.type === 'array') return `[]${s.items ? typeName(s.items as JSONSchemaProps) : 'Object'}`;
  if (s.type === 'object' && !s.properties && typeof s.additionalProperties === 'object')
    return `map[string]${typeName(s.additionalProperties as JSONSchemaProps)}`;
  if (s.type === 'object' || !s.type) return 'Object';
  return s.type;
}

/**
 * The explain data with the custom resource's types added under `<group>/<Kind>…` names; returns
 * the data and the name of the root type.
 */
export function withCustomResource(
  data: ExplainData,
  info: ResourceInfo,
): { data: ExplainData; root: string } {
  const version = info.crd!.spec.versions.find((v) => v.name === info.version);
  const schema = (version?.schema?.openAPIV3Schema ?? { type: 'object' }) as JSONSchemaProps;
  const types: Record<string, ExplainType> = { ...data.types };
  const add = (name: string, s: JSONSchemaProps): string => {
    const f: Record<string, ExplainField> = {};
    for (const [k, p] of Object.entries(s.properties ?? {})) {
      const child = (p.type === 'array' ? p.items : p) as JSONSchemaProps | undefined;
      const field: ExplainField = { t: typeName(p) };
      if (p.description) field.d = p.description;
      if (s.required?.includes(k)) field.q = 1;
      if (p.enum?.length) field.e = p.enum;
      if (child?.properties) field.r = add(`${name}.${k}`, child);
      f[k] = field;
    }
    types[name] = { ...(s.description ? { d: s.description } : {}), f };
    return name;
  };
  const root = add(`${info.group}/${info.kind}`, schema);
  const meta = data.types.Pod?.f ?? {};
  types[root] = {
    ...types[root],
    f: {
      apiVersion: { t: 'string', d: meta.apiVersion?.d },
      kind: { t: 'string', d: meta.kind?.d },
      metadata: { t: 'ObjectMeta', d: meta.metadata?.d, r: 'ObjectMeta' },
      ...types[root].f,
    },
  };
  return { data: { types }, root };
}
