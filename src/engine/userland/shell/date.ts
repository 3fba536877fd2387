/** The `date` command's formatting, shared with the programs' log timestamps. */
/** busybox/coreutils `date` formatting of a UTC instant. */
export function formatDate(ms: number, fmt = '%a %b %e %H:%M:%S %Z %Y'): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  const p2 = (n: number) => String(n).padStart(2, '0');
  const map: Record<string, () => string> = {
    Y: () => String(d.getUTCFullYear()),
    y: () => p2(d.getUTCFullYear() % 100),
    m: () => p2(d.getUTCMonth() + 1),
    d: () => p2(d.getUTCDate()),
    e: () => String(d.getUTCDate()).padStart(2, ' '),
    H: () => p2(d.getUTCHours()),
    k: () => String(d.getUTCHours()).padStart(2, ' '),
    I: () => p2(((d.getUTCHours() + 11) % 12) + 1),
    p: () => (d.getUTCHours() < 12 ? 'AM' : 'PM'),
    M: () => p2(d.getUTCMinutes()),
    S: () => p2(d.getUTCSeconds()),
    N: () => String(d.getUTCMilliseconds() * 1_000_000).padStart(9, '0'),
    s: () => String(Math.floor(ms / 1000)),
    a: () => days[d.getUTCDay()],
    A: () =>
      ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][d.getUTCDay()],
    b: () => months[d.getUTCMonth()],
    h: () => months[d.getUTCMonth()],
    B: () => new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' }).format(d),
    Z: () => 'UTC',
    z: () => '+0000',
    T: () => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`,
    R: () => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`,
    F: () => `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`,
    D: () => `${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}/${p2(d.getUTCFullYear() % 100)}`,
    n: () => '\n',
    t: () => '\t',
    '%': () => '%',
  };
  return fmt.replace(/%([a-zA-Z%])/g, (m, c: string) => (map[c] ? map[c]() : m));
}
