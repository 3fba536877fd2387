import { describe, expect, it } from 'vitest';
import { nextTime, parseSchedule } from './cron';

const at = (iso: string) => Date.parse(iso);
const next = (spec: string, from: string) =>
  new Date(nextTime(parseSchedule(spec), at(from))!).toISOString();

describe('cron schedules (robfig/cron ParseStandard)', () => {
  it('finds the next minute, step, range, list and descriptor times', () => {
    expect(next('* * * * *', '2026-01-05T09:00:30Z')).toBe('2026-01-05T09:01:00.000Z');
    expect(next('*/15 * * * *', '2026-01-05T09:01:00Z')).toBe('2026-01-05T09:15:00.000Z');
    expect(next('0 9-17/4 * * mon-fri', '2026-01-05T09:00:00Z')).toBe('2026-01-05T13:00:00.000Z');
    expect(next('@hourly', '2026-01-05T09:59:59Z')).toBe('2026-01-05T10:00:00.000Z');
    expect(next('@weekly', '2026-01-05T09:00:00Z')).toBe('2026-01-11T00:00:00.000Z');
    expect(next('0 0 1 jan *', '2026-01-05T09:00:00Z')).toBe('2027-01-01T00:00:00.000Z');
    // Both day fields restricted: either matches (the 13th or any Friday).
    expect(next('0 0 13 * 5', '2026-01-05T09:00:00Z')).toBe('2026-01-09T00:00:00.000Z');
  });

  it('refuses what the API server refuses, with robfig’s message', () => {
    expect(() => parseSchedule('* * * *')).toThrow('expected exactly 5 fields, found 4: [* * * *]');
    expect(() => parseSchedule('61 * * * *')).toThrow('end of range (61) above maximum (59): 61');
    expect(() => parseSchedule('@fortnightly')).toThrow('unrecognized descriptor: @fortnightly');
    expect(() => parseSchedule('TZ=UTC * * * * *')).toThrow(/timeZone field/);
  });
});
