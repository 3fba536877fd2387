/** System information: `date`, `hostname`, `env`/`printenv`, `whoami`, `id`, `nproc`, `uname`. */
import type { Shell } from '../interpreter';
import type { Gen, Invocation, IO } from '../types';
import { formatDate } from '../date';

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
