import { describe, expect, it } from 'vitest';
import { formatRFC1123Z, humanDuration, translateTimestampSince } from './age';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration (apimachinery duration.HumanDuration)', () => {
  it.each([
    [0, '0s'],
    [-1500, '0s'],
    [-2000, '<invalid>'],
    [45 * s, '45s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [3 * m + 12 * s, '3m12s'],
    [5 * m, '5m'],
    [10 * m + 30 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 5 * m, '3h5m'],
    [8 * h + 59 * m, '8h'],
    [47 * h, '47h'],
    [2 * d + 3 * h, '2d3h'],
    [7 * d, '7d'],
    [9 * d + 5 * h, '9d'],
    [729 * d, '729d'],
    [2 * 365 * d + 30 * d, '2y30d'],
    [10 * 365 * d, '10y'],
  ])('%d ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('translateTimestampSince', () => {
  const now = Date.parse('2026-01-05T10:00:00Z');
  it('is the age of an RFC 3339 timestamp', () => {
    expect(translateTimestampSince('2026-01-05T09:57:00Z', now)).toBe('3m');
  });
  it('is <unknown> for a missing timestamp', () => {
    expect(translateTimestampSince(undefined, now)).toBe('<unknown>');
  });
});

describe('formatRFC1123Z', () => {
  it('prints Go time.RFC1123Z in UTC', () => {
    expect(formatRFC1123Z('2026-01-05T09:00:05Z')).toBe('Mon, 05 Jan 2026 09:00:05 +0000');
  });
});
