/**
 * Kubernetes resource quantities (k/k: staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go).
 *
 * A quantity is `<signedNumber><suffix>`: a decimal number, then a binary SI suffix (`Ki`…`Ei`),
 * a decimal SI suffix (`n`, `u`, `m`, ``, `k`, `M`, `G`, `T`, `P`, `E`) or a decimal exponent
 * (`e3`, `E-2`). The parser below follows `parseQuantityString` + `ParseQuantity` step by step so
 * that the same strings are accepted and rejected, with the same three error messages.
 */

/** The regular expression every quantity must match (`splitREString`). */
export const QUANTITY_REGEX_STRING = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

// k/k: resource.ErrFormatWrong, ErrNumeric, ErrSuffix
const ERR_FORMAT_WRONG = `quantities must match the regular expression '${QUANTITY_REGEX_STRING}'`;
const ERR_NUMERIC = "unable to parse quantity's numeric part";
const ERR_SUFFIX = "unable to parse quantity's suffix";

/** Thrown for a string that is not a quantity; `message` is exactly the API's error text. */
export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityError';
  }
}

/** An exact quantity: `sign × digits × 10^exp10 × 2^exp2`. */
interface ExactQuantity {
  negative: boolean;
  digits: bigint;
  exp10: number;
  exp2: number;
}

/** Decimal SI suffixes and their powers of ten (k/k: quantitySuffixer decSuffixes). */
export const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
/** Binary SI suffixes and their powers of two (k/k: quantitySuffixer binSuffixes). */
export const BINARY_SUFFIXES: Readonly<Record<string, number>> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};
const SUFFIX_CHARS = 'eEinumkKMGTP';

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** k/k: quantitySuffixer.interpret — base-2 exponent, base-10 exponent, or undefined. */
function interpretSuffix(suffix: string): { exp10: number; exp2: number } | undefined {
  if (suffix in DECIMAL_SUFFIXES) return { exp10: DECIMAL_SUFFIXES[suffix], exp2: 0 };
  if (suffix in BINARY_SUFFIXES) return { exp10: 0, exp2: BINARY_SUFFIXES[suffix] };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const rest = suffix.slice(1);
    if (/^[+-]?[0-9]+$/.test(rest)) return { exp10: Number.parseInt(rest, 10), exp2: 0 };
  }
  return undefined;
}

/** How a quantity was written, which its canonical text keeps (k/k: resource.Format). */
export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

/**
 * The format of a valid quantity's suffix, as `ParseQuantity` records it: `Ki`…`Ei` are
 * BinarySI, `e3`/`E-2` DecimalExponent, anything else (`m`, `k`, `G`, none) DecimalSI.
 * Throws {@link QuantityError} for a string that is not a quantity.
 */
export function quantityFormat(q: string | number): QuantityFormat {
  parseExact(q);
  const suffix = (typeof q === 'number' ? numberToString(q) : q).replace(/^[+-]?[0-9.]*/, '');
  if (suffix in BINARY_SUFFIXES) return 'BinarySI';
  if (suffix in DECIMAL_SUFFIXES) return 'DecimalSI';
  return 'DecimalExponent';
}

/** Parsed quantities by their text: objects carry few distinct ones (`100m`, `64Mi`…). */
const parsed = new Map<string | number, ExactQuantity>();
const millisMemo = new Map<string | number, number>();
const bytesMemo = new Map<string | number, number>();
const MEMO_LIMIT = 10_000;

function remember<T>(memo: Map<string | number, T>, key: string | number, value: T): T {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/** Parses exactly (memoised; the result is shared, never changed). */
function parseExact(input: string | number): ExactQuantity {
  return parsed.get(input) ?? remember(parsed, input, parseExactUncached(input));
}

/** Parses exactly, following k/k `parseQuantityString` then `ParseQuantity`. */
function parseExactUncached(input: string | number): ExactQuantity {
  const str = typeof input === 'number' ? numberToString(input) : input;
  if (str.length === 0) throw new QuantityError(ERR_FORMAT_WRONG);
  let pos = 0;
  const end = str.length;
  let negative = false;
  if (str[0] === '-') {
    negative = true;
    pos++;
  } else if (str[0] === '+') {
    pos++;
  }
  const numStart = pos;
  while (isDigit(str[pos])) pos++;
  const intPart = str.slice(numStart, pos);
  let fracPart = '';
  let sawDot = false;
  if (str[pos] === '.') {
    sawDot = true;
    pos++;
    const fracStart = pos;
    while (isDigit(str[pos])) pos++;
    fracPart = str.slice(fracStart, pos);
  }
  const suffixStart = pos;
  while (pos < end && SUFFIX_CHARS.includes(str[pos])) pos++;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  while (isDigit(str[pos])) pos++;
  // A character that is neither a suffix letter nor an exponent digit: the regex fails.
  if (pos < end) throw new QuantityError(ERR_FORMAT_WRONG);
  const suffix = str.slice(suffixStart);
  const interpreted = interpretSuffix(suffix);
  if (!interpreted) throw new QuantityError(ERR_SUFFIX);
  if (intPart.length === 0 && fracPart.length === 0) {
    // "." or "m": inf.Dec.SetString fails on the numeric part. A lone sign ("+", "-") is
    // accepted as zero by parseQuantityString's leading-zero loop.
    if (sawDot || suffix.length > 0) throw new QuantityError(ERR_NUMERIC);
    return { negative: false, digits: 0n, exp10: 0, exp2: 0 };
  }
  const digits = BigInt((intPart + fracPart).replace(/^0+(?=.)/, '') || '0');
  return {
    negative: negative && digits !== 0n,
    digits,
    exp10: interpreted.exp10 - fracPart.length,
    exp2: interpreted.exp2,
  };
}

function numberToString(n: number): string {
  if (!Number.isFinite(n)) throw new QuantityError(ERR_FORMAT_WRONG);
  // JSON numbers reach the API as their JSON text: 1e21 is "1e+21", which is a valid quantity.
  return String(n);
}

/** ceil(q × 10^scale10) as a bigint, exactly (k/k: Quantity.ScaledValue rounds up). */
function scaledCeil(q: ExactQuantity, scale10: number): bigint {
  let num = q.digits * 2n ** BigInt(q.exp2);
  let den = 1n;
  const e = q.exp10 + scale10;
  if (e >= 0) num *= 10n ** BigInt(e);
  else den = 10n ** BigInt(-e);
  const whole = num / den;
  const rem = num % den;
  if (q.negative) return -whole; // ceil of a negative number truncates toward zero
  return rem === 0n ? whole : whole + 1n;
}

/**
 * Parses a quantity into its value in base units (`'100m'` → 0.1, `'128Mi'` → 134217728,
 * `'1e3'` → 1000). Numbers are accepted as YAML/JSON gives them. Throws {@link QuantityError}
 * with the API's message for anything the API would reject.
 */
export function parseQuantity(q: string | number): number {
  const x = parseExact(q);
  const magnitude = Number(`${x.digits}e${x.exp10}`) * 2 ** x.exp2;
  return x.negative ? -magnitude : magnitude;
}

/** True when the API would accept `q` as a quantity. */
export function isValidQuantity(q: unknown): boolean {
  if (typeof q !== 'string' && typeof q !== 'number') return false;
  try {
    parseExact(q);
    return true;
  } catch {
    return false;
  }
}

/** The error message the API gives for `q`, or undefined when it is a valid quantity. */
export function quantityError(q: unknown): string | undefined {
  if (typeof q !== 'string' && typeof q !== 'number') return ERR_FORMAT_WRONG;
  try {
    parseExact(q);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** CPU in integer millicores, rounded up like `Quantity.MilliValue()` (`'0.5'` → 500). */
export function cpuMillis(q: string | number): number {
  return millisMemo.get(q) ?? remember(millisMemo, q, Number(scaledCeil(parseExact(q), 3)));
}

/** Memory (or any quantity) in integer base units, rounded up like `Quantity.Value()`. */
export function memoryBytes(q: string | number): number {
  return bytesMemo.get(q) ?? remember(bytesMemo, q, Number(scaledCeil(parseExact(q), 0)));
}

/** Compares two quantities exactly: negative, zero or positive like `Quantity.Cmp`. */
export function compareQuantities(a: string | number, b: string | number): number {
  const x = parseExact(a);
  const y = parseExact(b);
  // Compare x - y using a common scale: multiply both to integers.
  const minExp10 = Math.min(x.exp10, y.exp10);
  const toInt = (q: ExactQuantity): bigint => {
    const v = q.digits * 2n ** BigInt(q.exp2) * 10n ** BigInt(q.exp10 - minExp10);
    return q.negative ? -v : v;
  };
  const d = toInt(x) - toInt(y);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
}

/** Canonical CPU text as kubectl prints it: `100m`, `2`, `1500m`. */
export function formatCpu(millis: number): string {
  if (millis % 1000 === 0) return String(millis / 1000);
  return `${millis}m`;
}

/** Canonical memory text: the largest exact binary suffix (`128Mi`, `8Gi`), else plain bytes. */
export function formatMemory(bytes: number): string {
  if (bytes === 0) return '0';
  const suffixes = ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'];
  for (let i = 0; i < suffixes.length; i++) {
    const unit = 2 ** (60 - 10 * i);
    if (Number.isInteger(bytes / unit) && Math.abs(bytes) >= unit) {
      return `${bytes / unit}${suffixes[i]}`;
    }
  }
  return String(bytes);
}

/**
 * The canonical text of a quantity, as `Quantity.String()` prints it: the suffix family the
 * input used (binary, decimal SI or exponent), with the largest suffix that keeps an integer
 * (`'1.5'` → `1500m`, `'1024Mi'` → `1Gi`, `'100000'` → `100k`). Used in API messages such as
 * `must be less than or equal to cpu limit of 1`.
 */
export function canonicalQuantity(q: string | number): string {
  const x = parseExact(q);
  const format = quantityFormat(q);
  const sign = x.negative ? '-' : '';
  if (x.digits === 0n) return '0';
  const isExp = format === 'DecimalExponent';
  if (format === 'BinarySI') {
    const bytes = exactValue(x);
    if (bytes !== undefined && bytes >= 1024n) {
      for (let e = 60; e >= 10; e -= 10) {
        const unit = 2n ** BigInt(e);
        if (bytes % unit === 0n) return `${sign}${bytes / unit}${binaryName(e)}`;
      }
      return `${sign}${bytes}`;
    }
  }
  // Decimal: mantissa × 10^e with e a multiple of 3 (or any integer for exponent format),
  // rounded up to nano units like the real canonicalisation.
  let digits = x.digits * 2n ** BigInt(x.exp2);
  let exp = x.exp10;
  if (exp < -9) {
    const den = 10n ** BigInt(-9 - exp);
    digits = digits % den === 0n ? digits / den : digits / den + 1n;
    exp = -9;
  }
  while (digits % 10n === 0n && digits !== 0n) {
    digits /= 10n;
    exp++;
  }
  if (isExp) return exp === 0 ? `${sign}${digits}` : `${sign}${digits}e${exp}`;
  let e3 = Math.floor(exp / 3) * 3;
  if (e3 > 18) e3 = 18;
  digits *= 10n ** BigInt(exp - e3);
  const name = Object.keys(DECIMAL_SUFFIXES).find((k) => DECIMAL_SUFFIXES[k] === e3) ?? '';
  return `${sign}${digits}${name}`;
}

function exactValue(x: ExactQuantity): bigint | undefined {
  let num = x.digits * 2n ** BigInt(x.exp2);
  if (x.exp10 >= 0) return num * 10n ** BigInt(x.exp10);
  const den = 10n ** BigInt(-x.exp10);
  if (num % den !== 0n) return undefined;
  num /= den;
  return num;
}

function binaryName(exp2: number): string {
  return Object.keys(BINARY_SUFFIXES).find((k) => BINARY_SUFFIXES[k] === exp2) ?? '';
}
