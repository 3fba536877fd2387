/**
 * Whether two values have the same JSON text, without making it: walked side by side, a subtree
 * both share is passed at once (a pod's spec is often the very object of the version before).
 * What the kubelet asks of every new version of a pod: did its spec change?
 */
export function sameJson(a: unknown, b: unknown): boolean {
  // No JSON at all (JSON.stringify gives undefined) for either.
  if (skipped(a) || skipped(b)) return skipped(a) && skipped(b);
  return same(a, b);
}

/** sameJson of two values inside an array or object (where undefined is written `null`). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'object' && tb === 'object' && a !== null && b !== null) {
    if (hasToJSON(a as object) || hasToJSON(b as object))
      return JSON.stringify(a) === JSON.stringify(b);
    const arrA = Array.isArray(a);
    if (arrA !== Array.isArray(b)) return false;
    if (arrA) return sameArray(a as unknown[], b as unknown[]);
    return sameObject(a as Record<string, unknown>, b as Record<string, unknown>);
  }
  // Scalars (and `null`): the same JSON only as the same value, or both written `null`.
  if (ta === 'string' || tb === 'string' || ta === 'boolean' || tb === 'boolean') return false;
  if (ta === 'number' && tb === 'number') return a === b || (nullish(a) && nullish(b));
  return nullish(a) && nullish(b);
}

/** Written `null` in JSON (in an array: undefined, a function or a symbol are too). */
function nullish(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  const t = typeof v;
  return t === 'function' || t === 'symbol' || (t === 'number' && !Number.isFinite(v));
}

/** A property JSON leaves out. */
function skipped(v: unknown): boolean {
  const t = typeof v;
  return v === undefined || t === 'function' || t === 'symbol';
}

function hasToJSON(v: object): boolean {
  return typeof (v as { toJSON?: unknown }).toJSON === 'function';
}

function sameArray(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== y && !same(x, y)) return false;
  }
  return true;
}

function sameObject(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < ka.length && skipped(a[ka[i]])) i++;
    while (j < kb.length && skipped(b[kb[j]])) j++;
    if (i === ka.length || j === kb.length) return i === ka.length && j === kb.length;
    if (ka[i] !== kb[j]) return false;
    const x = a[ka[i]];
    const y = b[kb[j]];
    if (x !== y && !same(x, y)) return false;
    i++;
    j++;
  }
}
