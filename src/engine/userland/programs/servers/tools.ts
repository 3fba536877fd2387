/** Test and teaching images: hashicorp/http-echo, agnhost, httpbin, polinux/stress. */
import { EPOCH_MS } from '../../../sim/clock';
import { formatDate } from '../../shell/date';
import { flag, frac, isoSpace, portOf, type ServerSpec, type Timeline } from '../timeline';
import type { ProgramInput } from '../types';

/** hashicorp/http-echo: answers `-text` on `-listen` (default :5678). */
export function httpEcho(args: string[], env: Record<string, string>, start: Timeline): ServerSpec {
  const text = flag(args, 'text') ?? env.ECHO_TEXT;
  const port = portOf(flag(args, 'listen'), 5678);
  const t = () => formatDate(start.wall(), '%Y/%m/%d %H:%M:%S');
  if (!text) return { start: start.wait(3).err('Missing -text option!').exit(127) };
  start.wait(3).err(`${t()} [INFO] server is listening on :${port}`);
  return {
    start,
    listens: [port],
    http: (p, path) =>
      p !== port
        ? undefined
        : path === '/health'
          ? { status: 200, body: '{"status":"ok"}\n' }
          : { status: 200, body: `${text}\n` },
    onStop: (tl) =>
      tl
        .err(`${formatDate(tl.wall(), '%Y/%m/%d %H:%M:%S')} [INFO] server is shutting down...`)
        .wait(2)
        .exit(0),
  };
}

/** agnhost's subcommands used by the course: netexec, serve-hostname, liveness, pause. */
export function agnhost(
  args: string[],
  input: ProgramInput,
  start: Timeline,
  now: () => number,
): ServerSpec {
  const [sub = 'pause', ...rest] = args;
  const klog = (file: string, msg: string) =>
    `I${formatDate(start.wall(), '%m%d %H:%M:%S')}.${frac(start.wall(), 6)}       1 ${file}] ${msg}`;
  const started = now();
  switch (sub) {
    case 'netexec': {
      const port = Number(flag(rest, 'http-port') ?? 8080);
      const udp = Number(flag(rest, 'udp-port') ?? 8081);
      start
        .wait(5)
        .err([
          klog('log.go:245', `Started HTTP server on port ${port}`),
          klog('log.go:245', `Started UDP server on port  ${udp}`),
        ]);
      return {
        start,
        listens: [port],
        http: (p, path) => {
          if (p !== port) return undefined;
          const [route, query = ''] = path.split('?');
          if (route === '/hostname') return { status: 200, body: input.hostname };
          if (route === '/healthz') return { status: 200, body: '' };
          if (route === '/echo')
            return {
              status: 200,
              body: decodeURIComponent(/(?:^|&)msg=([^&]*)/.exec(query)?.[1] ?? ''),
            };
          if (route === '/clientip') return { status: 200, body: '10.244.0.1:43210' };
          const ms = EPOCH_MS + now();
          return {
            status: 200,
            body: `NOW: ${isoSpace(ms)}.${frac(ms, 9)} +0000 UTC m=+${((now() - started) / 1000).toFixed(9)}`,
          };
        },
        onStop: (tl) => tl.exit(2), // Go's default SIGTERM handling as PID 1
      };
    }
    case 'serve-hostname': {
      const port = Number(flag(rest, 'port') ?? 9376);
      start
        .wait(5)
        .err(`${formatDate(start.wall(), '%Y/%m/%d %H:%M:%S')} Serving on port ${port}.`);
      return {
        start,
        listens: [port],
        http: (p) => (p === port ? { status: 200, body: input.hostname } : undefined),
        onStop: (tl) => tl.exit(2),
      };
    }
    case 'liveness':
      // test/images/agnhost/liveness: /healthz is 200 for the first 10 s, then 500 "error: <secs>".
      return {
        start,
        listens: [8080],
        http: (p, path) => {
          if (p !== 8080) return undefined;
          const secs = (now() - started) / 1000;
          if (path.startsWith('/healthz'))
            return secs > 10
              ? { status: 500, body: `error: ${secs}` }
              : { status: 200, body: 'ok' };
          return { status: 404, body: '404 page not found\n' };
        },
        onStop: (tl) => tl.exit(2),
      };
    case 'pause':
      start.wait(2).out('Paused');
      return { start, onStop: (tl) => tl.exit(0) };
    default:
      return {
        start: start
          .wait(5)
          .err([`Error: unknown command "${sub}" for "agnhost"`, "Run 'agnhost --help' for usage."])
          .exit(1),
      };
  }
}

/** kennethreitz/httpbin (gunicorn): /get, /headers, /ip, /status/N. */
export function httpbin(input: ProgramInput, start: Timeline): ServerSpec {
  const t = () => `[${isoSpace(start.wall())} +0000]`;
  start
    .wait(600)
    .err([
      `${t()} [1] [INFO] Starting gunicorn 19.9.0`,
      `${t()} [1] [INFO] Listening at: http://0.0.0.0:80 (1)`,
      `${t()} [1] [INFO] Using worker: gevent`,
    ]);
  start.wait(40).err(`${t()} [8] [INFO] Booting worker with pid: 8`);
  return {
    start,
    listens: [80],
    http: (port, path) => {
      if (port !== 80) return undefined;
      const route = path.split('?')[0];
      const status = /^\/status\/(\d{3})$/.exec(route);
      if (status) return { status: Number(status[1]), body: '' };
      if (route === '/get' || route === '/headers') {
        const headers = `{\n    "Host": "${input.podIP}", \n    "User-Agent": "curl/8.11.0"\n  }`;
        return {
          status: 200,
          body:
            route === '/get'
              ? `{\n  "args": {}, \n  "headers": ${headers}, \n  "origin": "10.244.0.1", \n  "url": "http://${input.podIP}/get"\n}\n`
              : `{\n  "headers": ${headers}\n}\n`,
        };
      }
      if (route === '/ip') return { status: 200, body: '{\n  "origin": "10.244.0.1"\n}\n' };
      if (route === '/')
        return {
          status: 200,
          body: '<!DOCTYPE html>\n<html lang="en">\n<head>\n    <meta charset="UTF-8">\n    <title>httpbin.org</title>\n',
        };
      return {
        status: 404,
        body: '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server.  If you entered the URL manually please check your spelling and try again.</p>\n',
      };
    },
    onStop: (tl) => {
      const s = `[${isoSpace(tl.wall())} +0000]`;
      tl.err([`${s} [1] [INFO] Handling signal: term`, `${s} [8] [INFO] Worker exiting (pid: 8)`])
        .wait(100)
        .err(`${s} [1] [INFO] Shutting down: Master`)
        .exit(0);
    },
  };
}

const STRESS_USAGE = `\`stress' imposes certain types of compute stress on your system

Usage: stress [OPTION [ARG]] ...
 -?, --help         show this help statement
     --version      show version statement
 -v, --verbose      be verbose
 -q, --quiet        be quiet
 -n, --dry-run      show what would have been done
 -t, --timeout N    timeout after N seconds
     --backoff N    wait factor of N microseconds before work starts
 -c, --cpu N        spawn N workers spinning on sqrt()
 -i, --io N         spawn N workers spinning on sync()
 -m, --vm N         spawn N workers spinning on malloc()/free()
     --vm-bytes B   malloc B bytes per vm worker (default is 256MB)
     --vm-stride B  touch a byte every B bytes (default is 4096)
     --vm-hang N    sleep N secs before free (default none, 0 is inf)
     --vm-keep      redirty memory instead of freeing and reallocating
 -d, --hdd N        spawn N workers spinning on write()/unlink()
     --hdd-bytes B  write B bytes per hdd worker (default is 1GB)

Example: stress --cpu 8 --io 4 --vm 2 --vm-bytes 128M --timeout 10s

Note: Numbers may be suffixed with s,m,h,d,y (time) or B,K,M,G (size).`;

/** stress(1) sizes: B, K, M, G suffixes in powers of 1024. */
function stressBytes(s: string | undefined, dflt: number): number {
  const m = /^(\d+)([bBkKmMgG]?)$/.exec(s ?? '');
  if (!m) return dflt;
  return Number(m[1]) * 1024 ** 'bkmg'.indexOf((m[2] || 'b').toLowerCase());
}

/** polinux/stress: `--vm 1 --vm-bytes 250M` makes the working set grow to ~250 MiB. */
export function stress(args: string[], start: Timeline): ServerSpec {
  if (!args.length) return { start: start.wait(2).out(STRESS_USAGE).exit(0) };
  const get = (short: string, long: string) =>
    flag(args, long) ?? flag(args, short.replace(/^-/, ''));
  const cpu = Number(get('-c', 'cpu') ?? 0);
  const io = Number(get('-i', 'io') ?? 0);
  const vm = Number(get('-m', 'vm') ?? 0);
  const hdd = Number(get('-d', 'hdd') ?? 0);
  const bytes = stressBytes(flag(args, 'vm-bytes'), 256 * 1024 * 1024);
  const timeout = /^(\d+)s?$/.exec(get('-t', 'timeout') ?? '')?.[1];
  start
    .wait(1)
    .out(`stress: info: [1] dispatching hogs: ${cpu} cpu, ${io} io, ${vm} vm, ${hdd} hdd`);
  // hpa: each cpu worker spins on sqrt(), each vm worker on its memory: a core apiece.
  if (cpu + vm > 0) start.cpu(cpu + vm);
  // Each vm worker mallocs and dirties its bytes at a few GB/s; the process itself is ~1 MiB.
  if (vm > 0)
    start.wait(Math.max(5, Math.round((bytes / 2e9) * 1000))).memory(vm * bytes + 1024 * 1024);
  if (timeout !== undefined)
    start
      .wait(Number(timeout) * 1000)
      .out(`stress: info: [1] successful run completed in ${timeout}s`)
      .exit(0);
  return { start }; // no SIGTERM handler: as PID 1 it waits for SIGKILL
}
