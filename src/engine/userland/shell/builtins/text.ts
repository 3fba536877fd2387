/** Text utilities: `cat`, `head`/`tail`, `grep`, `wc`, `sort`, `uniq`, `seq`, `tee`. */
import { readFile, resolvePath } from '../filesystem';
import type { Shell } from '../interpreter';
import { QuietForever } from '../signals';
import type { Gen, Invocation, IO } from '../types';

/** The lines of a text, without the empty one after its last newline. */
const lines = (t: string) => (t === '' ? [] : t.replace(/\n$/, '').split('\n'));

/** What is left on stdin, consumed. */
export function readStdin(io: IO): string {
  if (!io.stdin) return '';
  const rest = io.stdin.data.slice(io.stdin.pos);
  io.stdin.pos = io.stdin.data.length;
  return rest;
}

/** Reads the named files (or stdin) for text utilities; errors are printed, `ok` cleared. */
export function* inputs(
  sh: Shell,
  files: string[],
  io: IO,
  tool: string,
): Gen<{ text: string; ok: boolean }> {
  if (!files.length || (files.length === 1 && files[0] === '-'))
    return { text: readStdin(io), ok: true };
  let text = '';
  let ok = true;
  for (const f of files) {
    const c = readFile(sh, f);
    if (c === undefined) {
      ok = false;
      yield* sh.err(
        io,
        sh.busybox
          ? `${tool}: can't open '${f}': No such file or directory`
          : `${tool}: ${f}: No such file or directory`,
      );
    } else text += c;
  }
  return { text, ok };
}

/** cat: files (or stdin) to stdout. */
export function* cat(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  const { operands } = inv;
  const r = yield* inputs(sh, operands, io, 'cat');
  yield* sh.write(io.stdout, r.text);
  return r.ok ? 0 : 1;
}

/** seq [FIRST [STEP]] LAST. */
export function* seq(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  const { operands } = inv;
  const n = operands.map(Number);
  const [first, step, last] =
    n.length >= 3 ? n : n.length === 2 ? [n[0], 1, n[1]] : [1, 1, n[0] ?? 0];
  if (n.some(Number.isNaN) || !step) {
    yield* sh.err(io, `seq: invalid argument`);
    return 1;
  }
  const out: string[] = [];
  for (let v = first; step > 0 ? v <= last : v >= last; v += step) {
    sh.tick();
    out.push(`${v}\n`);
  }
  yield* sh.write(io.stdout, out.join(''));
  return 0;
}

/** head and tail: `-n N`, `-N`; `tail -f` never ends. */
export function* headTail(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  const { base, args, opts, operands } = inv;
  const nOpt = /^-(\d+)$/.exec(opts.find((o) => /^-\d+$/.test(o)) ?? '')?.[1];
  const ni = args.indexOf('-n');
  const n = Number(ni >= 0 ? args[ni + 1] : (nOpt ?? 10));
  const files = operands.filter((f, i) => !(ni >= 0 && args.indexOf(f) === ni + 1 && i === 0));
  const follow = base === 'tail' && opts.some((o) => /^-\w*[fF]/.test(o));
  const r = yield* inputs(sh, files, io, base);
  const ls = lines(r.text);
  const pick = base === 'head' ? ls.slice(0, n) : ls.slice(Math.max(0, ls.length - n));
  yield* sh.write(io.stdout, pick.map((l) => `${l}\n`).join(''));
  if (follow && r.ok) throw new QuietForever(); // tail -f never ends
  return r.ok ? 0 : 1;
}

/** grep: `-i`, `-v`, `-c`, `-q`, `-E`, `-F`. */
export function* grep(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  const { opts, operands } = inv;
  const flags = opts.join('');
  const [pat, ...files] = operands;
  if (pat === undefined) {
    yield* sh.err(io, 'Usage: grep [OPTIONS] PATTERN [FILE]...');
    return 2;
  }
  let re: RegExp;
  try {
    const src = flags.includes('F')
      ? pat.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      : flags.includes('E')
        ? pat
        : pat.replace(/\\\|/g, '|');
    re = new RegExp(src, flags.includes('i') ? 'i' : '');
  } catch {
    re = new RegExp(pat.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
  const r = yield* inputs(sh, files, io, 'grep');
  const hits = lines(r.text).filter((l) => re.test(l) !== flags.includes('v'));
  if (flags.includes('c')) yield* sh.write(io.stdout, `${hits.length}\n`);
  else if (!flags.includes('q')) yield* sh.write(io.stdout, hits.map((l) => `${l}\n`).join(''));
  return !r.ok ? 2 : hits.length ? 0 : 1;
}

/** rev: each line with its characters in reverse order (the Indexed Job example's worker). */
export function* rev(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  const r = yield* inputs(sh, inv.operands, io, 'rev');
  yield* sh.write(
    io.stdout,
    lines(r.text)
      .map((l) => `${[...l].reverse().join('')}\n`)
      .join(''),
  );
  return r.ok ? 0 : 1;
}

/** wc: `-l`, `-w`, `-c`. */
export function* wc(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  const { opts, operands } = inv;
  const r = yield* inputs(sh, operands, io, 'wc');
  const t = r.text;
  const counts = {
    l: (t.match(/\n/g) ?? []).length,
    w: t.split(/\s+/).filter(Boolean).length,
    c: t.length,
  };
  const want = (['l', 'w', 'c'] as const).filter((k) => opts.join('').includes(k));
  const cols = (want.length ? want : (['l', 'w', 'c'] as const)).map((k) => counts[k]);
  const text =
    want.length === 1
      ? String(cols[0])
      : cols.map((c) => String(c).padStart(want.length ? 7 : 8)).join(' ');
  yield* sh.write(io.stdout, `${text}${operands.length ? ` ${operands.join(' ')}` : ''}\n`);
  return r.ok ? 0 : 1;
}

/** sort: `-n`, `-r`, `-u`. */
export function* sort(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  const { opts, operands } = inv;
  const r = yield* inputs(sh, operands, io, 'sort');
  const flags = opts.join('');
  const sorted = lines(r.text).sort((x, y) =>
    flags.includes('n') ? parseFloat(x) - parseFloat(y) : x < y ? -1 : x > y ? 1 : 0,
  );
  if (flags.includes('r')) sorted.reverse();
  const out = flags.includes('u') ? sorted.filter((l, i) => l !== sorted[i - 1]) : sorted;
  yield* sh.write(io.stdout, out.map((l) => `${l}\n`).join(''));
  return r.ok ? 0 : 1;
}

/** uniq: adjacent duplicate lines once. */
export function* uniq(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  const { operands } = inv;
  const r = yield* inputs(sh, operands, io, 'uniq');
  const ls = lines(r.text).filter((l, i, all) => l !== all[i - 1]);
  yield* sh.write(io.stdout, ls.map((l) => `${l}\n`).join(''));
  return r.ok ? 0 : 1;
}

/** tee: stdin to stdout and files (`-a` appends). */
export function* tee(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  const { opts, operands } = inv;
  const text = readStdin(io);
  for (const f of operands)
    sh.fs.set(
      resolvePath(sh, f),
      (opts.includes('-a') ? (sh.fs.get(resolvePath(sh, f)) ?? '') : '') + text,
    );
  yield* sh.write(io.stdout, text);
  return 0;
}

/**
 * sed: `s/RE/REPLACEMENT/[g]` commands (`-e`, `;`-separated), basic or extended (`-E`, `-r`)
 * regular expressions, over files or stdin. Other sed commands are not simulated.
 */
export function* sed(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  const args = inv.args;
  let extended = false;
  const scripts: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-E' || a === '-r' || a === '--regexp-extended') extended = true;
    else if (a === '-e') scripts.push(args[++i] ?? '');
    else if (a.startsWith('-') && a.length > 1) continue;
    else if (!scripts.length) scripts.push(a);
    else files.push(a);
  }
  const subs: { re: RegExp; rep: string }[] = [];
  for (const cmd of scripts.flatMap((s) => s.split(/;\s*(?=s)/))) {
    const m = /^\s*s(.)(.*)$/s.exec(cmd);
    const parts = m ? splitUnescaped(m[2], m[1]) : [];
    if (!m || parts.length < 3) {
      yield* sh.err(
        io,
        `sed: -e expression #1, char ${cmd.length}: unknown command: \`${cmd[0] ?? ''}'`,
      );
      return 1;
    }
    const [pat, rep, flags] = parts;
    const src = extended ? pat : basicToExtended(pat);
    const jsRep = rep
      .replace(/\$/g, '$$$$')
      .replace(/\\(\d)/g, '$$$1')
      .replace(/(^|[^\\])&/g, '$1$$&')
      .replace(/\\&/g, '&');
    subs.push({
      re: new RegExp(src.replace(/\[\[:space:\]\]/g, '\\s'), flags.includes('g') ? 'g' : ''),
      rep: jsRep,
    });
  }
  const r = yield* inputs(sh, files, io, 'sed');
  const out = lines(r.text)
    .map((l) => subs.reduce((s, { re, rep }) => s.replace(re, rep), l))
    .map((l) => `${l}\n`)
    .join('');
  yield* sh.write(io.stdout, out);
  return r.ok ? 0 : 2;
}

/** Splits `a/b/c` at unescaped `sep`s (an escaped separator becomes the plain character). */
function splitUnescaped(s: string, sep: string): string[] {
  const out = [''];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === sep) out[out.length - 1] += s[++i];
    else if (s[i] === '\\') out[out.length - 1] += s[i] + (s[++i] ?? '');
    else if (s[i] === sep) out.push('');
    else out[out.length - 1] += s[i];
  }
  return out;
}

/** A POSIX basic regular expression as an extended one: `\(`, `\{`, `\|` are the operators. */
function basicToExtended(bre: string): string {
  let out = '';
  for (let i = 0; i < bre.length; i++) {
    const c = bre[i];
    if (c === '\\' && '(){}|+?'.includes(bre[i + 1] ?? '')) out += bre[++i];
    else if (c === '\\') out += c + (bre[++i] ?? '');
    else if ('(){}|+?'.includes(c)) out += `\\${c}`;
    else out += c;
  }
  return out;
}
