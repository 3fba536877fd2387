/** The longest duration a scenario or lesson may name: 30 days of virtual time. */
export const MAX_SCENARIO_DURATION_MS = 30 * 24 * 3_600_000;

/** Parse a duration as kubectl flags and scenarios write it: `30s`, `2m`, `1m30s`, `500ms`, `1h`. */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') {
    // YAML reads `1e400` as Infinity: a number of seconds must still be a real one.
    if (!Number.isFinite(text)) throw new Error(`invalid duration ${String(text)}`);
    return text * 1000;
  }
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const n = Number(m[1]);
    total +=
      m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000;
    consumed += m[0].length;
  }
  if (consumed !== s.length || consumed === 0 || !Number.isFinite(total))
    throw new Error(`invalid duration "${text}": use a form like 30s, 2m, 1m30s or 500ms`);
  return total;
}

/**
 * A duration in a scenario or lesson: not negative, and at most 30 days, so no file can make the
 * runner advance virtual time for ever (`wait: 100000h`).
 */
export function parseScenarioDuration(value: unknown, what: string): number {
  if (value === null || value === undefined || value === '')
    throw new Error(`\`${what}\` needs a duration such as 30s, 2m or 1m30s`);
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new Error(`\`${what}\` is a duration such as 30s, not ${describeValue(value)}`);
  if (typeof value === 'number' && value < 0)
    throw new Error(`\`${what}\` must not be negative (got ${value})`);
  if (typeof value === 'string' && value.trim().startsWith('-'))
    throw new Error(`\`${what}\` must not be negative (got ${value})`);
  const ms = parseDuration(value);
  if (ms > MAX_SCENARIO_DURATION_MS)
    throw new Error(`\`${what}\` is longer than the 30 days a scenario may wait (got ${value})`);
  return ms;
}

/** A short description of a YAML value for an error message. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
