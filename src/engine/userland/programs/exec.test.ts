import { describe, expect, it } from 'vitest';
import { startProgram, type Program, type ProgramInput } from '.';

const base: ProgramInput = {
  image: 'docker.io/library/busybox:1.36',
  env: {},
  containerName: 'app',
  podName: 'web-0',
  namespace: 'default',
  hostname: 'web-0',
  podIP: '10.244.1.7',
};

/** A container started at virtual 0 whose clock the test moves; the runtime steps it once. */
function container(over: Partial<ProgramInput>) {
  const clock = { now: 0 };
  const p: Program = startProgram({ ...base, ...over }, () => clock.now);
  p.next();
  const exec = (argv: string[], timeoutMs = 1000) => p.exec!(argv, timeoutMs);
  return { clock, exec };
}

describe('exec into a running container', () => {
  it('sees /tmp/healthy while the docs example keeps it, and not after its `rm` at 30 s', () => {
    const c = container({
      args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
    });
    c.clock.now = 5_000;
    expect(c.exec(['cat', '/tmp/healthy'])).toEqual({
      exitCode: 0,
      output: '',
      ms: 0,
      timedOut: false,
    });
    c.clock.now = 29_999;
    expect(c.exec(['cat', '/tmp/healthy']).exitCode).toBe(0);
    c.clock.now = 30_000;
    expect(c.exec(['cat', '/tmp/healthy'])).toMatchObject({
      exitCode: 1,
      output: "cat: can't open '/tmp/healthy': No such file or directory\n",
    });
  });

  it('reads what the container wrote by that instant, though its shell runs ahead', () => {
    const c = container({
      command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo $i > /tmp/count; sleep 1; done'],
    });
    c.clock.now = 5_500;
    expect(c.exec(['cat', '/tmp/count']).output).toBe('6\n');
    c.clock.now = 60_000;
    expect(c.exec(['sh', '-c', 'cat /tmp/count']).output).toBe('61\n');
  });

  it("has the container's environment, not variables its shell set later", () => {
    const c = container({
      env: { GREETING: 'hello' },
      command: ['sh', '-c', 'X=1; export X; sleep 3600'],
    });
    expect(c.exec(['sh', '-c', 'echo "$GREETING x=$X $HOSTNAME"']).output).toBe('hello x= web-0\n');
  });

  it('keeps the files an exec wrote for the next one', () => {
    const c = container({ command: ['sleep', '3600'] });
    expect(c.exec(['sh', '-c', 'echo ready > /tmp/flag']).exitCode).toBe(0);
    c.clock.now = 2_000;
    expect(c.exec(['cat', '/tmp/flag']).output).toBe('ready\n');
    expect(c.exec(['rm', '/tmp/flag']).exitCode).toBe(0);
    expect(c.exec(['cat', '/tmp/flag']).exitCode).toBe(1);
  });

  it("gives a server a shell over its image's files", () => {
    const c = container({ image: 'docker.io/library/nginx:1.27' });
    expect(c.exec(['cat', '/etc/hostname']).output).toBe('web-0\n');
    c.exec(['touch', '/tmp/drain']);
    expect(c.exec(['ls', '/tmp']).output).toBe('drain\n');
    // nginx's image is Debian: dash and coreutils messages.
    expect(c.exec(['cat', '/nope']).output).toBe('cat: /nope: No such file or directory\n');
  });

  it("fails with runc's exec error for a command the image lacks, and times out", () => {
    const c = container({ command: ['sleep', '3600'] });
    expect(c.exec(['bash'])).toEqual({
      exitCode: 126,
      output:
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in $PATH: unknown',
      ms: 1,
      timedOut: false,
    });
    expect(c.exec(['sleep', '5'], 1000)).toMatchObject({ timedOut: true, ms: 1000 });
  });
});
