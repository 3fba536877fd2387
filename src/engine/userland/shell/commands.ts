/** Command dispatch: a shell function, a builtin, or an executable of the image. */
import { applet } from './builtins/applets';
import { builtin, BUILTINS } from './builtins/shellBuiltins';
import { test } from './builtins/test';
import { removedExecutable } from './filesystem';
import type { Shell } from './interpreter';
import { ReturnSignal } from './signals';
import type { Gen, IO } from './types';

/** Runs one command: a function, a builtin, or an executable of the image. */
export function* runCommand(sh: Shell, argv: string[], io: IO): Gen<number> {
  const cmd = argv[0];
  const fn = sh.func(cmd);
  if (fn) {
    const saved = sh.positional;
    sh.positional = argv.slice(1);
    try {
      return yield* sh.exec(fn, io);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.code;
      throw e;
    } finally {
      sh.positional = saved;
    }
  }
  if (BUILTINS.has(cmd)) return yield* builtin(sh, argv, io);
  // bash's `[[` keyword; busybox ash runs it as `test` ending in `]]` (ash.c, BASH_TEST2).
  // dash has none: `sh: 1: [[: not found`.
  if (cmd === '[[' && sh.ctx.flavour !== 'dash') return yield* test(sh, cmd, argv.slice(1), io);
  const base = cmd.slice(cmd.lastIndexOf('/') + 1);
  if (!sh.ctx.has(cmd) || removedExecutable(sh.fs, cmd)) {
    const { flavour } = sh.ctx;
    const what =
      flavour === 'bash'
        ? cmd.includes('/')
          ? 'No such file or directory'
          : 'command not found'
        : 'not found';
    yield* sh.err(io, `${sh.prefix()}${cmd}: ${what}`);
    return 127;
  }
  if (BUILTINS.has(base)) return yield* builtin(sh, [base, ...argv.slice(1)], io);
  return yield* applet(sh, base, argv, io);
}
