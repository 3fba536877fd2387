import { describe, it, expect } from 'vitest';
import { startProgram } from '../programs';
import type { Program, ProgramInput, ProgramStep } from '../programs';
import { formatDate, parseSleepArg, startShellScript, type ShellContext } from '.';

const base: ProgramInput = {
  image: 'docker.io/library/busybox:latest',
  env: { GREETING: 'hello world' },
  containerName: 'app',
  podName: 'box',
  namespace: 'default',
  hostname: 'box',
  podIP: '10.244.1.9',
};

function drain(p: Program, max = 100): (ProgramStep & { at: number })[] {
  const out: (ProgramStep & { at: number })[] = [];
  let at = 0;
  for (let i = 0; i < max; i++) {
    const s = p.next();
    if (!s) break;
    at += s.afterMs;
    out.push({ ...s, at });
    if (s.type === 'exit') break;
  }
  return out;
}
const sh = (script: string, over: Partial<ProgramInput> = {}) =>
  startProgram({ ...base, command: ['sh', '-c', script], ...over }, () => 0);
const lines = (steps: ProgramStep[]) => steps.flatMap((s) => (s.type === 'output' ? [s.text] : []));
const last = (steps: ProgramStep[]) => steps[steps.length - 1];

describe('timing and exit codes', () => {
  it('echo hello && sleep 5 && exit 3: output at once, exit 3 after 5 s', () => {
    expect(drain(sh('echo hello && sleep 5 && exit 3'))).toEqual([
      { afterMs: 0, at: 0, type: 'output', stream: 'stdout', text: 'hello' },
      { afterMs: 5000, at: 5000, type: 'exit', code: 3 },
    ]);
  });

  it('the exit code is that of the last command', () => {
    expect(last(drain(sh('true; false')))).toMatchObject({ type: 'exit', code: 1 });
    expect(last(drain(sh('false; true')))).toMatchObject({ type: 'exit', code: 0 });
    expect(last(drain(sh('exit 300')))).toMatchObject({ code: 44 });
  });

  it('sleep accepts fractions and s/m/h suffixes', () => {
    expect(last(drain(sh('sleep 1.5; sleep 2s; sleep 1m')))).toMatchObject({ at: 63_500, code: 0 });
    expect(parseSleepArg('1h')).toBe(3_600_000);
    expect(parseSleepArg('infinity')).toBe(Infinity);
    expect(parseSleepArg('abc')).toBeNaN();
  });

  it('plain commands run without a shell', () => {
    const p = startProgram({ ...base, command: ['sleep', '3600'] }, () => 0);
    expect(drain(p)).toEqual([{ afterMs: 3_600_000, at: 3_600_000, type: 'exit', code: 0 }]);
    const echo = startProgram({ ...base, command: ['echo', 'hi', '$GREETING'] }, () => 0);
    expect(lines(drain(echo))).toEqual(['hi $GREETING']); // no shell, no expansion
  });
});

describe('loops are lazy', () => {
  it('while true; do echo tick; sleep 2; done yields a tick every 2 s, forever', () => {
    const p = sh('while true; do echo tick; sleep 2; done');
    const steps = drain(p, 50);
    expect(steps).toHaveLength(50);
    expect(steps.every((s) => s.type === 'output' && s.text === 'tick')).toBe(true);
    expect(steps.map((s) => s.at).slice(0, 4)).toEqual([0, 2000, 4000, 6000]);
    expect(steps[49].at).toBe(98_000);
    expect(p.next()).toMatchObject({ afterMs: 2000, text: 'tick' }); // and it goes on
  });

  it('a loop that never prints runs on quietly forever', () => {
    const p = sh('echo start; while true; do sleep 1; done');
    expect(lines(drain(p))).toEqual(['start']);
    expect(p.next()).toBeUndefined();
  });

  it('for loops over words and $(seq)', () => {
    expect(
      lines(
        drain(sh('for i in 1 2 3; do echo "n$i"; done; for j in $(seq 2 3); do echo $j; done')),
      ),
    ).toEqual(['n1', 'n2', 'n3', '2', '3']);
  });

  it('date advances with virtual time', () => {
    const out = lines(drain(sh('while true; do echo "$(date)"; sleep 10; done'), 2));
    expect(out).toEqual(['Mon Jan  5 09:00:00 UTC 2026', 'Mon Jan  5 09:00:10 UTC 2026']);
  });
});

describe('variables and arithmetic', () => {
  it('expands $VAR, ${VAR}, defaults and $(hostname)', () => {
    const out = lines(
      drain(
        sh(
          'echo "$GREETING from ${HOSTNAME} on $(hostname)"; echo ${UNSET:-fallback} ${#GREETING}',
        ),
      ),
    );
    expect(out).toEqual(['hello world from box on box', 'fallback 11']);
  });

  it('counts with $((i+1)) and compares with [ ]', () => {
    const out = lines(
      drain(
        sh('i=0; while [ $i -lt 3 ]; do i=$((i+1)); echo "i=$i"; done; echo $(( i * 10 + 2 ))'),
      ),
    );
    expect(out).toEqual(['i=1', 'i=2', 'i=3', '32']);
  });

  it('if/elif/else, && and ||', () => {
    const out = lines(
      drain(
        sh(
          'if [ "$GREETING" = "nope" ]; then echo a; elif [ -n "$GREETING" ]; then echo b; else echo c; fi; false || echo or; true && echo and',
        ),
      ),
    );
    expect(out).toEqual(['b', 'or', 'and']);
  });

  it('printf, env, cat /etc/hostname and pipes', () => {
    const out = lines(
      drain(sh('printf "%s=%03d\\n" x 7; cat /etc/hostname; env | grep GREETING; seq 5 | wc -l')),
    );
    expect(out).toEqual(['x=007', 'box', 'GREETING=hello world', '5']);
  });
});

describe('errors', () => {
  it('an unknown command prints sh: foo: not found and gives 127', () => {
    const steps = drain(sh('foo'));
    expect(steps).toEqual([
      { afterMs: 0, at: 0, type: 'output', stream: 'stderr', text: 'sh: foo: not found' },
      { afterMs: 0, at: 0, type: 'exit', code: 127 },
    ]);
  });

  it("uses each image's shell: dash numbers its lines, bash says command not found", () => {
    expect(lines(drain(sh('foo', { image: 'docker.io/library/debian:12' })))).toEqual([
      'sh: 1: foo: not found',
    ]);
    const bash = startProgram(
      { ...base, image: 'docker.io/library/ubuntu:24.04', command: ['bash', '-c', 'foo'] },
      () => 0,
    );
    expect(lines(drain(bash))).toEqual(['bash: line 1: foo: command not found']);
  });

  it('tools the image lacks are not found (busybox has wget, not curl)', () => {
    expect(lines(drain(sh('curl http://web')))).toEqual(['sh: curl: not found']);
  });

  it('a syntax error exits 2 with the shell message', () => {
    const steps = drain(sh('while true; do echo x'));
    expect(lines(steps)).toEqual(['sh: syntax error: unexpected end of file (expecting "done")']);
    expect(last(steps)).toMatchObject({ code: 2 });
  });
});

describe('HTTP clients', () => {
  it('wget fails to resolve by default, with busybox text and exit 1', () => {
    const steps = drain(sh('wget -qO- http://web-svc; echo "rc=$?"'));
    expect(lines(steps)).toEqual(["wget: bad address 'web-svc'", 'rc=1']);
  });

  it('curl reports code 6, and uses the network when one is given', () => {
    const curl = { image: 'docker.io/curlimages/curl:latest' };
    expect(lines(drain(sh('curl -sS http://web; echo $?', curl)))).toEqual([
      'curl: (6) Could not resolve host: web',
      '6',
    ]);
    const ctx: ShellContext = {
      env: {},
      hostname: 'c',
      podIP: '10.244.1.2',
      namespace: 'default',
      now: () => 0,
      flavour: 'ash',
      argv0: 'sh',
      has: () => true,
      http: (url) =>
        url === 'http://web/'
          ? { kind: 'ok', status: 200, body: 'hi from web\n' }
          : { kind: 'refused' },
    };
    expect(
      lines(
        drain(startShellScript(ctx, 'wget -qO- http://web; curl -s http://other || echo refused')),
      ),
    ).toEqual(['hi from web', 'refused']);
  });
});

describe('SIGTERM', () => {
  it('a sh -c PID 1 without a trap ignores SIGTERM and keeps running', () => {
    const p = sh('while true; do echo tick; sleep 2; done');
    drain(p, 3);
    expect(p.terminate()).toEqual([]);
    expect(p.next()).toMatchObject({ type: 'output', text: 'tick' });
  });

  it('a trap runs its handler on SIGTERM', () => {
    const p = sh('trap "echo got TERM; exit 0" TERM; echo started; while true; do sleep 1; done');
    expect(lines(drain(p))).toEqual(['started']);
    expect(p.terminate()).toEqual([
      { afterMs: 0, type: 'output', stream: 'stdout', text: 'got TERM' },
      { afterMs: 0, type: 'exit', code: 0 },
    ]);
    expect(p.next()).toBeUndefined();
  });

  it('sleep as PID 1 ignores SIGTERM too', () => {
    expect(startProgram({ ...base, command: ['sleep', '3600'] }, () => 0).terminate()).toEqual([]);
  });
});

describe('formatDate', () => {
  it('formats like date(1)', () => {
    const ms = Date.UTC(2026, 0, 5, 9, 7, 3);
    expect(formatDate(ms)).toBe('Mon Jan  5 09:07:03 UTC 2026');
    expect(formatDate(ms, '%Y-%m-%dT%H:%M:%S %s')).toBe(`2026-01-05T09:07:03 ${ms / 1000}`);
  });
});
