/**
 * The compact data `kubectl explain` reads: per type, its description and fields (type as explain
 * prints it, description, whether required, and the type to descend into). Built at `npm run
 * schemas` time from the editor's JSON Schema (scripts/generate-schemas.ts) into
 * ./generated/explain.json, so the engine never imports UI files.
 */

/** One field of a type. */
export interface ExplainField {
  /** explain's type guess: `string`, `integer`, `[]Container`, `map[string]string`, `ObjectMeta`. */
  t: string;
  /** Description. */
  d?: string;
  /** The type whose fields are below this one (after arrays and maps), if any. */
  r?: string;
  /** Required. */
  q?: 1;
}

/** One type: its description and fields. */
export interface ExplainType {
  d?: string;
  f?: Record<string, ExplainField>;
}

export interface ExplainData {
  types: Record<string, ExplainType>;
}

let loaded: ExplainData | undefined;
let loading: Promise<ExplainData> | undefined;

/** The explain data, once {@link loadExplainData} has loaded it. */
export function explainData(): ExplainData | undefined {
  return loaded;
}

/**
 * Loads the explain data: ~260 KB of descriptions, a chunk of its own in the browser, so the
 * worker can draw the cluster before it arrives. Headless callers await it before a synchronous
 * `kubectl explain`.
 */
export function loadExplainData(): Promise<ExplainData> {
  loading ??= import('./generated/explain.json').then((m) => {
    loaded = (m.default ?? m) as ExplainData;
    return loaded;
  });
  return loading;
}

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
