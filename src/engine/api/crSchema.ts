/**
 * crd: what the API server does to a custom resource with its version's structural schema
 * (k/k: staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning/algorithm.go,
 * defaulting/algorithm.go, and pkg/apiserver/validation/validation.go, which turns kube-openapi's
 * errors into field errors): unknown fields are pruned (or refused under strict field
 * validation), defaults filled in, then the object validated: types, required, enum, pattern,
 * minimum/maximum, lengths and item counts.
 */
import type { JSONSchemaProps } from 'kubernetes-types/apiextensions/v1';
import { invalid, notSupported, required, type FieldError } from './fielderrors';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const preserves = (s: JSONSchemaProps) =>
  (s as Json)['x-kubernetes-preserve-unknown-fields'] === true;

/** The root fields every object has, never pruned (TypeMeta and ObjectMeta). */
const ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * The paths of fields the schema does not specify (`spec.foo`, `spec.items[0].bar`), removed from
 * `obj` when `drop` (k/k pruning.PruneWithOptions; the paths are strict decoding's).
 */
export function unknownFields(obj: Json, schema: JSONSchemaProps, drop: boolean): string[] {
  const out: string[] = [];
  prune(obj, schema, '', true, drop, out);
  return out;
}

function prune(
  v: unknown,
  s: JSONSchemaProps | undefined,
  path: string,
  root: boolean,
  drop: boolean,
  out: string[],
): void {
  if (!s) return;
  if (Array.isArray(v)) {
    if (isObject(s.items))
      v.forEach((x, i) => prune(x, s.items as JSONSchemaProps, `${path}[${i}]`, false, drop, out));
    return;
  }
  if (!isObject(v)) return;
  const embedded = (s as Json)['x-kubernetes-embedded-resource'] === true;
  for (const k of Object.keys(v)) {
    const p = path ? `${path}.${k}` : k;
    if ((root || embedded) && ROOT_FIELDS.has(k)) continue;
    const prop = s.properties?.[k];
    if (prop) prune(v[k], prop, p, false, drop, out);
    else if (isObject(s.additionalProperties))
      prune(v[k], s.additionalProperties as JSONSchemaProps, p, false, drop, out);
    else if (!preserves(s) && s.additionalProperties !== true) {
      out.push(p);
      if (drop) delete v[k];
    }
  }
}

/** Fills in the schema's defaults where a field is absent (k/k structuraldefaulting.Default). */
export function applySchemaDefaults(v: unknown, s: JSONSchemaProps | undefined): void {
  if (!s) return;
  if (Array.isArray(v)) {
    if (isObject(s.items)) for (const x of v) applySchemaDefaults(x, s.items as JSONSchemaProps);
    return;
  }
  if (!isObject(v)) return;
  for (const [k, prop] of Object.entries(s.properties ?? {})) {
    if (v[k] === undefined && prop.default !== undefined)
      v[k] = JSON.parse(JSON.stringify(prop.default)) as unknown;
    applySchemaDefaults(v[k], prop);
  }
  if (isObject(s.additionalProperties))
    for (const k of Object.keys(v))
      if (!s.properties?.[k]) applySchemaDefaults(v[k], s.additionalProperties as JSONSchemaProps);
}

/** JSON Schema's name for a value's type, as kube-openapi's type errors print it. */
function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Validates `obj` against the schema; the errors in the order the fields appear. */
export function validateWithSchema(obj: Json, schema: JSONSchemaProps): FieldError[] {
  const errs: FieldError[] = [];
  check(obj, schema, '', true, errs);
  return errs;
}

function check(v: unknown, s: JSONSchemaProps, path: string, root: boolean, errs: FieldError[]) {
  const p = path || '<root>';
  if (v === null && s.nullable) return;
  const ext = s as Json;
  const t = s.type;
  const actual = typeOf(v);
  const intOrString = ext['x-kubernetes-int-or-string'] === true;
  if (intOrString && actual !== 'integer' && actual !== 'string') {
    errs.push(invalid(p, v, `${p} in body must be of type integer or string: "${actual}"`));
    return;
  }
  if (t && !intOrString && actual !== t && !(t === 'number' && actual === 'integer')) {
    errs.push(invalid(p, actual, `${p} in body must be of type ${t}: "${actual}"`));
    return;
  }
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v)))
    errs.push(
      notSupported(
        p,
        v,
        s.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))),
      ),
    );
  if (typeof v === 'number') {
    if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum))
      errs.push(
        invalid(
          p,
          v,
          `${p} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`,
        ),
      );
    if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum))
      errs.push(
        invalid(
          p,
          v,
          `${p} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`,
        ),
      );
    if (s.multipleOf !== undefined && v % s.multipleOf !== 0)
      errs.push(invalid(p, v, `${p} in body should be a multiple of ${s.multipleOf}`));
  }
  if (typeof v === 'string') {
    const len = [...v].length;
    if (s.maxLength !== undefined && len > s.maxLength)
      errs.push({
        type: 'FieldValueTooLong',
        field: p,
        detail: `may not be more than ${s.maxLength} bytes`,
      });
    if (s.minLength !== undefined && len < s.minLength)
      errs.push(invalid(p, v, `${p} in body should be at least ${s.minLength} chars long`));
    if (s.pattern !== undefined && !safeTest(s.pattern, v))
      errs.push(invalid(p, v, `${p} in body should match '${s.pattern}'`));
  }
  if (Array.isArray(v)) {
    if (s.maxItems !== undefined && v.length > s.maxItems)
      errs.push({
        type: 'FieldValueTooMany',
        field: p,
        badValue: v.length,
        detail: `must have at most ${s.maxItems} items`,
      });
    if (s.minItems !== undefined && v.length < s.minItems)
      errs.push(invalid(p, v.length, `${p} in body should have at least ${s.minItems} items`));
    if (isObject(s.items))
      v.forEach((x, i) => check(x, s.items as JSONSchemaProps, `${path}[${i}]`, false, errs));
  }
  if (isObject(v)) {
    for (const r of s.required ?? [])
      if (v[r] === undefined) errs.push(required(path ? `${path}.${r}` : r));
    for (const [k, x] of Object.entries(v)) {
      if (root && ROOT_FIELDS.has(k)) continue;
      const prop =
        s.properties?.[k] ??
        (isObject(s.additionalProperties) ? s.additionalProperties : undefined);
      if (prop && x !== undefined)
        check(x, prop as JSONSchemaProps, path ? `${path}.${k}` : k, false, errs);
    }
  }
}

/** ECMAScript stands in for Go's RE2 here; a pattern neither accepts passes. */
function safeTest(pattern: string, v: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(v);
  } catch {
    return true;
  }
}
