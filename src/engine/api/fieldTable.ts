/**
 * The Go types of every field of the kinds the API serves, as the API server's decoder knows
 * them (k/k: the structs of staging/src/k8s.io/api). Built at `npm run schemas` time from the
 * JSON Schema of `kubernetes-types` (scripts/field-table.ts) into ./generated/fields.json, so
 * the engine never imports UI files; `decoding.ts` walks objects with it.
 *
 * A field's type is a compact code: `string`, `bool`, `int32`, `int64`, `quantity`, `intstr`,
 * `time`, `any` (free-form JSON), `@Name` (a struct), `[]<code>` (a list), `map[]<code>` (a map
 * with string keys).
 */
export interface FieldTable {
  /** The root struct of each kind. */
  kinds: Record<string, string>;
  /** Each struct's fields and their type codes. */
  structs: Record<string, Record<string, string>>;
}

/**
 * The integer fields Go declares int64 (the schema says only `number`); every other integer is
 * an int32 (k/k: staging/src/k8s.io/api/{core,apps,batch}/v1/types.go).
 */
export const INT64_FIELDS = new Set([
  'ObjectMeta.generation',
  'ObjectMeta.deletionGracePeriodSeconds',
  'PodSpec.activeDeadlineSeconds',
  'PodSpec.terminationGracePeriodSeconds',
  'Probe.terminationGracePeriodSeconds',
  'PodSecurityContext.runAsUser',
  'PodSecurityContext.runAsGroup',
  'PodSecurityContext.fsGroup',
  'PodSecurityContext.supplementalGroups',
  'SecurityContext.runAsUser',
  'SecurityContext.runAsGroup',
  'Toleration.tolerationSeconds',
  'ServiceAccountTokenProjection.expirationSeconds',
  'JobSpec.activeDeadlineSeconds',
  'DeploymentStatus.observedGeneration',
  'ReplicaSetStatus.observedGeneration',
  'Condition.observedGeneration',
  'PodCondition.observedGeneration',
  'PodStatus.observedGeneration',
  'SleepAction.seconds',
  'ContainerImage.sizeBytes',
  'NodeSwapStatus.capacity',
  'LinuxContainerUser.uid',
  'LinuxContainerUser.gid',
  'LinuxContainerUser.supplementalGroups',
]);

/**
 * crd: the number fields Go declares float64 (k/k: apiextensions/v1 JSONSchemaProps Maximum,
 * Minimum, MultipleOf): any JSON number decodes, so they are not checked as integers.
 */
const FLOAT64_FIELDS = new Set([
  'JSONSchemaProps.maximum',
  'JSONSchemaProps.minimum',
  'JSONSchemaProps.multipleOf',
]);

/** crd: JSONSchemaProps' int64 bounds. */
const INT64_SCHEMA_FIELDS = [
  'maxItems',
  'minItems',
  'maxLength',
  'minLength',
  'maxProperties',
  'minProperties',
].map((f) => `JSONSchemaProps.${f}`);
for (const f of INT64_SCHEMA_FIELDS) INT64_FIELDS.add(f);

type Schema = { [k: string]: unknown };

const refName = (ref: unknown): string | undefined =>
  typeof ref === 'string' ? decodeURIComponent(ref.replace('#/definitions/', '')) : undefined;

function code(s: Schema, defs: Record<string, Schema>, owner: string, field: string): string {
  if (s.items) return `[]${code(s.items as Schema, defs, owner, field)}`;
  if (s.additionalProperties && typeof s.additionalProperties === 'object')
    return `map[]${code(s.additionalProperties as Schema, defs, owner, field)}`;
  const name = refName(s.$ref);
  if (name) {
    if (name === 'Quantity') return 'quantity';
    if (name === 'IntOrString') return 'intstr';
    if (name === 'Time' || name === 'MicroTime') return 'time';
    const target = defs[name];
    if (!target) return 'any';
    if (target.properties) return `@${name}`;
    return code({ ...target, description: undefined }, defs, owner, field);
  }
  const type = Array.isArray(s.type) ? s.type.filter((x) => x !== 'null') : [s.type];
  if (type.length > 1) return type.includes('number') ? 'intstr' : 'any';
  switch (type[0]) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
    case 'integer':
      if (FLOAT64_FIELDS.has(`${owner}.${field}`)) return 'any';
      return INT64_FIELDS.has(`${owner}.${field}`) ? 'int64' : 'int32';
    default:
      return 'any';
  }
}

/** The table from the editor's combined schema (definitions plus the kind → root `allOf`). */
export function buildFieldTable(schema: Schema): FieldTable {
  const defs = (schema.definitions ?? {}) as Record<string, Schema>;
  const kinds: Record<string, string> = {};
  for (const entry of (schema.allOf ?? []) as Schema[]) {
    const kind = ((entry.if as Schema)?.properties as Record<string, Schema>)?.kind?.const;
    const root = refName((entry.then as Schema)?.$ref);
    if (typeof kind === 'string' && root) kinds[kind] = root;
  }
  const structs: Record<string, Record<string, string>> = {};
  for (const [name, def] of Object.entries(defs)) {
    const props = def.properties as Record<string, Schema> | undefined;
    if (!props) continue;
    const fields: Record<string, string> = {};
    for (const [field, s] of Object.entries(props)) fields[field] = code(s, defs, name, field);
    structs[name] = fields;
  }
  return { kinds, structs };
}
