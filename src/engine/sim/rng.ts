/**
 * The one seeded PRNG of a cluster (sfc32, seeded from a string or number with cyrb128).
 * Same seed, same sequence: every random choice in the engine comes from here.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string) {
    const [a, b, c, d] = cyrb128(String(seed));
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    let { a, b, c, d } = this;
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** A random hex string of `n` characters (uids, container ids). */
  hex(n: number): string {
    const codes = n <= CODES.length ? CODES : new Array<number>(n);
    for (let i = 0; i < n; i++) codes[i] = HEX_CODES[this.int(16)];
    return text(codes, n);
  }

  /** An RFC 4122 version-4 UUID built from this PRNG. */
  uuid(): string {
    // hex(32) and a variant digit, written into the UUID's 36 characters at once: a flat string
    // (pieces joined with `-` make a rope of ten, and every uid lives as long as its object).
    const codes = CODES;
    for (let i = 0, j = 0; i < 32; i++, j++) {
      if (i === 8 || i === 12 || i === 16 || i === 20) codes[j++] = DASH;
      codes[j] = HEX_CODES[this.int(16)];
    }
    codes[14] = FOUR;
    codes[19] = VARIANT_CODES[this.int(4)];
    return text(codes, 36);
  }
}

/**
 * The first `n` character codes as one flat string (one call, not `n` appends: V8 keeps `s += c`
 * as a rope of `n` pieces, ~1.6 KB for a 64-character id).
 */
function text(codes: number[], n: number): string {
  if (codes.length !== n) codes = codes.slice(0, n);
  return String.fromCharCode.apply(null, codes);
}

/** Scratch for the character codes of a hex string or UUID. */
const CODES = new Array<number>(64).fill(0);
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const VARIANT_CODES = Array.from('89ab', (c) => c.charCodeAt(0));
const DASH = 45;
const FOUR = 52;

function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
