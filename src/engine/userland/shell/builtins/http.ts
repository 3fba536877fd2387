/** The HTTP clients of the images: busybox `wget` and curl 8, over the simulated network. */
import { resolvePath } from '../filesystem';
import type { Shell } from '../interpreter';
import type { Gen, HttpOutcome, IO } from '../types';

/** Reason phrases of the status codes the simulated servers answer with. */
const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Asks the simulated network for a URL, spending the virtual time the attempt takes. */
function fetch(
  sh: Shell,
  url: string,
  timeoutMs: number,
  hostHeader?: string,
): { outcome: HttpOutcome; host: string; port: number; path: string } {
  const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([/?#].*)?$/.exec(url);
  const host = m?.[2] ?? url;
  const port = Number(m?.[3] ?? (m?.[1] === 'https' ? 443 : 80));
  const path = m?.[4] ?? '/';
  const full = `${m?.[1] ?? 'http'}://${host}${m?.[3] ? `:${port}` : ''}${path}`;
  const local = host === 'localhost' || host === '127.0.0.1';
  // localhost is the pod's own network namespace: every container of the pod listens there.
  const target = local && sh.ctx.podIP ? full.replace(`://${host}`, `://${sh.ctx.podIP}`) : full;
  const outcome: HttpOutcome =
    sh.ctx.http?.(target, hostHeader) ??
    (local ? { kind: 'refused', ip: '127.0.0.1' } : { kind: 'unresolvable' });
  // A cluster DNS NXDOMAIN walks the search path (ndots:5): a few ms; a dropped SYN waits it out.
  sh.delay({ ok: 3, unresolvable: 12, refused: 1, timeout: timeoutMs }[outcome.kind]);
  return { outcome, host, port, path };
}

/** busybox wget (`wget -qO- http://web`, `wget -T 2 …`, `--spider`). */
export function* wget(sh: Shell, args: string[], io: IO): Gen<number> {
  let quiet = false;
  let out: string | undefined;
  let timeout = 900;
  let spider = false;
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--spider') spider = true;
    else if (a === '-q' || a === '--quiet') quiet = true;
    else if (a.startsWith('--timeout=')) timeout = Number(a.slice(10));
    else if (a.startsWith('--output-document=')) out = a.slice(18);
    else if (/^-[a-zA-Z]/.test(a)) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === 'q') quiet = true;
        else if (c === 'O' || c === 'T' || c === 'U' || c === 'Y' || c === 'o') {
          const v = a.slice(j + 1) || args[++i] || '';
          if (c === 'O') out = v;
          if (c === 'T') timeout = Number(v);
          break;
        }
      }
    } else if (!a.startsWith('--')) url = a;
  }
  if (!url) {
    yield* sh.err(
      io,
      'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...',
    );
    return 1;
  }
  const { outcome, host, port, path } = fetch(sh, url, timeout * 1000);
  const hostPort = /:\d+/.test(url.replace(/^\w+:\/\//, '')) ? `${host}:${port}` : host;
  if (outcome.kind === 'unresolvable') {
    yield* sh.err(io, `wget: bad address '${hostPort}'`);
    return 1;
  }
  const ip = ('ip' in outcome && outcome.ip) || (/^[\d.]+$/.test(host) ? host : host);
  if (!quiet) yield* sh.err(io, `Connecting to ${hostPort} (${ip}:${port})`);
  if (outcome.kind === 'refused') {
    yield* sh.err(io, `wget: can't connect to remote host (${ip}): Connection refused`);
    return 1;
  }
  if (outcome.kind === 'timeout') {
    yield* sh.err(io, 'wget: download timed out');
    return 1;
  }
  if (outcome.status >= 400) {
    yield* sh.err(
      io,
      `wget: server returned error: HTTP/1.1 ${outcome.status} ${STATUS_TEXT[outcome.status] ?? ''}`.trimEnd(),
    );
    return 1;
  }
  if (spider) {
    if (!quiet) yield* sh.err(io, 'remote file exists');
    return 0;
  }
  const file =
    out ??
    (path
      .replace(/[?#].*$/, '')
      .split('/')
      .pop() ||
      'index.html');
  if (file === '-') {
    if (!quiet) yield* sh.err(io, 'writing to stdout');
    yield* sh.write(io.stdout, outcome.body);
    if (!quiet) {
      yield* sh.err(
        io,
        `-                    100% |********************************|  ${String(outcome.body.length).padStart(4)}  0:00:00 ETA`,
      );
      yield* sh.err(io, 'written to stdout');
    }
  } else {
    sh.fs.set(resolvePath(sh, file), outcome.body);
    if (!quiet) {
      yield* sh.err(io, `saving to '${file}'`);
      yield* sh.err(
        io,
        `${file.padEnd(20).slice(0, 20)} 100% |********************************|  ${String(outcome.body.length).padStart(4)}  0:00:00 ETA`,
      );
      yield* sh.err(io, `'${file}' saved`);
    }
  }
  return 0;
}

/** curl 8 (`curl http://web`, `curl -sS -f -m 2 …`, `-o file`, `-I`). */
export function* curl(sh: Shell, args: string[], io: IO): Gen<number> {
  let silent = false;
  let showError = false;
  let fail = false;
  let head = false;
  let include = false;
  let out: string | undefined;
  let timeout = 0;
  let url: string | undefined;
  let hostHeader: string | undefined;
  const header = (h: string) => {
    const m = /^host:\s*(.+)$/i.exec(h.trim());
    if (m) hostHeader = m[1].trim();
  };
  const WITH_VALUE = 'oXHdumAewrxTEKbc';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2);
      const value = () => inline ?? args[++i] ?? '';
      if (name === 'silent') silent = true;
      else if (name === 'show-error') showError = true;
      else if (name === 'fail' || name === 'fail-with-body') fail = true;
      else if (name === 'head') head = true;
      else if (name === 'include') include = true;
      else if (name === 'output') out = value();
      else if (name === 'max-time' || name === 'connect-timeout') timeout = Number(value());
      else if (name === 'header') header(value());
      else if (
        [
          'request',
          'header',
          'data',
          'user',
          'user-agent',
          'write-out',
          'resolve',
          'cacert',
        ].includes(name)
      )
        value();
    } else if (/^-[a-zA-Z]/.test(a)) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === 's') silent = true;
        else if (c === 'S') showError = true;
        else if (c === 'f') fail = true;
        else if (c === 'I') head = true;
        else if (c === 'i') include = true;
        else if (c === 'm' || WITH_VALUE.includes(c)) {
          const v = a.slice(j + 1) || args[++i] || '';
          if (c === 'o') out = v;
          if (c === 'm') timeout = Number(v);
          if (c === 'H') header(v);
          break;
        }
      }
    } else url ??= a;
  }
  if (!url) {
    yield* sh.err(io, "curl: try 'curl --help' or 'curl --manual' for more information");
    return 2;
  }
  const { outcome, host, port } = fetch(
    sh,
    url,
    timeout > 0 ? timeout * 1000 : 130_000,
    hostHeader,
  );
  // Not a terminal: curl shows its progress meter on stderr unless -s.
  const meter = !silent;
  const errors = !silent || showError;
  if (meter) {
    yield* sh.err(
      io,
      '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current',
    );
    yield* sh.err(
      io,
      '                                 Dload  Upload   Total   Spent    Left  Speed',
    );
  }
  const zero = '  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0';
  const failWith = function* (code: number, msg: string): Gen<number> {
    if (meter || errors)
      yield* sh.write(io.stderr, `${meter ? zero : ''}${errors ? `curl: (${code}) ${msg}` : ''}\n`);
    return code;
  };
  if (outcome.kind === 'unresolvable') return yield* failWith(6, `Could not resolve host: ${host}`);
  if (outcome.kind === 'refused') {
    return yield* failWith(
      7,
      `Failed to connect to ${host} port ${port} after 1 ms: Couldn't connect to server`,
    );
  }
  if (outcome.kind === 'timeout') {
    const ms = timeout > 0 ? timeout * 1000 + 1 : 130_001;
    return yield* failWith(28, `Connection timed out after ${ms} milliseconds`);
  }
  if (fail && outcome.status >= 400) {
    return yield* failWith(22, `The requested URL returned error: ${outcome.status}`);
  }
  const headers = `HTTP/1.1 ${outcome.status} ${STATUS_TEXT[outcome.status] ?? ''}\nContent-Length: ${outcome.body.length}\n\n`;
  const body = head ? headers : (include ? headers : '') + outcome.body;
  if (meter) {
    const n = String(body.length).padStart(5);
    yield* sh.err(
      io,
      `100${n}  100${n}    0     0   ${String(body.length).padStart(4)}      0 --:--:-- --:--:-- --:--:--  ${String(body.length).padStart(4)}`,
    );
  }
  if (out !== undefined && out !== '-') sh.fs.set(resolvePath(sh, out), body);
  else yield* sh.write(io.stdout, body);
  return 0;
}
