/** The shell's own builtins: control flow, variables, traps, `cd`, `read`, `eval`, `exec`, … */
import { evalArith } from '../arith';
import { param } from '../expand';
import { listDir, resolvePath } from '../filesystem';
import type { Shell } from '../interpreter';
import { ExitSignal, LoopSignal, ReturnSignal } from '../signals';
import type { Gen, IO } from '../types';
import { echo, printf } from './echo';
import { test } from './test';

/** Builtins of every shell here: they exist even when the image has no such binary. */
export const BUILTINS = new Set([
  'echo',
  'printf',
  'test',
  '[',
  'true',
  'false',
  ':',
  'exit',
  'export',
  'unset',
  'set',
  'trap',
  'wait',
  'cd',
  'pwd',
  'read',
  'shift',
  'return',
  'local',
  'eval',
  'exec',
  'break',
  'continue',
  'kill',
  'readonly',
  'umask',
  'ulimit',
  'type',
  'command',
  'let',
  'source',
  '.',
]);

const SIGNALS: Record<string, string> = {
  '0': 'EXIT',
  EXIT: 'EXIT',
  '1': 'HUP',
  HUP: 'HUP',
  '2': 'INT',
  INT: 'INT',
  '3': 'QUIT',
  QUIT: 'QUIT',
  '15': 'TERM',
  TERM: 'TERM',
};

function signalName(s: string): string | undefined {
  return SIGNALS[s.toUpperCase().replace(/^SIG/, '')];
}

/** Runs a shell builtin (one of {@link BUILTINS}). */
export function* builtin(sh: Shell, argv: string[], io: IO): Gen<number> {
  const [cmd, ...args] = argv;
  switch (cmd) {
    case ':':
    case 'true':
    case 'readonly':
    case 'umask':
    case 'ulimit':
    case 'kill':
      return 0;
    case 'false':
      return 1;
    case 'echo':
      return yield* echo(sh, args, io);
    case 'printf':
      return yield* printf(sh, args, io);
    case 'test':
    case '[':
      return yield* test(sh, cmd, args, io);
    case 'exit': {
      const code = args.length ? Number(args[0]) : sh.status;
      if (!Number.isInteger(code)) {
        yield* sh.err(io, `${sh.prefix()}exit: Illegal number: ${args[0]}`);
        throw new ExitSignal(2);
      }
      throw new ExitSignal(code & 255);
    }
    case 'return':
      throw new ReturnSignal(args.length ? Number(args[0]) & 255 : sh.status);
    case 'break':
    case 'continue':
      throw new LoopSignal(cmd, Math.max(1, Number(args[0] ?? 1) || 1));
    case 'export':
    case 'local':
      for (const a of args.filter((x) => x !== '-p' && x !== '-n')) {
        const eq = a.indexOf('=');
        const name = eq >= 0 ? a.slice(0, eq) : a;
        if (eq >= 0) sh.vars.set(name, a.slice(eq + 1));
        if (cmd === 'export') sh.exported.add(name);
      }
      return 0;
    case 'unset':
      for (const a of args.filter((x) => !x.startsWith('-'))) {
        sh.vars.delete(a);
        sh.exported.delete(a);
        sh.funcs.delete(a);
      }
      return 0;
    case 'set': {
      const dd = args.indexOf('--');
      for (const a of dd >= 0 ? args.slice(0, dd) : args) {
        if (/^-\w*e/.test(a)) sh.errexit = true;
        if (/^\+\w*e/.test(a)) sh.errexit = false;
        if (/^-\w*x/.test(a)) sh.xtrace = true;
        if (/^\+\w*x/.test(a)) sh.xtrace = false;
      }
      if (dd >= 0) sh.positional = args.slice(dd + 1);
      else if (args.length && !/^[-+]/.test(args[0])) sh.positional = args;
      return 0;
    }
    case 'shift':
      sh.positional = sh.positional.slice(Number(args[0] ?? 1));
      return 0;
    case 'trap': {
      if (!args.length) {
        for (const [sig, action] of sh.traps)
          yield* sh.write(io.stdout, `trap -- '${action}' ${sig}\n`);
        return 0;
      }
      const [action, ...sigs] = signalName(args[0]) && args.length === 1 ? ['-', args[0]] : args;
      for (const s of sigs) {
        const name = signalName(s);
        if (!name) {
          yield* sh.err(io, `${sh.prefix()}trap: ${s}: bad trap`);
          return 1;
        }
        if (action === '-') sh.traps.delete(name);
        else sh.traps.set(name, action);
      }
      return 0;
    }
    case 'wait':
      if (sh.bgUntil > sh.elapsed) sh.delay(sh.bgUntil - sh.elapsed);
      return 0;
    case 'cd': {
      const dir = resolvePath(sh, args[0] ?? '/root');
      if (!listDir(sh, dir) && !['/root', '/home', '/usr', '/var'].includes(dir)) {
        yield* sh.err(io, `${sh.prefix()}cd: can't cd to ${args[0]}: No such file or directory`);
        return sh.ctx.flavour === 'bash' ? 1 : 2;
      }
      sh.cwd = dir;
      return 0;
    }
    case 'pwd':
      yield* sh.write(io.stdout, `${sh.cwd}\n`);
      return 0;
    case 'read': {
      const names = args.filter((a) => !a.startsWith('-'));
      const stdin = io.stdin;
      if (!stdin || stdin.pos >= stdin.data.length) return 1;
      const nl = stdin.data.indexOf('\n', stdin.pos);
      const line = stdin.data.slice(stdin.pos, nl < 0 ? undefined : nl);
      stdin.pos = nl < 0 ? stdin.data.length : nl + 1;
      const fields = line.trim().split(/[ \t]+/);
      (names.length ? names : ['REPLY']).forEach((n, i, all) => {
        sh.vars.set(n, i === all.length - 1 ? fields.slice(i).join(' ') : (fields[i] ?? ''));
      });
      return 0;
    }
    case 'eval':
      return yield* sh.script(args.join(' '));
    case 'exec': {
      if (!args.length) return 0;
      throw new ExitSignal(yield* sh.run(args, io));
    }
    case 'let': {
      let v = 0;
      for (const a of args)
        v = evalArith(
          a,
          (n) => param(sh, n),
          (n, x) => void sh.vars.set(n, String(x)),
        );
      return v ? 0 : 1;
    }
    case 'type':
    case 'command': {
      const v = args[0] === '-v';
      const names = v ? args.slice(1) : args;
      if (cmd === 'command' && !v) return names.length ? yield* sh.run(names, io) : 0;
      let st = 0;
      for (const n of names) {
        if (BUILTINS.has(n)) yield* sh.write(io.stdout, v ? `${n}\n` : `${n} is a shell builtin\n`);
        else if (sh.ctx.has(n))
          yield* sh.write(io.stdout, v ? `/usr/bin/${n}\n` : `${n} is /usr/bin/${n}\n`);
        else st = 1;
      }
      return st;
    }
    default:
      yield* sh.err(io, `${sh.prefix()}${cmd}: not supported in this simulation`);
      return 2;
  }
}
