/**
 * Just enough of resource.Quantity for kubectl's printers: parse `100m`, `128Mi`, `1G`, `2`
 * (with the API's parser), add them up, and print them back in canonical form
 * (k8s: apimachinery/pkg/api/resource).
 */
import {
  BINARY_SUFFIXES,
  DECIMAL_SUFFIXES,
  parseQuantity as parseApiQuantity,
  quantityFormat,
  type QuantityFormat,
} from '../api/quantity';

/** A parsed quantity: its value in milli-units and the format it was written in. */
export interface Quantity {
  milli: number;
  format: QuantityFormat;
}

/** Parses a quantity string; unparsable input reads as zero. */
export function parseQuantity(s: string | number | undefined | null): Quantity {
  if (s === undefined || s === null) return { milli: 0, format: 'DecimalSI' };
  if (typeof s === 'number') return { milli: Math.round(s * 1000), format: 'DecimalSI' };
  const text = s.trim();
  try {
    return { milli: Math.round(parseApiQuantity(text) * 1000), format: quantityFormat(text) };
  } catch {
    return { milli: 0, format: 'DecimalSI' };
  }
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
      const unit = 2 ** BINARY_SUFFIXES[suffix];
      if (value % unit === 0) return `${sign}${value / unit}${suffix}`;
    }
  }
  if (q.format === 'BinarySI') return `${sign}${value}`;
  for (const suffix of ['E', 'P', 'T', 'G', 'M', 'k']) {
    const unit = 10 ** DECIMAL_SUFFIXES[suffix];
    if (value >= unit && value % unit === 0) return `${sign}${value / unit}${suffix}`;
  }
  return `${sign}${value}`;
}
