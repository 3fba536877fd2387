/**
 * Just enough of resource.Quantity for kubectl's printers: parse `100m`, `128Mi`, `1G`, `2`,
 * add them up, and print them back in canonical form (k8s: apimachinery/pkg/api/resource).
 */

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
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

/** A parsed quantity: its value in milli-units and the format it was written in. */
export interface Quantity {
  milli: number;
  format: 'BinarySI' | 'DecimalSI' | 'DecimalExponent';
}

/** Parses a quantity string; unparsable input reads as zero. */
export function parseQuantity(s: string | number | undefined | null): Quantity {
  if (s === undefined || s === null) return { milli: 0, format: 'DecimalSI' };
  if (typeof s === 'number') return { milli: Math.round(s * 1000), format: 'DecimalSI' };
  const m = /^([+-]?[0-9.]+)([eE][+-]?[0-9]+|[KMGTPE]i|[numkMGTPE]?)$/.exec(s.trim());
  if (!m) return { milli: 0, format: 'DecimalSI' };
  const num = parseFloat(m[1]);
  const suffix = m[2];
  if (suffix in BINARY)
    return { milli: Math.round(num * BINARY[suffix] * 1000), format: 'BinarySI' };
  if (/^[eE]/.test(suffix)) {
    return {
      milli: Math.round(num * 10 ** parseInt(suffix.slice(1), 10) * 1000),
      format: 'DecimalExponent',
    };
  }
  return { milli: Math.round(num * 10 ** (DECIMAL[suffix] + 3)), format: 'DecimalSI' };
}

/** Sum of quantities, keeping the first one's format (Quantity.Add). */
export function addQuantities(a: Quantity | undefined, b: Quantity): Quantity {
  if (!a) return { ...b };
  return { milli: a.milli + b.milli, format: a.format };
}

/** Quantity.String(): `0`, `350m`, `2`, `384Mi`, `1500M`. */
export function formatQuantity(q: Quantity | undefined): string {
  if (!q || q.milli === 0) return '0';
  const sign = q.milli < 0 ? '-' : '';
  const milli = Math.abs(q.milli);
  if (milli % 1000 !== 0) return `${sign}${milli}m`;
  const value = milli / 1000;
  if (q.format === 'BinarySI' && value >= 1024) {
    for (const suffix of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
      if (value % BINARY[suffix] === 0) return `${sign}${value / BINARY[suffix]}${suffix}`;
    }
  }
  if (q.format === 'BinarySI') return `${sign}${value}`;
  for (const [suffix, exp] of [
    ['E', 18],
    ['P', 15],
    ['T', 12],
    ['G', 9],
    ['M', 6],
    ['k', 3],
  ] as const) {
    const unit = 10 ** exp;
    if (value >= unit && value % unit === 0) return `${sign}${value / unit}${suffix}`;
  }
  return `${sign}${value}`;
}
