/** The tree walker: runs lists, pipelines, loops, conditionals, groups and simple commands. */
import { parseSleepArg } from './builtins/sleep';
import { doubleBracket } from './builtins/test';
import { quoteWord, trace } from './xtrace';
import { expand, expandStr } from './expand';
import { readFile, resolvePath } from './filesystem';
import type { Shell } from './interpreter';
import { ExitSignal, LoopSignal, QuietForever } from './signals';
import { litOnly, type Node, type Redirect } from './syntax';
import type { Gen, IO, Sink } from './types';

/** Runs a node of the syntax tree with the given streams; returns its exit status. */
export function* execNode(sh: Shell, node: Node, io: IO): Gen<number> {
  switch (node.k) {
    case 'simple':
      return yield* simple(sh, node, io);
    case 'seq': {
      let st = sh.status;
      for (const { node: n, bg } of node.items) {
        st = bg ? yield* background(sh, n, io) : yield* execNode(sh, n, io);
        sh.status = st;
        if (sh.errexit && st !== 0 && sh.condDepth === 0 && n.k === 'simple')
          throw new ExitSignal(st);
      }
      return st;
    }
    case 'andor': {
      sh.condDepth++;
      let st: number;
      try {
        st = yield* execNode(sh, node.first, io);
        for (const [op, n] of node.rest) {
          sh.status = st;
          if ((op === '&&') === (st === 0)) st = yield* execNode(sh, n, io);
        }
      } finally {
        sh.condDepth--;
      }
      return (sh.status = st);
    }
    case 'pipe': {
      let stdin = io.stdin;
      let st = 0;
      for (let i = 0; i < node.cmds.length; i++) {
        const last = i === node.cmds.length - 1;
        const chunks: string[] = [];
        const cio: IO = { ...io, stdin, stdout: last ? io.stdout : { kind: 'buf', chunks } };
        st = yield* execNode(sh, node.cmds[i], cio);
        stdin = { data: chunks.join(''), pos: 0 };
      }
      return (sh.status = node.neg ? (st === 0 ? 1 : 0) : st);
    }
    case 'loop': {
      let st = 0;
      let previous: string | undefined;
      for (;;) {
        sh.tick();
        // An iteration that printed nothing, read no clock and left the state as the previous
        // one did will repeat forever: the loop is idle (`while true; do sleep 1; done`).
        const emitted = sh.emitted;
        const began = sh.elapsed;
        sh.clockRead = false;
        sh.condDepth++;
        let c: number;
        try {
          c = yield* execNode(sh, node.cond, io);
        } finally {
          sh.condDepth--;
        }
        if ((c === 0) === node.until) break;
        const r = yield* loopBody(sh, node.body, io);
        st = r.status;
        if (r.brk) break;
        if (sh.emitted === emitted && !sh.clockRead) {
          const state = sh.fingerprint();
          // hpa: one that took no time is a busy loop (`while true; do :; done`): it burns a core.
          if (state === previous) throw new QuietForever(sh.elapsed === began);
          previous = state;
        } else previous = undefined;
      }
      return (sh.status = st);
    }
    case 'for': {
      const items: string[] = [];
      if (node.words) for (const w of node.words) items.push(...(yield* expand(sh, w)));
      else items.push(...sh.positional);
      let st = 0;
      for (const item of items) {
        sh.tick();
        sh.vars.set(node.name, item);
        const r = yield* loopBody(sh, node.body, io);
        st = r.status;
        if (r.brk) break;
      }
      return (sh.status = st);
    }
    case 'if': {
      for (const [cond, body] of node.branches) {
        sh.condDepth++;
        let c: number;
        try {
          c = yield* execNode(sh, cond, io);
        } finally {
          sh.condDepth--;
        }
        if (c === 0) return yield* execNode(sh, body, io);
      }
      return node.otherwise ? yield* execNode(sh, node.otherwise, io) : (sh.status = 0);
    }
    case 'group': {
      const rio = yield* redirect(sh, node.redirs, io);
      if (!rio) return (sh.status = 1);
      if (!node.sub) return yield* execNode(sh, node.body, rio);
      const saved = new Map(sh.vars);
      try {
        return yield* execNode(sh, node.body, rio);
      } catch (e) {
        if (e instanceof QuietForever) throw e;
        return (sh.status = sh.codeOf(e));
      } finally {
        sh.vars.clear();
        for (const [k, v] of saved) sh.vars.set(k, v);
      }
    }
    case 'func':
      sh.funcs.set(node.name, node.body);
      return (sh.status = 0);
  }
}

/** One iteration of a loop body: `break`/`continue` end it (and, at level 1, say which). */
function* loopBody(sh: Shell, body: Node, io: IO): Gen<{ status: number; brk: boolean }> {
  try {
    return { status: yield* execNode(sh, body, io), brk: false };
  } catch (e) {
    if (!(e instanceof LoopSignal)) throw e;
    if (--e.levels > 0) throw e;
    return { status: 0, brk: e.kind === 'break' };
  }
}

/** `cmd &`: a background `sleep` is tracked for `wait`; anything else runs in the foreground. */
function* background(sh: Shell, n: Node, io: IO): Gen<number> {
  if (n.k === 'simple' && n.words.length >= 2 && litOnly(n.words[0]) === 'sleep') {
    const args: string[] = [];
    for (const w of n.words.slice(1)) args.push(...(yield* expand(sh, w)));
    const ms = args.reduce((a, s) => a + parseSleepArg(s), 0);
    if (!Number.isNaN(ms)) {
      sh.bgUntil = Math.max(sh.bgUntil, sh.elapsed + ms);
      return 0;
    }
  }
  yield* execNode(sh, n, io);
  return 0;
}

/** A simple command: expansions, assignments (temporary for a command), redirections, run. */
function* simple(sh: Shell, node: Extract<Node, { k: 'simple' }>, io: IO): Gen<number> {
  sh.tick();
  sh.line = node.line;
  sh.subStatus = 0;
  // bash's `[[` is a keyword: its words are expanded as its conditions are evaluated.
  if (sh.ctx.flavour === 'bash' && node.words.length && litOnly(node.words[0]) === '[[') {
    const rio = yield* redirect(sh, node.redirs, io);
    if (!rio) return (sh.status = 1);
    return (sh.status = yield* doubleBracket(sh, node.words, rio));
  }
  const argv: string[] = [];
  for (const w of node.words) argv.push(...(yield* expand(sh, w)));
  const assigned: [string, string][] = [];
  for (const [name, w] of node.assigns) assigned.push([name, yield* expandStr(sh, w)]);
  if (sh.xtrace)
    yield* trace(sh, io, [
      ...assigned.map(([k, v]) => `${k}=${quoteWord(v)}`),
      ...argv.map(quoteWord),
    ]);
  const rio = yield* redirect(sh, node.redirs, io);
  if (!rio) return (sh.status = 1);
  if (argv.length === 0) {
    for (const [k, v] of assigned) sh.vars.set(k, v);
    return (sh.status = sh.subStatus);
  }
  const saved = assigned.map(([k]) => [k, sh.vars.get(k), sh.exported.has(k)] as const);
  for (const [k, v] of assigned) {
    sh.vars.set(k, v);
    sh.exported.add(k);
  }
  try {
    return (sh.status = yield* sh.run(argv, rio));
  } finally {
    for (const [k, v, ex] of saved) {
      if (v === undefined) sh.vars.delete(k);
      else sh.vars.set(k, v);
      if (!ex) sh.exported.delete(k);
    }
  }
}

/** Applies redirections to `io`; undefined (after an error message) if a file cannot be read. */
function* redirect(sh: Shell, redirs: Redirect[], io: IO): Gen<IO | undefined> {
  const out: IO = { ...io };
  for (const r of redirs) {
    const target = yield* expandStr(sh, r.target);
    if (r.op === '>&') {
      const sink =
        target === '1'
          ? out.stdout
          : target === '2'
            ? out.stderr
            : target === '-'
              ? ({ kind: 'null' } as Sink)
              : undefined;
      if (sink && r.fd === 1) out.stdout = sink;
      else if (sink && r.fd === 2) out.stderr = sink;
      continue;
    }
    const path = resolvePath(sh, target);
    if (r.op === '<') {
      const data = readFile(sh, path);
      if (data === undefined) {
        yield* sh.err(
          io,
          `${sh.prefix()}${sh.ctx.flavour === 'dash' ? `cannot open ${target}: No such file` : `can't open '${target}': No such file or directory`}`,
        );
        return undefined;
      }
      out.stdin = { data, pos: 0 };
      continue;
    }
    const special: Record<string, Sink> = {
      '/dev/null': { kind: 'null' },
      '/dev/stdout': io.stdout,
      '/dev/stderr': io.stderr,
      '/proc/1/fd/1': { kind: 'out', stream: 'stdout' },
      '/proc/1/fd/2': { kind: 'out', stream: 'stderr' },
    };
    const sink: Sink = special[path] ?? { kind: 'file', path };
    const denied = sink.kind === 'file' ? sh.fs.writeError?.(path) : undefined;
    if (denied) {
      // A volume mounted read-only (configMap, secret, downwardAPI, projected, readOnly: true).
      const what = { ash: `can't create ${target}`, dash: `cannot create ${target}`, bash: target };
      yield* sh.err(io, `${sh.prefix()}${what[sh.ctx.flavour]}: ${denied}`);
      return undefined;
    }
    if (sink.kind === 'file' && (r.op === '>' || !sh.fs.has(path))) sh.fs.set(path, '');
    if (r.fd === 1) out.stdout = sink;
    else if (r.fd === 2) out.stderr = sink;
  }
  return out;
}
