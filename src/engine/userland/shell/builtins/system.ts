/** System information: `date`, `hostname`, `env`/`printenv`, `whoami`, `id`, `nproc`, `uname`. */
import type { Shell } from '../interpreter';
import type { Gen, Invocation, IO } from '../types';

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

/** date: the virtual clock in UTC; `+FORMAT`, `-R`, `-I`. */
export function* date(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  const { args } = inv;
  sh.clockRead = true;
  const plus = args.find((a) => a.startsWith('+'));
  const fmt = plus
    ? plus.slice(1)
    : args.includes('-R')
      ? '%a, %d %b %Y %H:%M:%S +0000'
      : args.includes('-I')
        ? '%F'
        : undefined;
  yield* sh.write(io.stdout, `${formatDate(sh.wallNow(), fmt)}\n`);
  return 0;
}

/** hostname: the pod name; `-i` the pod IP. */
export function* hostname(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  const { args } = inv;
  yield* sh.write(io.stdout, `${args.includes('-i') ? sh.ctx.podIP : sh.ctx.hostname}\n`);
  return 0;
}

/** env (with `NAME=value` assignments and a command) and printenv. */
export function* env(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  const { base, operands } = inv;
  if (base === 'env' && operands.length) {
    const i = operands.findIndex((a) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(a));
    for (const a of operands.slice(0, i < 0 ? undefined : i)) {
      const eq = a.indexOf('=');
      sh.vars.set(a.slice(0, eq), a.slice(eq + 1));
      sh.exported.add(a.slice(0, eq));
    }
    if (i >= 0) return yield* sh.run(operands.slice(i), io);
  }
  if (base === 'printenv' && operands.length) {
    let st = 0;
    for (const n of operands) {
      const v = sh.exported.has(n) ? sh.vars.get(n) : undefined;
      if (v === undefined) st = 1;
      else yield* sh.write(io.stdout, `${v}\n`);
    }
    return st;
  }
  for (const k of sh.exported) {
    const v = sh.vars.get(k);
    if (v !== undefined) yield* sh.write(io.stdout, `${k}=${v}\n`);
  }
  return 0;
}

/** whoami: containers run as root here. */
export function* whoami(sh: Shell, _inv: Invocation, io: IO): Gen<number> {
  yield* sh.write(io.stdout, 'root\n');
  return 0;
}

/** id: uid 0. */
export function* id(sh: Shell, _inv: Invocation, io: IO): Gen<number> {
  yield* sh.write(io.stdout, 'uid=0(root) gid=0(root) groups=0(root)\n');
  return 0;
}

/** nproc: the node's CPUs. */
export function* nproc(sh: Shell, _inv: Invocation, io: IO): Gen<number> {
  yield* sh.write(io.stdout, '2\n');
  return 0;
}

/** uname: the node's kernel (a GKE Ubuntu one). */
export function* uname(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  const { opts } = inv;
  const kernel = '6.8.0-1015-gcp';
  const a = opts.join('');
  const text = a.includes('a')
    ? `Linux ${sh.ctx.hostname} ${kernel} #17~22.04.1-Ubuntu SMP Mon Sep  9 16:30:57 UTC 2024 x86_64${sh.busybox ? ' Linux' : ' GNU/Linux'}`
    : a.includes('r')
      ? kernel
      : a.includes('m')
        ? 'x86_64'
        : a.includes('n')
          ? sh.ctx.hostname
          : 'Linux';
  yield* sh.write(io.stdout, `${text}\n`);
  return 0;
}
