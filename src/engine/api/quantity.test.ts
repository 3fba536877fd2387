import { describe, it, expect } from 'vitest';
import {
  QuantityError,
  canonicalQuantity,
  compareQuantities,
  cpuMillis,
  formatCpu,
  formatMemory,
  isValidQuantity,
  memoryBytes,
  parseQuantity,
  quantityError,
} from './quantity';

const REGEX_MSG =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

describe('parseQuantity', () => {
  it.each([
    ['100m', 0.1],
    ['1.5', 1.5],
    ['128Mi', 134217728],
    ['1G', 1e9],
    ['1e3', 1000],
    ['2Ki', 2048],
    ['500u', 0.0005],
    ['+3', 3],
    ['-1', -1],
    ['1E', 1e18],
    ['0', 0],
  ])('%s → %d', (q, v) => {
    expect(parseQuantity(q)).toBeCloseTo(v, 12);
  });

  it('accepts numbers as YAML gives them', () => {
    expect(parseQuantity(2)).toBe(2);
    expect(parseQuantity(0.25)).toBe(0.25);
  });

  it('rejects malformed quantities with the API regex message', () => {
    for (const bad of ['', 'abc', '1Gb', '1.2.3', '10 Mi', 'one']) {
      expect(() => parseQuantity(bad)).toThrow(QuantityError);
      expect(quantityError(bad)).toBe(REGEX_MSG);
    }
  });

  it('distinguishes a bad suffix and a bad number like the API', () => {
    expect(quantityError('1mi')).toBe("unable to parse quantity's suffix");
    expect(quantityError('1e')).toBe("unable to parse quantity's suffix");
    expect(quantityError('.')).toBe("unable to parse quantity's numeric part");
    expect(isValidQuantity('250m')).toBe(true);
    expect(isValidQuantity('1Gb')).toBe(false);
    expect(isValidQuantity({})).toBe(false);
  });
});

describe('cpuMillis and memoryBytes', () => {
  it('converts exactly, without floating-point drift', () => {
    expect(cpuMillis('100m')).toBe(100);
    expect(cpuMillis('0.1')).toBe(100);
    expect(cpuMillis('1.5')).toBe(1500);
    expect(cpuMillis(2)).toBe(2000);
    expect(memoryBytes('128Mi')).toBe(134217728);
    expect(memoryBytes('1G')).toBe(1_000_000_000);
    expect(memoryBytes('1.5Gi')).toBe(1610612736);
  });

  it('rounds up fractions like Quantity.MilliValue/Value', () => {
    expect(cpuMillis('0.1m')).toBe(1);
    expect(memoryBytes('1500m')).toBe(2);
  });
});

describe('formatting', () => {
  it('prints CPU as kubectl does', () => {
    expect(formatCpu(100)).toBe('100m');
    expect(formatCpu(2000)).toBe('2');
    expect(formatCpu(1500)).toBe('1500m');
    expect(formatCpu(0)).toBe('0');
  });

  it('prints memory with an exact binary suffix or as bytes', () => {
    expect(formatMemory(134217728)).toBe('128Mi');
    expect(formatMemory(8 * 1024 ** 3)).toBe('8Gi');
    expect(formatMemory(1536 * 1024 ** 2)).toBe('1536Mi');
    expect(formatMemory(1_000_000_000)).toBe('1000000000');
    expect(formatMemory(0)).toBe('0');
  });

  it('canonicalises like Quantity.String()', () => {
    expect(canonicalQuantity('1000m')).toBe('1');
    expect(canonicalQuantity('0.5')).toBe('500m');
    expect(canonicalQuantity('1024Mi')).toBe('1Gi');
    expect(canonicalQuantity('1.5Gi')).toBe('1536Mi');
    expect(canonicalQuantity('100000')).toBe('100k');
    expect(canonicalQuantity('512')).toBe('512');
    expect(canonicalQuantity('1e3')).toBe('1e3');
  });

  it('compares quantities exactly', () => {
    expect(compareQuantities('1', '1000m')).toBe(0);
    expect(compareQuantities('2', '1')).toBe(1);
    expect(compareQuantities('1Gi', '1G')).toBe(1);
    expect(compareQuantities('100m', 0.2)).toBe(-1);
  });
});
