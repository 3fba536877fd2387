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

  it('a `sleep 3600` container: exec reads its environment and files for the hour, then it exits 0', () => {
    const clock = { now: 0 };
    const p = startProgram(
      {
        ...base,
        env: { KUBERNETES_SERVICE_HOST: '10.96.0.1' },
        command: ['sleep', '3600'],
      },
      () => clock.now,
    );
    expect(p.next()).toEqual({ afterMs: 3_600_000, type: 'exit', code: 0 });
    // PID 1 without a trap: SIGTERM does nothing, the kubelet's SIGKILL ends it.
    expect(p.terminate()).toEqual([]);
    clock.now = 60_000;
    expect(p.exec!(['env'], 1000).output.split('\n')).toEqual(
      expect.arrayContaining([
        'KUBERNETES_SERVICE_HOST=10.96.0.1',
        'HOSTNAME=web-0',
        'HOME=/root',
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      ]),
    );
    expect(p.exec!(['sh', '-c', 'echo hi > /tmp/x'], 1000).exitCode).toBe(0);
    clock.now = 120_000;
    expect(p.exec!(['cat', '/tmp/x'], 1000).output).toBe('hi\n');
    expect(p.next()).toBeUndefined();
  });

  it('a script that has run to its last sleep: its later writes still land at their instants', () => {
    const clock = { now: 0 };
    const p = startProgram(
      {
        ...base,
        command: ['sh', '-c', 'sleep 10; echo one > /tmp/a; sleep 20; rm /tmp/a; sleep 600'],
      },
      () => clock.now,
    );
    expect(p.next()).toMatchObject({ type: 'exit', code: 0 });
    clock.now = 5_000;
    expect(p.exec!(['sh', '-c', 'echo mine > /tmp/b'], 1000).exitCode).toBe(0);
    clock.now = 9_999;
    expect(p.exec!(['cat', '/tmp/a'], 1000).exitCode).toBe(1);
    clock.now = 10_000;
    expect(p.exec!(['cat', '/tmp/a', '/tmp/b'], 1000).output).toBe('one\nmine\n');
    clock.now = 30_000;
    expect(p.exec!(['ls', '/tmp'], 1000).output).toBe('b\n');
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
