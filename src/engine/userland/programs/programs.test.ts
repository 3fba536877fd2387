import { describe, it, expect } from 'vitest';
import { checkExecutable, expandKubernetesVars, resolveArgv, startProgram } from '.';
import type { Program, ProgramInput, ProgramStep } from '.';

const base: ProgramInput = {
  image: 'docker.io/library/busybox:latest',
  env: {},
  containerName: 'app',
  podName: 'web-0',
  namespace: 'default',
  hostname: 'web-0',
  podIP: '10.244.1.7',
};

/** Steps with absolute virtual times, up to an exit, quiet, or `max` steps. */
function drain(p: Program, max = 200): (ProgramStep & { at: number })[] {
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
const text = (steps: ProgramStep[]) => steps.flatMap((s) => (s.type === 'output' ? [s.text] : []));
const start = (over: Partial<ProgramInput>) => startProgram({ ...base, ...over }, () => 0);

describe('nginx', () => {
  const input = { image: 'docker.io/library/nginx:1.27' };

  it('prints the docker-entrypoint lines then the master notices, and keeps running', () => {
    const steps = drain(start(input));
    const lines = text(steps);
    expect(lines[0]).toBe(
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
    );
    expect(lines).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up');
    expect(lines.some((l) => l.endsWith('[notice] 1#1: nginx/1.27.3'))).toBe(true);
    expect(lines.some((l) => l.endsWith('[notice] 1#1: start worker processes'))).toBe(true);
    expect(steps.some((s) => s.type === 'exit')).toBe(false);
    expect(steps.find((s) => s.type === 'output' && s.text.includes('[notice]'))).toMatchObject({
      stream: 'stderr',
    });
  });

  it('answers its welcome page on port 80 and 404 elsewhere', () => {
    const p = start(input);
    expect(p.listens).toEqual([80]);
    const home = p.http(80, '/');
    expect(home?.status).toBe(200);
    expect(home?.body).toContain('<title>Welcome to nginx!</title>');
    expect(home?.body.length).toBe(615);
    expect(p.http(80, '/missing')?.status).toBe(404);
    expect(p.http(8080, '/')).toBeUndefined();
  });

  it('shuts down gracefully on its stop signal and exits 0', () => {
    const p = start(input);
    drain(p);
    const steps = p.terminate();
    expect(text(steps)[0]).toMatch(/signal 3 \(SIGQUIT\) received, shutting down$/);
    expect(steps[steps.length - 1]).toMatchObject({ type: 'exit', code: 0 });
    expect(p.next()).toBeUndefined();
  });

  it("answers each container's pages as its own version, the 404 naming it", () => {
    const a = start(input);
    const b = start({ image: 'docker.io/library/nginx:1.25.5' });
    expect(a.http(80, '/index.html')?.body.length).toBe(615);
    expect(a.http(80, '/nope?x=1')?.body).toContain('<hr><center>nginx/1.27.3</center>');
    expect(b.http(80, '/nope')?.body).toContain('<hr><center>nginx/1.25.5</center>');
    expect(a.http(80, '/nope')).toEqual(start(input).http(80, '/nope'));
  });

  it('serves a volume mounted over its document root, 403 for a listing without index.html', () => {
    const files = new Map([['/about.html', 'about us\n']]);
    const mounts = [{ path: '/usr/share/nginx/html', files, readOnly: true }];
    const p = start({ ...input, mounts });
    expect(p.http(80, '/about.html')).toEqual({ status: 200, body: 'about us\n' });
    expect(p.http(80, '/')?.status).toBe(403);
    expect(p.http(80, '/')?.body).toContain('<title>403 Forbidden</title>');
    files.set('/index.html', 'home\n');
    expect(p.http(80, '/')).toEqual({ status: 200, body: 'home\n' });
    expect(p.http(80, '/gone')?.body).toContain('<title>404 Not Found</title>');
  });

  it('old images without an entrypoint script print nothing', () => {
    expect(drain(start({ image: 'docker.io/library/nginx:1.14.2' }))).toEqual([]);
  });
});

describe('databases need their passwords', () => {
  it('postgres without POSTGRES_PASSWORD exits 1 with its real message', () => {
    const steps = drain(start({ image: 'docker.io/library/postgres:16' }));
    expect(text(steps)[0]).toBe(
      'Error: Database is uninitialized and superuser password is not specified.',
    );
    expect(steps[steps.length - 1]).toMatchObject({ type: 'exit', code: 1 });
  });

  it('postgres with a password initialises and becomes ready on 5432', () => {
    const p = start({
      image: 'docker.io/library/postgres:16',
      env: { POSTGRES_PASSWORD: 's3cret' },
    });
    const steps = drain(p);
    expect(text(steps)).toContain('PostgreSQL init process complete; ready for start up.');
    expect(text(steps)[text(steps).length - 1]).toMatch(
      /UTC \[1\] LOG: {2}database system is ready to accept connections$/,
    );
    expect(steps.some((s) => s.type === 'exit')).toBe(false);
    expect(p.listens).toEqual([5432]);
  });

  it('mysql without MYSQL_ROOT_PASSWORD exits 1', () => {
    const steps = drain(start({ image: 'docker.io/library/mysql:8.0' }));
    expect(text(steps).join('\n')).toContain(
      '[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified',
    );
    expect(steps[steps.length - 1]).toMatchObject({ type: 'exit', code: 1 });
  });
});

describe('other servers', () => {
  it('redis prints its banner, is ready for tcp and listens on 6379', () => {
    const p = start({ image: 'docker.io/library/redis:7.4' });
    const lines = text(drain(p));
    expect(lines.some((l) => l.includes('oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo'))).toBe(
      true,
    );
    expect(lines[lines.length - 1]).toMatch(/\* Ready to accept connections tcp$/);
    expect(p.listens).toEqual([6379]);
  });

  it('httpd warns AH00558 twice and resumes normal operations', () => {
    const p = start({ image: 'docker.io/library/httpd:2.4' });
    const lines = text(drain(p));
    expect(lines.filter((l) => l.startsWith('AH00558: httpd:'))).toHaveLength(2);
    expect(lines.some((l) => l.includes('configured -- resuming normal operations'))).toBe(true);
    expect(p.http(80, '/')?.body).toContain('It works!');
  });

  it('http-echo answers its -text on its -listen port (default :5678)', () => {
    const p = start({ image: 'docker.io/hashicorp/http-echo:1.0', args: ['-text=hello'] });
    expect(p.listens).toEqual([5678]);
    expect(p.http(5678, '/')).toEqual({ status: 200, body: 'hello\n' });
    const q = start({
      image: 'docker.io/hashicorp/http-echo:1.0',
      args: ['-text', 'x', '-listen=:8080'],
    });
    expect(q.http(8080, '/anything')?.body).toBe('x\n');
  });

  it('agnhost netexec answers its hostname on 8080', () => {
    const p = start({ image: 'registry.k8s.io/e2e-test-images/agnhost:2.40', args: ['netexec'] });
    expect(p.listens).toEqual([8080]);
    expect(p.http(8080, '/hostname')).toEqual({ status: 200, body: 'web-0' });
  });

  it('agnhost liveness turns /healthz to 500 after 10 s', () => {
    let now = 0;
    const p = startProgram(
      { ...base, image: 'registry.k8s.io/e2e-test-images/agnhost:2.40', args: ['liveness'] },
      () => now,
    );
    expect(p.http(8080, '/healthz')?.status).toBe(200);
    now = 11_000;
    expect(p.http(8080, '/healthz')?.status).toBe(500);
  });
});

describe('polinux/stress', () => {
  it('grows the working set to the requested --vm-bytes', () => {
    const steps = drain(
      start({
        image: 'docker.io/polinux/stress:latest',
        command: ['stress'],
        args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'],
      }),
    );
    expect(text(steps)).toEqual(['stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd']);
    const mem = steps.find((s) => s.type === 'memory');
    expect(mem?.type === 'memory' && mem.bytes).toBeGreaterThanOrEqual(250 * 1024 * 1024);
    expect(mem?.type === 'memory' && mem.bytes).toBeLessThan(260 * 1024 * 1024);
    expect(steps.some((s) => s.type === 'exit')).toBe(false);
  });
});

describe('images without a command', () => {
  it('busybox and alpine run sh with no tty: exit 0 at once', () => {
    for (const image of ['docker.io/library/busybox:latest', 'docker.io/library/alpine:3.20']) {
      const steps = drain(start({ image }));
      expect(steps).toHaveLength(1);
      expect(steps[0]).toMatchObject({ type: 'exit', code: 0 });
      expect(steps[0].at).toBeLessThan(100);
    }
  });

  it('node and python REPLs exit 0 without a tty', () => {
    for (const image of ['docker.io/library/node:22', 'docker.io/library/python:3.12']) {
      expect(drain(start({ image })).pop()).toMatchObject({ type: 'exit', code: 0 });
    }
  });
});

describe('command and args', () => {
  it('follow Kubernetes: command replaces ENTRYPOINT and drops CMD; args replace CMD', () => {
    const img = { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'] };
    expect(resolveArgv(img, {})).toEqual(['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']);
    expect(resolveArgv(img, { command: ['sleep'] })).toEqual(['sleep']);
    expect(resolveArgv(img, { args: ['nginx-debug'] })).toEqual([
      '/docker-entrypoint.sh',
      'nginx-debug',
    ]);
  });

  it('expands $(VAR) references and leaves unknown ones', () => {
    expect(expandKubernetesVars('echo $(MSG) $(NOPE) $$(MSG)', { MSG: 'hi' })).toBe(
      'echo hi $(NOPE) $(MSG)',
    );
  });
});

describe('checkExecutable', () => {
  it("gives runc's StartError text for a missing executable", () => {
    expect(checkExecutable({ ...base, command: ['doesnotexist'] })).toEqual({
      ok: false,
      message:
        'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "doesnotexist": executable file not found in $PATH: unknown',
    });
  });

  it('stats absolute paths: busybox has no /bin/bash', () => {
    const r = checkExecutable({ ...base, command: ['/bin/bash', '-c', 'true'] });
    expect(r.ok === false && r.message).toContain(
      'exec: "/bin/bash": stat /bin/bash: no such file or directory: unknown',
    );
    expect(
      checkExecutable({ ...base, image: 'docker.io/library/ubuntu:24.04', command: ['/bin/bash'] })
        .ok,
    ).toBe(true);
  });

  it('accepts the image default and common tools, and knows which images lack a shell', () => {
    expect(checkExecutable(base).ok).toBe(true);
    expect(checkExecutable({ ...base, command: ['sleep', '3600'] }).ok).toBe(true);
    expect(
      checkExecutable({ ...base, image: 'docker.io/hashicorp/http-echo:1.0', command: ['sh'] }).ok,
    ).toBe(false);
    expect(
      checkExecutable({ ...base, image: 'docker.io/library/ubuntu:24.04', command: ['curl'] }).ok,
    ).toBe(false);
  });
});
