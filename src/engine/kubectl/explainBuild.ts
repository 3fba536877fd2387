/**
 * Builds the data `kubectl explain` prints from the editor's combined JSON Schema. Kept apart from
 * explainData.ts, which imports the generated file: the generator (and vite.config.ts, which runs
 * it) must load without that file existing yet.
 */
import type { ExplainData, ExplainField, ExplainType } from './explainData';

type Schema = { [k: string]: unknown };

const refName = (ref: unknown): string | undefined =>
  typeof ref === 'string' ? decodeURIComponent(ref.replace('#/definitions/', '')) : undefined;

/** typeGuess from kubectl's plaintext.tmpl, adapted to the generator's schema shapes. */
function guess(s: Schema, defs: Record<string, Schema>): { t: string; r?: string } {
  if (s.items) {
    const inner = guess(s.items as Schema, defs);
    return { t: `[]${inner.t}`, r: inner.r };
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    const inner = guess(s.additionalProperties as Schema, defs);
    return { t: `map[string]${inner.t}`, r: inner.r };
  }
  const name = refName(s.$ref);
  if (name) {
    if (name === 'Quantity' || name === 'IntOrString') return { t: name };
    const target = defs[name];
    if (!target || target.type === 'object' || target.properties) return { t: name, r: name };
    return guess({ ...target, description: undefined }, defs);
  }
  const type = s.type;
  if (Array.isArray(type)) {
    const t = type.filter((x) => x !== 'null');
    if (t.length === 1) return guess({ ...s, type: t[0] }, defs);
    return { t: 'IntOrString' };
  }
  if (type === 'object') return { t: 'Object' };
  if (type === 'number') return { t: 'integer' };
  return { t: typeof type === 'string' ? type : 'Object' };
}

/** Builds the explain data from the combined schema's definitions. */
export function buildExplainData(schema: { definitions?: Record<string, Schema> }): ExplainData {
  const defs = schema.definitions ?? {};
  const types: Record<string, ExplainType> = {};
  for (const [name, def] of Object.entries(defs)) {
    const props = (def.properties ?? {}) as Record<string, Schema>;
    const isRoot = (props.kind as Schema | undefined)?.const !== undefined;
    const required = new Set(
      ((def.required as string[] | undefined) ?? []).filter(
        (r) => !(isRoot && (r === 'apiVersion' || r === 'kind')),
      ),
    );
    const f: Record<string, ExplainField> = {};
    for (const [p, ps] of Object.entries(props)) {
      const g = guess(ps, defs);
      const field: ExplainField = { t: g.t };
      if (typeof ps.description === 'string') field.d = ps.description;
      if (g.r) field.r = g.r;
      if (required.has(p)) field.q = 1;
      f[p] = field;
    }
    const t: ExplainType = {};
    if (typeof def.description === 'string') t.d = def.description;
    if (Object.keys(f).length) t.f = f;
    types[name] = t;
  }
  return { types };
}
