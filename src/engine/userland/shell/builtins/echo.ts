/** `echo` and `printf`, with their backslash escapes and printf(1)'s conversions. */
import type { Shell } from '../interpreter';
import type { Gen, IO } from '../types';

/** Backslash escapes of `echo -e` and `printf`; `\c` stops all further output. */
export function unescape(s: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\' || i === s.length - 1) {
      out += s[i];
      continue;
    }
    const c = s[++i];
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
      e: '\x1b',
      '\\': '\\',
    };
    if (c in simple) out += simple[c];
    else if (c === 'c') return { text: out, stop: true };
    else if (c === '0' || /[1-7]/.test(c)) {
      const m = /^[0-7]{1,3}/.exec(s.slice(c === '0' ? i + 1 : i))?.[0] ?? '';
      out += String.fromCharCode(parseInt(m || '0', 8));
      i += c === '0' ? m.length : m.length - 1;
    } else out += `\\${c}`;
  }
  return { text: out, stop: false };
}

/** printf(1): %s %d %i %u %x %X %o %c %f %e %g %b %%, with flags, width and precision. */
function formatPrintf(fmt: string, args: string[]): string {
  let out = '';
  let ai = 0;
  do {
    const start = ai;
    let stop = false;
    out += fmt.replace(
      /%([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdiuxXocfeEgGb%])|\\(?:[0-7]{1,3}|.)/g,
      (m, flags: string, w: string, prec: string, conv: string) => {
        if (stop) return '';
        if (m.startsWith('\\')) {
          const r = unescape(m);
          stop = r.stop;
          return r.text;
        }
        if (conv === '%') return '%';
        const arg = args[ai++] ?? '';
        let s: string;
        const num = () => {
          const n = /^'./.test(arg) ? arg.charCodeAt(1) : Number(arg || 0);
          return Number.isFinite(n) ? n : 0;
        };
        switch (conv) {
          case 'd':
          case 'i':
          case 'u':
            s = String(Math.trunc(num()));
            break;
          case 'x':
            s = Math.trunc(num()).toString(16);
            break;
          case 'X':
            s = Math.trunc(num()).toString(16).toUpperCase();
            break;
          case 'o':
            s = Math.trunc(num()).toString(8);
            break;
          case 'c':
            s = arg.slice(0, 1);
            break;
          case 'f':
            s = num().toFixed(prec === undefined ? 6 : Number(prec));
            break;
          case 'e':
          case 'E':
            s = num()
              .toExponential(prec === undefined ? 6 : Number(prec))
              .replace(/e([+-])(\d)$/, 'e$10$2');
            if (conv === 'E') s = s.toUpperCase();
            break;
          case 'g':
          case 'G':
            s = String(
              Number(num().toPrecision(prec === undefined ? 6 : Math.max(1, Number(prec)))),
            );
            break;
          case 'b': {
            const r = unescape(arg);
            stop = r.stop;
            s = r.text;
            break;
          }
          default:
            s = prec !== undefined ? arg.slice(0, Number(prec)) : arg;
        }
        if (flags?.includes('+') && /^[dif]$/.test(conv) && !s.startsWith('-')) s = `+${s}`;
        const width = w === '*' ? 0 : Number(w ?? 0);
        if (s.length < width) {
          if (flags?.includes('-')) s = s.padEnd(width);
          else if (flags?.includes('0') && /[diuxXofeg]/.test(conv)) {
            const neg = s.startsWith('-');
            s = (neg ? '-' : '') + s.slice(neg ? 1 : 0).padStart(width - (neg ? 1 : 0), '0');
          } else s = s.padStart(width);
        }
        return s;
      },
    );
    if (stop || ai === start) break;
  } while (ai < args.length);
  return out;
}

/** echo: `-n`, `-e`/`-E` (bash, busybox); dash's echo has only `-n` and always interprets escapes. */
export function* echo(sh: Shell, args: string[], io: IO): Gen<number> {
  let newline = true;
  let esc = sh.ctx.flavour === 'dash'; // dash's echo always interprets escapes, has no -e
  while (
    args.length &&
    (sh.ctx.flavour === 'dash' ? args[0] === '-n' : /^-[neE]+$/.test(args[0]))
  ) {
    for (const c of args.shift()!.slice(1)) {
      if (c === 'n') newline = false;
      else esc = c === 'e';
    }
  }
  let text = args.join(' ');
  if (esc) {
    const r = unescape(text);
    text = r.text;
    if (r.stop) newline = false;
  }
  yield* sh.write(io.stdout, newline ? `${text}\n` : text);
  return 0;
}

/** printf FORMAT [ARGUMENT...]: the format is reused until the arguments are consumed. */
export function* printf(sh: Shell, args: string[], io: IO): Gen<number> {
  if (!args.length) {
    yield* sh.err(
      io,
      sh.busybox
        ? 'printf: usage: printf FORMAT [ARGUMENT...]'
        : `${sh.prefix()}printf: usage: printf format [arg ...]`,
    );
    return sh.busybox ? 1 : 2;
  }
  yield* sh.write(io.stdout, formatPrintf(args[0], args.slice(1)));
  return 0;
}
