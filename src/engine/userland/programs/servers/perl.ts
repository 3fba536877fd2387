/**
 * perl, as the Job example runs it: `perl -Mbignum=bpi -wle 'print bpi(2000)'` prints π to 2000
 * significant digits (Math::BigFloat's bpi, rounded in its last digit) after a few seconds.
 */
import type { ServerSpec, Timeline } from '../timeline';

const PI_CACHE = new Map<number, string>();

/**
 * π to `n` significant digits, rounded half up as Math::BigFloat rounds (`3.14159…`), from
 * Machin's formula π = 16·arctan(1/5) − 4·arctan(1/239) in fixed-point BigInt arithmetic.
 * @example piDigits(5) === '3.1416'
 */
export function piDigits(n: number): string {
  const cached = PI_CACHE.get(n);
  if (cached) return cached;
  const scale = 10n ** BigInt(n + 10);
  const arctanInverse = (x: bigint) => {
    const x2 = x * x;
    let term = scale / x;
    let sum = 0n;
    for (let k = 1n, sign = 1n; term !== 0n; k += 2n, sign = -sign, term /= x2)
      sum += (sign * term) / k;
    return sum;
  };
  const pi = (16n * arctanInverse(5n) - 4n * arctanInverse(239n)).toString();
  let digits = BigInt(pi.slice(0, n));
  if (Number(pi[n]) >= 5) digits += 1n;
  const d = digits.toString();
  const out = n === 1 ? d : `${d[0]}.${d.slice(1)}`;
  PI_CACHE.set(n, out);
  return out;
}

/** perl's options the examples use: `-M`/`-m` modules, `-w`, `-l`, `-e SCRIPT`, `-v`. */
function parseArgs(args: string[]): { modules: string[]; warn: boolean; script?: string } {
  const modules: string[] = [];
  let warn = false;
  let script: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (/^-[Mm]/.test(a)) {
      modules.push(a.slice(2));
      continue;
    }
    if (!a.startsWith('-')) break;
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if (c === 'w') warn = true;
      if (c === 'e' || c === 'E') {
        script = a.slice(j + 1) || args[++i];
        break;
      }
    }
  }
  return { modules, warn, script };
}

/** The perl image's `perl …`: π with bignum, `print "…"`, a warned constant, or a quiet exit. */
export function perl(args: string[], start: Timeline): ServerSpec {
  if (args[0] === '-v') {
    start
      .wait(10)
      .out([
        '',
        'This is perl 5, version 40, subversion 0 (v5.40.0) built for x86_64-linux-gnu-thread-multi',
        '',
        'Copyright 1987-2024, Larry Wall',
      ]);
    return { start: start.exit(0) };
  }
  const { modules, warn, script } = parseArgs(args);
  if (script === undefined) return { start: start.wait(20).exit(0) }; // reads the script from stdin: EOF
  const s = script.trim().replace(/;$/, '');
  const bpi = /^print\s*\(?\s*bpi\((\d+)\)\s*\)?$/.exec(s);
  if (bpi) {
    if (!modules.some((m) => /^bignum=.*\bbpi\b/.test(m) || /^Math::BigFloat/.test(m)))
      return {
        start: start.wait(15).err('Undefined subroutine &main::bpi called at -e line 1.').exit(255),
      };
    const n = Number(bpi[1]);
    // Math::BigFloat's bpi is slow in pure Perl: about 1.5 s per thousand digits.
    return {
      start: start
        .wait(200 + Math.round(n * 1.5))
        .out(piDigits(n))
        .exit(0),
    };
  }
  const constant = /^(["'])(.*)\1$/.exec(s);
  if (constant) {
    if (warn)
      start
        .wait(15)
        .err(`Useless use of a constant ("${constant[2]}") in void context at -e line 1.`);
    return { start: start.wait(5).exit(0) };
  }
  const print = /^print\s+(["'])(.*)\1$/.exec(s);
  if (print) {
    const text = print[1] === '"' ? print[2].replace(/\\n/g, '\n').replace(/\\t/g, '\t') : print[2];
    start.wait(15);
    for (const line of text.replace(/\n$/, '').split('\n')) start.out(line);
    return { start: start.exit(0) };
  }
  return { start: start.wait(15).exit(0) };
}
