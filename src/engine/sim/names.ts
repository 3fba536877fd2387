import type { Rng } from './rng';

/**
 * The alphabet of generated name suffixes: no vowels and no confusable characters
 * (k/k: staging/src/k8s.io/apimachinery/pkg/util/rand/rand.go).
 */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Maximum length of a generated base name before the suffix (k/k: storage/names/generate.go). */
const MAX_GENERATED_NAME_LENGTH = 63 - 5;

/** `n` random characters from the Kubernetes name alphabet. */
export function randomSuffix(rng: Rng, n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += NAME_ALPHABET[rng.int(NAME_ALPHABET.length)];
  return s;
}

/** What the API server does with `metadata.generateName`: the base, truncated, plus 5 characters. */
export function generateName(rng: Rng, base: string): string {
  const b =
    base.length > MAX_GENERATED_NAME_LENGTH ? base.slice(0, MAX_GENERATED_NAME_LENGTH) : base;
  return b + randomSuffix(rng, 5);
}

/**
 * SafeEncodeString (k/k: apimachinery/pkg/util/rand): maps each character of a decimal string
 * onto the name alphabet, giving pod-template-hash values such as `5948f7484f`.
 */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += NAME_ALPHABET[s.charCodeAt(i) % NAME_ALPHABET.length];
  return out;
}

/** FNV-32a over a string's UTF-16 code units (ASCII here), as hash/fnv.New32a. */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
