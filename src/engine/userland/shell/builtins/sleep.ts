/** `sleep`: it only adds to the virtual delay before the process's next step. */
import type { Shell } from '../interpreter';
import type { Gen, IO } from '../types';

const DAY_MS = 86_400_000;

/** Parses a sleep(1) duration: `5`, `0.5`, `2s`, `1m`, `1h`, `1d`, `infinity`; NaN if invalid. */
export function parseSleepArg(a: string): number {
  if (a === 'inf' || a === 'infinity') return Infinity;
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
  if (!m) return NaN;
  const mult = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS }[
    m[2] as '' | 's' | 'm' | 'h' | 'd'
  ];
  return Number(m[1]) * mult;
}

/** sleep N...: the total of its arguments; `infinity` blocks forever. */
export function* sleep(sh: Shell, args: string[], io: IO): Gen<number> {
  if (!args.length) {
    if (sh.busybox) {
      yield* sh.err(
        io,
        'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: sleep [N]...\n\nPause for a time equal to the total of the args given, where each arg can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays',
      );
    } else yield* sh.err(io, "sleep: missing operand\nTry 'sleep --help' for more information.");
    return 1;
  }
  let total = 0;
  for (const a of args) {
    const ms = parseSleepArg(a);
    if (Number.isNaN(ms)) {
      yield* sh.err(
        io,
        sh.busybox
          ? `sleep: invalid number '${a}'`
          : `sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.`,
      );
      return 1;
    }
    total += ms;
  }
  sh.delay(total);
  return 0;
}
