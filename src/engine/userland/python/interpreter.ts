/**
 * The statements of the small Python, run as a generator driven by virtual time: a `while True:`
 * loop with `time.sleep` yields one step at a time, and one that never writes again is idle.
 */
import type { Stmt } from './ast';
import { importModule } from './builtins';
import { isSubclass, NotSimulated, PyException } from './errors';
import { PyEval } from './evaluate';
import { percentFormat } from './format';
import { Break, Continue, Return, STATEMENTS_PER_MS, type Frame, type Gen } from './process';
import type { PyModule } from './values';
import {
  asInt,
  binop,
  equals,
  iterate,
  PyDict,
  PyExcValue,
  PyFunc,
  PyList,
  PyRange,
  PyTuple,
  PyType,
  raise,
  rangeLen,
  str,
  truthy,
  type Py,
} from './values';

/** Standard library modules (CPython's sys.stdlib_module_names, the commonly used part). */
const STDLIB = new Set(
  (
    'abc argparse array ast asyncio base64 bisect calendar cmath codecs collections concurrent ' +
    'configparser contextlib copy csv dataclasses datetime decimal difflib email enum errno ' +
    'fnmatch fractions functools getpass glob gzip hashlib heapq hmac html http importlib ' +
    'inspect io ipaddress itertools json locale logging math multiprocessing numbers operator ' +
    'pathlib pickle platform pprint queue random re secrets select shlex shutil signal socket ' +
    'sqlite3 ssl statistics string struct subprocess tarfile tempfile textwrap threading ' +
    'timeit traceback types typing unicodedata unittest urllib uuid warnings weakref xml ' +
    'zipfile zoneinfo'
  ).split(' '),
);

export { Idle, type Gen } from './process';

export class PyInterp extends PyEval {
  // --- statements ------------------------------------------------------------------------------

  *block(body: Stmt[], f: Frame): Gen<void> {
    for (const s of body) yield* this.stmt(s, f);
  }

  *stmt(s: Stmt, f: Frame): Gen<void> {
    // CPython runs some millions of statements a second: a millisecond per thousand.
    if (++this.statements % STATEMENTS_PER_MS === 0) this.pass(1);
    try {
      yield* this.stmtInner(s, f);
    } catch (e) {
      if (e instanceof PyException && e.framed !== f.depth) {
        e.framed = f.depth;
        e.frames.unshift({ pos: e.where ?? { line: s.line, col: s.col, end: -1 }, name: f.name });
        e.where = undefined;
      }
      throw e;
    }
    if (this.queue.length) yield* this.drain();
  }

  private *stmtInner(s: Stmt, f: Frame): Gen<void> {
    switch (s.k) {
      case 'expr':
        yield* this.ev(s.e, f);
        return;
      case 'assign': {
        const v = yield* this.ev(s.value, f);
        for (const t of s.targets) yield* this.assign(t, v, f);
        return;
      }
      case 'aug': {
        const cur = yield* this.ev(s.target, f);
        const r = yield* this.ev(s.value, f);
        let v: Py;
        if (cur instanceof PyList && s.op === '+') {
          cur.items.push(...iterate(r));
          v = cur;
        } else v = this.at(s, () => binop(s.op, cur, r, percentFormat));
        yield* this.assign(s.target, v, f);
        return;
      }
      case 'if':
        if (truthy(yield* this.ev(s.test, f))) yield* this.block(s.body, f);
        else yield* this.block(s.orelse, f);
        return;
      case 'while': {
        while (truthy(yield* this.ev(s.test, f))) {
          if (yield* this.loopBody(s.body, f)) return;
          this.loopTick();
        }
        yield* this.block(s.orelse, f);
        return;
      }
      case 'for': {
        const it = yield* this.ev(s.iter, f);
        // A range is walked lazily: `for i in range(10**9)` with a sleep runs for ever.
        const n = it instanceof PyRange ? rangeLen(it) : undefined;
        const items = n === undefined ? [...this.at(s.iter, () => iterate(it))] : undefined;
        const count = n ?? BigInt(items!.length);
        for (let i = 0n; i < count; i++) {
          const x = items ? items[Number(i)] : (it as PyRange).start + i * (it as PyRange).step;
          yield* this.assign(s.target, x, f);
          if (yield* this.loopBody(s.body, f)) return;
          this.loopTick();
        }
        yield* this.block(s.orelse, f);
        return;
      }
      case 'break':
        throw new Break();
      case 'continue':
        throw new Continue();
      case 'pass':
      case 'global':
        if (s.k === 'global') for (const n of s.names) f.globalNames.add(n);
        return;
      case 'import':
        for (const { name, as } of s.names) {
          const top = name.split('.')[0];
          this.set(as ?? top, this.module(as ? name : top, s), f);
        }
        return;
      case 'from': {
        const m = this.module(s.module, s);
        for (const { name, as } of s.names) {
          const v = m.attrs.get(name);
          if (v === undefined)
            raise(
              'ImportError',
              `cannot import name '${name}' from '${s.module}' (unknown location)`,
            );
          this.set(as ?? name, v!, f);
        }
        return;
      }
      case 'def': {
        const defaults: Py[] = [];
        for (const p of s.params) defaults.push(p.dflt ? yield* this.ev(p.dflt, f) : undefined!);
        this.set(
          s.name,
          new PyFunc(s.name, undefined, { params: s.params, defaults, body: s.body }),
          f,
        );
        return;
      }
      case 'return':
        throw new Return(s.value ? yield* this.ev(s.value, f) : null);
      case 'raise': {
        const v = s.exc ? yield* this.ev(s.exc, f) : null;
        if (v instanceof PyExcValue) throw new PyException(v.exc.type, v.exc.message, v.exc.arg);
        if (v instanceof PyType) throw new PyException(v.name, '');
        return raise(
          s.exc ? 'TypeError' : 'RuntimeError',
          s.exc ? 'exceptions must derive from BaseException' : 'No active exception to reraise',
        );
      }
      case 'assert':
        if (!truthy(yield* this.ev(s.test, f)))
          throw new PyException('AssertionError', s.msg ? str(yield* this.ev(s.msg, f)) : '');
        return;
      case 'del':
        for (const t of s.targets) {
          if (t.k === 'name') (f.locals.has(t.id) ? f.locals : this.globals).delete(t.id);
          else if (t.k === 'sub') {
            const o = yield* this.ev(t.e, f);
            const k = yield* this.ev(t.index, f);
            if (o instanceof PyDict)
              o.map.delete([...o.map].find(([, [kk]]) => equals(kk, k))?.[0] ?? '');
            else if (o instanceof PyList) o.items.splice(Number(asInt(k)), 1);
          }
        }
        return;
      case 'try':
        yield* this.tryStmt(s, f);
        return;
    }
  }

  /** Runs a loop's body; true when it ended with `break`. */
  private *loopBody(body: Stmt[], f: Frame): Gen<boolean> {
    try {
      yield* this.block(body, f);
    } catch (e) {
      if (e instanceof Break) return true;
      if (!(e instanceof Continue)) throw e;
    }
    return false;
  }

  private *tryStmt(s: Extract<Stmt, { k: 'try' }>, f: Frame): Gen<void> {
    try {
      try {
        yield* this.block(s.body, f);
      } catch (e) {
        if (!(e instanceof PyException)) throw e;
        for (const h of s.handlers) {
          const t = h.type ? yield* this.ev(h.type, f) : undefined;
          const types = t instanceof PyTuple ? t.items : t ? [t] : [];
          const hit =
            !h.type || types.some((x) => x instanceof PyType && isSubclass(e.type, x.name));
          if (!hit) continue;
          if (h.name) this.set(h.name, new PyExcValue(e), f);
          e.frames.length = 0;
          e.framed = -1;
          yield* this.block(h.body, f);
          return;
        }
        throw e;
      }
      yield* this.block(s.orelse, f);
    } finally {
      if (s.final.length) yield* this.block(s.final, f);
    }
  }

  private module(name: string, at: Stmt): PyModule {
    const m = importModule(name, this);
    if (m) return m;
    // A module of Python's standard library exists in the image: only this interpreter lacks it.
    if (STDLIB.has(name.split('.')[0])) throw new NotSimulated(`the '${name}' module`);
    return this.at(at, () => raise('ModuleNotFoundError', `No module named '${name}'`));
  }

  topFrame(): Frame {
    return { locals: this.globals, globalNames: new Set(), name: '<module>', depth: 0 };
  }
}
