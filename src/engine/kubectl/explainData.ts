/**
 * The compact data `kubectl explain` reads: per type, its description and fields (type as explain
 * prints it, description, whether required, and the type to descend into). Built from the editor's
 * JSON Schema (explainBuild.ts, run by scripts/generate-schemas.ts at install, at `npm run
 * schemas` and on first use by `sim` and Vite) into ./generated/explain.json, so the engine never
 * imports UI files.
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
  /** crd: the values the schema allows (`enum`), which explain lists. */
  e?: unknown[];
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
