/**
 * CustomResourceDefinition validation rules, `x-kubernetes-validations` (k/k v1.31:
 * staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel — compilation.go,
 * validation.go): each rule is a CEL expression over `self` (the value at its schema node) and,
 * for a transition rule, `oldSelf` (the value before an update). A CRD whose rule does not
 * compile, or names a field its schema does not have, is refused; a custom resource for which a
 * rule is false is invalid: `spec: Invalid value: "object": failed rule: self.replicas <= 10`.
 */
import type { JSONSchemaProps, ValidationRule } from 'kubernetes-types/apiextensions/v1';
import { CelEvalError, evaluateSource } from '../cel/run';
import { compileForValidation } from '../cel/environments';
import { typeCheck, type Structs } from '../cel/typecheck';
import { invalid, required, type FieldError } from './fielderrors';

type Json = Record<string, unknown>;

const rulesOf = (s: JSONSchemaProps): ValidationRule[] =>
  ((s as Json)['x-kubernetes-validations'] as ValidationRule[] | undefined) ?? [];

const isSchema = (v: unknown): v is JSONSchemaProps =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The schema as the checker's structs: an object with properties (and no free-form fields) is a
 * struct, an array a list, additionalProperties a map; anything else is not looked into.
 */
function schemaStructs(root: JSONSchemaProps): {
  type: (s: JSONSchemaProps) => string | undefined;
  structs: Structs;
} {
  const structs: Record<string, Record<string, string>> = {};
  const names = new Map<JSONSchemaProps, string>();
  const type = (s: JSONSchemaProps): string | undefined => {
    const ext = s as Json;
    if (s.type === 'array') return isSchema(s.items) ? `[]${type(s.items) ?? 'any'}` : undefined;
    if (s.type !== 'object' || ext['x-kubernetes-preserve-unknown-fields'] === true)
      return undefined;
    if (isSchema(s.additionalProperties)) return `map[]${type(s.additionalProperties) ?? 'any'}`;
    let name = names.get(s);
    if (!name) {
      name = `s${names.size}`;
      names.set(s, name);
      const fields: Record<string, string> = {};
      structs[name] = fields;
      for (const [k, p] of Object.entries(s.properties ?? {})) fields[k] = type(p) ?? 'any';
      // Every object at the root has these, whatever the schema lists.
      if (s === root) for (const k of ['apiVersion', 'kind', 'metadata']) fields[k] ??= 'any';
    }
    return `@${name}`;
  };
  return { type, structs };
}

/** Every schema node with rules, with its path in the schema and in objects. */
function* nodesWithRules(
  s: JSONSchemaProps,
  schemaPath: string,
): Generator<{ schema: JSONSchemaProps; schemaPath: string }> {
  if (rulesOf(s).length) yield { schema: s, schemaPath };
  for (const [k, p] of Object.entries(s.properties ?? {}))
    yield* nodesWithRules(p, `${schemaPath}.properties[${k}]`);
  if (isSchema(s.items)) yield* nodesWithRules(s.items, `${schemaPath}.items`);
  if (isSchema(s.additionalProperties))
    yield* nodesWithRules(s.additionalProperties, `${schemaPath}.additionalProperties`);
}

/** A rule using `oldSelf` is a transition rule: checked on updates only. */
const usesOldSelf = (rule: string) => /\boldSelf\b/.test(rule);

/** The CRD validation of every rule of a version's schema: it must compile and type-check. */
export function validationRuleErrors(schema: JSONSchemaProps, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const { type, structs } = schemaStructs(schema);
  for (const node of nodesWithRules(schema, path)) {
    const self = type(node.schema);
    rulesOf(node.schema).forEach((r, i) => {
      const rp = `${node.schemaPath}.x-kubernetes-validations[${i}]`;
      if (!r.rule) return errs.push(required(`${rp}.rule`));
      const compiled = compileForValidation(r.rule, ['self', 'oldSelf']);
      if ('error' in compiled) return errs.push(invalid(`${rp}.rule`, r.rule, compiled.error));
      const issues = typeCheck(r.rule, { self, oldSelf: self }, structs);
      if (issues) errs.push(invalid(`${rp}.rule`, r.rule, `compilation failed: ${issues}`));
      if (r.messageExpression) {
        const m = compileForValidation(r.messageExpression, ['self', 'oldSelf']);
        if ('error' in m)
          errs.push(invalid(`${rp}.messageExpression`, r.messageExpression, m.error));
      }
    });
  }
  return errs;
}

const run = (source: string, vars: Map<string, unknown>) =>
  evaluateSource(source, ['self', 'oldSelf'], vars);

/** k/k fieldErrorForReason: the rule's reason, Invalid by default. */
function ruleError(
  field: string,
  s: JSONSchemaProps,
  r: ValidationRule,
  detail: string,
): FieldError {
  switch (r.reason) {
    case 'FieldValueRequired':
      return required(field, detail);
    case 'FieldValueForbidden':
      return { type: 'FieldValueForbidden', field, detail };
    case 'FieldValueDuplicate':
      return { type: 'FieldValueDuplicate', field, badValue: s.type ?? '', detail };
    default:
      return invalid(field, s.type ?? '', detail);
  }
}

/**
 * The rules' errors for a custom resource (`old`: the stored object, on an update). Paths are
 * the object's (`spec`, `spec.items[0]`); the root's is `<nil>`, as a nil field.Path prints.
 */
export function validationRuleFailures(
  obj: unknown,
  schema: JSONSchemaProps,
  old?: unknown,
): FieldError[] {
  const errs: FieldError[] = [];
  const visit = (v: unknown, o: unknown, s: JSONSchemaProps, path: string) => {
    if (v === undefined || v === null) return;
    for (const r of rulesOf(s)) {
      if (usesOldSelf(r.rule) && o === undefined) continue;
      const field = [path || '<nil>', r.fieldPath?.replace(/^\./, '')].filter(Boolean).join('.');
      const vars = new Map<string, unknown>([
        ['self', v],
        ['oldSelf', o ?? null],
      ]);
      let ok: unknown;
      try {
        ok = run(r.rule, vars);
      } catch (e) {
        if (!(e instanceof CelEvalError)) throw e;
        errs.push(invalid(field, s.type ?? '', `${e.message} evaluating rule: ${r.rule.trim()}`));
        continue;
      }
      if (ok === true) continue;
      let message = r.message?.trim() || `failed rule: ${r.rule.trim()}`;
      if (r.messageExpression) {
        try {
          const m = run(r.messageExpression, vars);
          if (typeof m === 'string' && m.trim() && !m.includes('\n')) message = m.trim();
        } catch (e) {
          if (!(e instanceof CelEvalError)) throw e;
        }
      }
      errs.push(ruleError(field, s, r, message));
    }
    const child = (k: string) => (path ? `${path}.${k}` : k);
    if (Array.isArray(v) && isSchema(s.items)) {
      v.forEach((x, i) =>
        visit(x, Array.isArray(o) ? o[i] : undefined, s.items as JSONSchemaProps, `${path}[${i}]`),
      );
    } else if (isSchema(v) && !Array.isArray(v)) {
      const ov = isSchema(o) ? (o as Json) : undefined;
      for (const [k, x] of Object.entries(v as Json)) {
        const p =
          s.properties?.[k] ??
          (isSchema(s.additionalProperties) ? s.additionalProperties : undefined);
        if (p) visit(x, ov?.[k], p, s.properties?.[k] ? child(k) : `${path}[${k}]`);
      }
    }
  };
  visit(obj, old, schema, '');
  return errs;
}
