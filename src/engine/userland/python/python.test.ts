import { describe, expect, it } from 'vitest';
import type { ProgramStep } from '../programs/types';
import { startPython } from '.';

interface Run {
  out: string[];
  err: string[];
  code?: number;
  /** Virtual ms of each output line, by text. */
  at: Map<string, number>;
  quiet: boolean;
  cpu: boolean;
}

function py(
  script: string,
  opts: { env?: Record<string, string>; version?: string; unbuffered?: boolean } = {},
): Run {
  const p = startPython({
    script,
    args: [],
    env: opts.env ?? {},
    version: opts.version ?? '3.13.1',
    unbuffered: opts.unbuffered ?? false,
    now: () => 0,
    wallAt: (ms) => 1_700_000_000_000 + ms,
  });
  const run: Run = { out: [], err: [], at: new Map(), quiet: false, cpu: false };
  let t = 0;
  for (let i = 0; i < 500; i++) {
    const s: ProgramStep | undefined = p.next();
    if (!s) {
      run.quiet = true;
      break;
    }
    t += s.afterMs;
    if (s.type === 'output') {
      (s.stream === 'stdout' ? run.out : run.err).push(s.text);
      run.at.set(s.text, t);
    }
    if (s.type === 'cpu') run.cpu = true;
    if (s.type === 'exit') {
      run.code = s.code;
      break;
    }
  }
  return run;
}

describe('python3 -c: the kubernetes.io Job examples', () => {
  const perIndex = `import os, sys
print("Hello world")
if int(os.environ.get("JOB_COMPLETION_INDEX")) % 2 == 0:
  sys.exit(1)
`;
  it('prints and exits 1 for an even completion index, 0 for an odd one', () => {
    expect(py(perIndex, { env: { JOB_COMPLETION_INDEX: '4' } })).toMatchObject({
      out: ['Hello world'],
      code: 1,
    });
    expect(py(perIndex, { env: { JOB_COMPLETION_INDEX: '3' } })).toMatchObject({
      out: ['Hello world'],
      code: 0,
    });
  });

  it('takes if/elif/else with sys.exit codes', () => {
    const s = `import os, sys
index = int(os.environ.get("JOB_COMPLETION_INDEX"))
if index == 0:
  sys.exit(1)
elif index == 1:
  sys.exit(42)
else:
  sys.exit(0)`;
    expect(['0', '1', '2'].map((i) => py(s, { env: { JOB_COMPLETION_INDEX: i } }).code)).toEqual([
      1, 42, 0,
    ]);
  });

  it('compares os.environ.get with a string', () => {
    const s = `import os, sys
if os.environ.get("JOB_COMPLETION_INDEX") == "2":
  sys.exit(0)
else:
  sys.exit(1)`;
    expect(py(s, { env: { JOB_COMPLETION_INDEX: '2' } }).code).toBe(0);
    expect(py(s, { env: { JOB_COMPLETION_INDEX: '3' } }).code).toBe(1);
  });
});

describe('python3 -c: constructs', () => {
  it('print: several arguments, sep, end, reprs of the builtin types', () => {
    const r = py(`print(1, "a", None, True, 2.0, [1, 'x'], (1,), {"k": 3}, sep="|", end="!\\n")
print(10**20, 0.1 + 0.2, 1e16, 2/3, 7 // 2, -7 // 2, -7 % 3, 7 % -3)`);
    expect(r.out).toEqual([
      "1|a|None|True|2.0|[1, 'x']|(1,)|{'k': 3}!",
      '100000000000000000000 0.30000000000000004 1e+16 0.6666666666666666 3 -4 2 -2',
    ]);
    expect(r.code).toBe(0);
  });

  it('f-strings with names, expressions, conversions and format specs', () => {
    const r = py(`name = "web"
n = 7
print(f"{name}-{n} {n*2:>4} {3.14159:.2f} {name!r} {n=} {{x}}")`);
    expect(r.out).toEqual(["web-7   14 3.14 'web' n=7 {x}"]);
  });

  it('os.environ: get with a default, [] and KeyError', () => {
    const r = py(
      `import os
print(os.environ.get("A"), os.environ.get("B", "dflt"), os.environ["A"], os.getenv("C"))
os.environ["NOPE"]`,
      { env: { A: 'x' } },
    );
    expect(r.out).toEqual(['x dflt x None']);
    expect(r.err.at(-1)).toBe("KeyError: 'NOPE'");
    expect(r.code).toBe(1);
  });

  it('for over range, while with break/continue, def with defaults and return', () => {
    const r = py(`def area(w, h=2):
    return w * h
total = 0
for i in range(5):
    if i == 1:
        continue
    total += area(i)
i = 0
while True:
    i += 1
    if i > 3:
        break
print(total, i, str(total) + "!", int("12") + 1)`);
    expect(r.out).toEqual(['18 4 18! 13']);
  });

  it('try/except binds the exception; % formatting; str methods', () => {
    const r = py(`try:
    int("abc")
except ValueError as e:
    print("bad:", e)
print("%s=%05.1f %d%%" % ("pi", 3.14159, 7), "a,b".split(","), " x ".strip().upper(), "{}-{:x}".format("z", 255))`);
    expect(r.out).toEqual([
      "bad: invalid literal for int() with base 10: 'abc'",
      "pi=003.1 7% ['a', 'b'] X z-ff",
    ]);
  });

  it('time.sleep runs in virtual time', () => {
    const r = py(`import time
for i in range(3):
    print("tick", i, flush=True)
    time.sleep(5)
print("done")`);
    expect(r.at.get('tick 0')).toBe(30);
    expect(r.at.get('tick 2')).toBe(10_030);
    expect(r.at.get('done')).toBe(15_030);
  });

  it('stdout is block-buffered without a tty: lines come at exit unless unbuffered', () => {
    const s = `import time
print("first")
time.sleep(10)
print("second")`;
    expect(py(s).at.get('first')).toBe(10_030);
    expect(py(s, { unbuffered: true }).at.get('first')).toBe(30);
  });

  it('a loop that never writes is idle; one that spins keeps a CPU busy', () => {
    const sleeping = py('import time\nwhile True:\n    time.sleep(1)');
    expect(sleeping).toMatchObject({ quiet: true, cpu: false });
    expect(sleeping.code).toBeUndefined();
    const spinning = py('while True:\n    pass');
    expect(spinning).toMatchObject({ quiet: true, cpu: true });
  });

  it('sys.exit: no argument 0, an int its low byte, a message on stderr and 1', () => {
    expect(py('import sys\nsys.exit()').code).toBe(0);
    expect(py('import sys\nsys.exit(3)').code).toBe(3);
    expect(py('import sys\nsys.exit(256)').code).toBe(0);
    expect(py('import sys\nsys.exit(-1)').code).toBe(255);
    expect(py('import sys\nsys.exit("bye")')).toMatchObject({ err: ['bye'], code: 1 });
  });
});

describe('python3 -c: the errors CPython prints', () => {
  it('NameError with the traceback, source line and caret (3.13)', () => {
    const r = py('x = 1\nprint(y)');
    expect(r.err).toEqual([
      'Traceback (most recent call last):',
      '  File "<string>", line 2, in <module>',
      '    print(y)',
      '          ^',
      "NameError: name 'y' is not defined",
    ]);
    expect(r.code).toBe(1);
  });

  it('before 3.13 the frame line comes without the source', () => {
    expect(py('print(y)', { version: '3.12.8' }).err).toEqual([
      'Traceback (most recent call last):',
      '  File "<string>", line 1, in <module>',
      "NameError: name 'y' is not defined",
    ]);
  });

  it("suggests the import of a standard module: Did you forget to import 'os'?", () => {
    expect(py('print(os.getcwd())').err.at(-1)).toBe(
      "NameError: name 'os' is not defined. Did you forget to import 'os'?",
    );
  });

  it('int(None) for a missing variable: TypeError with the call underlined', () => {
    const r = py('import os\nx = int(os.environ.get("JOB_COMPLETION_INDEX"))');
    expect(r.err.slice(-3)).toEqual([
      '    x = int(os.environ.get("JOB_COMPLETION_INDEX"))',
      '        ~~~^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
      "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType'",
    ]);
  });

  it('ZeroDivisionError and mixed-type TypeErrors', () => {
    expect(py('1/0').err.at(-1)).toBe('ZeroDivisionError: division by zero');
    expect(py('5 % 0').err.at(-1)).toBe('ZeroDivisionError: integer modulo by zero');
    expect(py('"a" + 1').err.at(-1)).toBe('TypeError: can only concatenate str (not "int") to str');
    expect(py('1 + "a"').err.at(-1)).toBe(
      "TypeError: unsupported operand type(s) for +: 'int' and 'str'",
    );
    expect(py('"a" < 1').err.at(-1)).toBe(
      "TypeError: '<' not supported between instances of 'str' and 'int'",
    );
  });

  it('a frame per function call, innermost last', () => {
    expect(py('def f():\n    return 1/0\nf()').err.slice(0, 3)).toEqual([
      'Traceback (most recent call last):',
      '  File "<string>", line 3, in <module>',
      '    f()',
    ]);
    expect(py('def f():\n    return 1/0\nf()').err).toContain('  File "<string>", line 2, in f');
  });

  it('ModuleNotFoundError for a package the image lacks', () => {
    expect(py('import requests').err.at(-1)).toBe(
      "ModuleNotFoundError: No module named 'requests'",
    );
  });

  it("SyntaxErrors: expected ':', print without parentheses, unexpected indent", () => {
    expect(py('if True\n  print(1)')).toMatchObject({
      err: [
        '  File "<string>", line 1',
        '    if True',
        '           ^',
        "SyntaxError: expected ':'",
      ],
      code: 1,
    });
    expect(py('print "hi"').err.slice(-2)).toEqual([
      '    ^^^^^^^^^^',
      "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?",
    ]);
    expect(py('  x = 1').err.at(-1)).toBe('IndentationError: unexpected indent');
    expect(py('if True:\nprint(1)').err.at(-1)).toBe(
      "IndentationError: expected an indented block after 'if' statement on line 1",
    );
  });

  it('says plainly what it does not run (a class, a stdlib module), never a fake Python error', () => {
    const r = py('class A:\n    pass');
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      "kubeglass: this simulated python does not implement 'class' statements (a real python runs it)",
    ]);
    const j = py('import json\nprint(1)');
    expect(j.code).toBe(1);
    expect(j.err).toEqual([
      "kubeglass: this simulated python does not implement the 'json' module (a real python runs it)",
    ]);
  });
});
