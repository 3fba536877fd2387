import { describe, it, expect } from 'vitest';
import { formatDate, parseSleepArg, startShellScript, type ShellContext } from '..';
import { drain, last, lines, sh } from '../../../testing/shellHarness';

// The commands a shell runs in-process: sleep, printf, env, cat, the HTTP clients, date.
describe('builtins and applets', () => {
  it('sleep accepts fractions and s/m/h suffixes', () => {
    expect(last(drain(sh('sleep 1.5; sleep 2s; sleep 1m')))).toMatchObject({ at: 63_500, code: 0 });
    expect(parseSleepArg('1h')).toBe(3_600_000);
    expect(parseSleepArg('infinity')).toBe(Infinity);
    expect(parseSleepArg('abc')).toBeNaN();
  });

  it('printf, env, cat /etc/hostname and pipes', () => {
    const out = lines(
      drain(sh('printf "%s=%03d\\n" x 7; cat /etc/hostname; env | grep GREETING; seq 5 | wc -l')),
    );
    expect(out).toEqual(['x=007', 'box', 'GREETING=hello world', '5']);
  });

  it("busybox ash runs `[[ … ]]` as test (the downward API page's loop); dash has no [[", () => {
    expect(
      lines(drain(sh('[[ -e /etc/hostname ]] && echo yes; [[ -e /nope ]] || echo no'))),
    ).toEqual(['yes', 'no']);
    const dash = sh('[[ -e /etc/hostname ]]', { image: 'docker.io/library/debian:12' });
    expect(lines(drain(dash))).toEqual(['sh: 1: [[: not found']);
  });

  it('tools the image lacks are not found (busybox has wget, not curl)', () => {
    expect(lines(drain(sh('curl http://web')))).toEqual(['sh: curl: not found']);
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

describe('formatDate', () => {
  it('formats like date(1)', () => {
    const ms = Date.UTC(2026, 0, 5, 9, 7, 3);
    expect(formatDate(ms)).toBe('Mon Jan  5 09:07:03 UTC 2026');
    expect(formatDate(ms, '%Y-%m-%dT%H:%M:%S %s')).toBe(`2026-01-05T09:07:03 ${ms / 1000}`);
  });
});
