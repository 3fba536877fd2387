/**
 * The cron schedules a CronJob accepts (k/k uses github.com/robfig/cron/v3 ParseStandard): five
 * fields — minute, hour, day of month, month, day of week — each `*`, `?`, a number or name,
 * a range `a-b`, a step `*\/n` or `a-b/n`, or a comma list; and the descriptors `@yearly`
 * (`@annually`), `@monthly`, `@weekly`, `@daily` (`@midnight`), `@hourly`. Times are UTC (the
 * simulated cluster's clock), minute-precise.
 */

export interface Schedule {
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  /** Day of month or day of week was `*` / `?` (robfig: the star bit): then only the other restricts. */
  domStar: boolean;
  dowStar: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface Bounds {
  min: number;
  max: number;
  names?: string[];
  /** The value of the first name (jan is 1, sun is 0). */
  nameBase?: number;
}

const FIELDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS, nameBase: 1 },
  { min: 0, max: 6, names: DAYS, nameBase: 0 },
];

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

function value(text: string, b: Bounds): number {
  const lower = text.toLowerCase();
  const named = b.names?.indexOf(lower) ?? -1;
  if (named >= 0) return named + (b.nameBase ?? 0);
  if (!/^\d+$/.test(text))
    throw new Error(
      `failed to parse int from ${text}: strconv.Atoi: parsing "${text}": invalid syntax`,
    );
  return Number(text);
}

/** One comma-separated part of a field (robfig: getRange). */
function range(expr: string, b: Bounds, out: Set<number>): boolean {
  const [rangeText, stepText, extra] = expr.split('/');
  if (extra !== undefined) throw new Error(`too many slashes: ${expr}`);
  let start: number;
  let end: number;
  let star = false;
  if (rangeText === '*' || rangeText === '?') {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    const [lo, hi, more] = rangeText.split('-');
    if (more !== undefined) throw new Error(`too many hyphens: ${expr}`);
    start = value(lo, b);
    end = hi === undefined ? start : value(hi, b);
  }
  let step = 1;
  if (stepText !== undefined) {
    step = value(stepText, b);
    // robfig: `N/step` means N-max/step.
    if (!star && !rangeText.includes('-')) end = b.max;
    star = false;
  }
  if (start < b.min)
    throw new Error(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new Error(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end)
    throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new Error(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) out.add(v);
  return star;
}

function field(text: string, b: Bounds): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  for (const part of text.split(',')) star = range(part, b, values) || star;
  return { values, star };
}

/**
 * Parse a schedule as the CronJob validation does; throws an Error whose message is the one
 * the API server puts after `spec.schedule: Invalid value: "…": `.
 */
export function parseSchedule(spec: string): Schedule {
  let text = spec.trim();
  if (text.startsWith('TZ=') || text.startsWith('CRON_TZ=')) {
    throw new Error(
      'CRON_TZ or TZ used in schedule is not supported, please use timeZone field instead',
    );
  }
  if (text.startsWith('@')) {
    const d = DESCRIPTORS[text.toLowerCase()];
    if (!d) throw new Error(`unrecognized descriptor: ${text}`);
    text = d;
  }
  const parts = text.split(/\s+/).filter(Boolean);
  if (parts.length !== 5) {
    throw new Error(`expected exactly 5 fields, found ${parts.length}: [${parts.join(' ')}]`);
  }
  const [minute, hour, dom, month, dow] = parts.map((p, i) => field(p, FIELDS[i]));
  // Sunday may be written 7 in some crons; robfig's standard parser rejects it (max 6).
  return {
    minute: minute.values,
    hour: hour.values,
    dom: dom.values,
    month: month.values,
    dow: dow.values,
    domStar: dom.star,
    dowStar: dow.star,
  };
}

function dayMatches(s: Schedule, d: Date): boolean {
  const domOk = s.dom.has(d.getUTCDate());
  const dowOk = s.dow.has(d.getUTCDay());
  // robfig dayMatches: with either field a star, both must match; otherwise either may.
  if (s.domStar || s.dowStar) return domOk && dowOk;
  return domOk || dowOk;
}

/** The first scheduled instant strictly after `afterMs` (Unix ms), within five years. */
export function nextTime(s: Schedule, afterMs: number): number | undefined {
  const d = new Date(Math.floor(afterMs / 60_000) * 60_000 + 60_000);
  const limit = afterMs + 5 * 366 * 86_400_000;
  while (d.getTime() <= limit) {
    if (!s.month.has(d.getUTCMonth() + 1)) {
      d.setUTCMonth(d.getUTCMonth() + 1, 1);
      d.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!dayMatches(s, d)) {
      d.setUTCDate(d.getUTCDate() + 1);
      d.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!s.hour.has(d.getUTCHours())) {
      d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!s.minute.has(d.getUTCMinutes())) {
      d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    return d.getTime();
  }
  return undefined;
}
