/** The `date` command's formatting, shared with the programs' log timestamps. */
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const FULL_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** One `%c` directive of `d` (instant `ms`), or undefined for a letter date does not know. */
function directive(c: string, d: Date, ms: number): string | undefined {
  switch (c) {
    case 'Y':
      return String(d.getUTCFullYear());
    case 'y':
      return p2(d.getUTCFullYear() % 100);
    case 'm':
      return p2(d.getUTCMonth() + 1);
    case 'd':
      return p2(d.getUTCDate());
    case 'e':
      return String(d.getUTCDate()).padStart(2, ' ');
    case 'H':
      return p2(d.getUTCHours());
    case 'k':
      return String(d.getUTCHours()).padStart(2, ' ');
    case 'I':
      return p2(((d.getUTCHours() + 11) % 12) + 1);
    case 'p':
      return d.getUTCHours() < 12 ? 'AM' : 'PM';
    case 'M':
      return p2(d.getUTCMinutes());
    case 'S':
      return p2(d.getUTCSeconds());
    case 'N':
      return String(d.getUTCMilliseconds() * 1_000_000).padStart(9, '0');
    case 's':
      return String(Math.floor(ms / 1000));
    case 'a':
      return DAYS[d.getUTCDay()];
    case 'A':
      return FULL_DAYS[d.getUTCDay()];
    case 'b':
    case 'h':
      return MONTHS[d.getUTCMonth()];
    case 'B':
      return new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' }).format(d);
    case 'Z':
      return 'UTC';
    case 'z':
      return '+0000';
    case 'T':
      return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
    case 'R':
      return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
    case 'F':
      return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
    case 'D':
      return `${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}/${p2(d.getUTCFullYear() % 100)}`;
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case '%':
      return '%';
    default:
      return undefined;
  }
}

/** The last instant and format given, and their text: a program's log lines share a second. */
let last: { ms: number; fmt: string; text: string } | undefined;

/** busybox/coreutils `date` formatting of a UTC instant. */
export function formatDate(ms: number, fmt = '%a %b %e %H:%M:%S %Z %Y'): string {
  if (last && last.ms === ms && last.fmt === fmt) return last.text;
  const d = new Date(ms);
  const text = fmt.replace(/%([a-zA-Z%])/g, (m, c: string) => directive(c, d, ms) ?? m);
  last = { ms, fmt, text };
  return text;
}
