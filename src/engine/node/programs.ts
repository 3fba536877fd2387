/**
 * What a container does when it starts: deterministic programs in virtual time, so the kubelet
 * produces the logs, exit codes, probe answers and OOM kills a real cluster would.
 *
 * The image decides the program (nginx prints its entrypoint lines and serves its welcome page,
 * postgres refuses to start without POSTGRES_PASSWORD, busybox's `sh` exits at once without a
 * tty); `command`/`args` override it as Kubernetes does; shells run through ./shell.
 */
import { EPOCH_MS } from '../sim/clock';
import { lookupImage, type RegistryImage } from './images';
import {
  formatDate,
  startCommand,
  startShellScript,
  type HttpResolver,
  type ShellContext,
  type ShellFlavour,
} from './shell';

/** What the runtime knows when it starts a container. */
export interface ProgramInput {
  /** Normalized full image reference (`docker.io/library/nginx:1.27`). */
  image: string;
  command?: string[];
  args?: string[];
  env: Record<string, string>;
  containerName: string;
  podName: string;
  namespace: string;
  hostname: string;
  podIP: string;
}

/** One thing the process does, `afterMs` virtual ms after its previous step. */
export type ProgramStep =
  | { afterMs: number; type: 'output'; stream: 'stdout' | 'stderr'; text: string }
  | { afterMs: number; type: 'exit'; code: number }
  /** The working set grows to `bytes` (OOMKilled if over the memory limit). */
  | { afterMs: number; type: 'memory'; bytes: number };

/** A running process. Output `text` is one line, without its newline. */
export interface Program {
  /** The next thing the process does; undefined: it runs on quietly forever. */
  next(): ProgramStep | undefined;
  /**
   * What it does on the runtime's stop signal, with `afterMs` counted from the signal. If the
   * steps end with an exit the process is gone; otherwise (e.g. `[]` for a `sh -c` PID 1, which
   * ignores SIGTERM) it keeps running until SIGKILL.
   */
  terminate(): ProgramStep[];
  /** Ports it listens on once started. */
  listens: number[];
  /** Its answer to an HTTP GET; undefined = connection refused (or not HTTP). */
  http(port: number, path: string): { status: number; body: string } | undefined;
}

// ---------------------------------------------------------------------------------------------
// Images' userlands: which executables exist, which /bin/sh
// ---------------------------------------------------------------------------------------------

const BUSYBOX = `sh ash echo sleep cat date env printenv ls hostname seq head tail grep wc tee touch
  mkdir rm whoami id uname wget nc nslookup ping ps top kill true false test [ printf sed awk sort
  uniq tr cut vi find xargs yes nproc free df du mount ip ifconfig netstat traceroute telnet timeout
  watch basename dirname chmod chown cp mv ln pwd readlink stat md5sum sha256sum base64 gzip tar dd
  od less more clear reset which expr usleep hexdump`.split(/\s+/);
const COREUTILS =
  `sh dash bash echo sleep cat date env printenv ls hostname seq head tail grep wc tee
  touch mkdir rm whoami id uname true false test [ printf sed awk mawk sort uniq tr cut find xargs yes
  nproc df du mount timeout basename dirname chmod chown cp mv ln pwd readlink stat md5sum sha256sum
  base64 gzip tar dd od kill more which expr perl apt apt-get dpkg`.split(/\s+/);
const BUILDPACK = ['curl', 'wget', 'git', 'ps', 'ssh'];
const NETSHOOT =
  `bash zsh curl dig drill host nslookup tcpdump iperf iperf3 ip iptables nmap netcat nc
  socat ss mtr traceroute ping fping httpie http jq vim strace ethtool conntrack`.split(/\s+/);

/** Extra executables per repository: `[name, full-image extras, alpine-variant extras]`. */
const EXTRAS: Record<string, string[]> = {
  'library/nginx': ['nginx', 'nginx-debug', 'curl', 'envsubst', '/docker-entrypoint.sh'],
  'library/httpd': ['httpd', 'httpd-foreground', 'apachectl'],
  'library/redis': ['redis-server', 'redis-cli', 'redis-benchmark', 'docker-entrypoint.sh', 'gosu'],
  'library/postgres': [
    'postgres',
    'psql',
    'pg_ctl',
    'initdb',
    'pg_isready',
    'docker-entrypoint.sh',
    'gosu',
  ],
  'library/mysql': ['mysqld', 'mysql', 'mysqladmin', 'docker-entrypoint.sh', 'gosu'],
  'library/mariadb': [
    'mariadbd',
    'mysqld',
    'mariadb',
    'mysql',
    'mariadb-admin',
    'healthcheck.sh',
    'docker-entrypoint.sh',
    'gosu',
  ],
  'library/mongo': ['mongod', 'mongosh', 'docker-entrypoint.sh', 'gosu'],
  'library/memcached': ['memcached', 'docker-entrypoint.sh'],
  'library/rabbitmq': [
    'rabbitmq-server',
    'rabbitmqctl',
    'rabbitmq-plugins',
    'rabbitmq-diagnostics',
    'docker-entrypoint.sh',
  ],
  'library/traefik': ['traefik', '/entrypoint.sh'],
  'library/node': ['node', 'npm', 'npx', 'yarn', 'corepack', 'docker-entrypoint.sh'],
  'library/python': ['python', 'python3', 'pip', 'pip3', 'pydoc'],
  'library/golang': ['go', 'gofmt'],
  'library/alpine': ['apk'],
  pause: ['/pause'],
  'e2e-test-images/agnhost': ['/agnhost', 'bash', 'curl', 'dig', 'nslookup', 'nc', 'ip', 'iperf'],
  'hashicorp/http-echo': ['/http-echo'],
  'kennethreitz/httpbin': ['gunicorn', 'python3', 'pip3'],
  'polinux/stress': ['stress', '/usr/local/bin/stress', 'bash'],
  'curlimages/curl': ['curl', '/entrypoint.sh'],
  'nicolaka/netshoot': NETSHOOT,
};

/** The userland of an image: its /bin/sh and the executables on its $PATH. */
interface Userland {
  flavour: ShellFlavour;
  bins: Set<string>;
}

function userlandOf(img: RegistryImage | undefined): Userland {
  if (!img) return { flavour: 'ash', bins: new Set(BUSYBOX) };
  const repo = img.name.slice(img.name.indexOf('/') + 1);
  const extras = EXTRAS[repo] ?? [];
  // Images without any userland: scratch-based binaries.
  if (repo === 'pause' || repo === 'hashicorp/http-echo')
    return { flavour: 'ash', bins: new Set(extras) };
  const alpineBased =
    img.alpine ||
    [
      'library/busybox',
      'library/alpine',
      'library/traefik',
      'e2e-test-images/agnhost',
      'polinux/stress',
      'curlimages/curl',
      'nicolaka/netshoot',
    ].includes(repo);
  if (alpineBased) return { flavour: 'ash', bins: new Set([...BUSYBOX, ...extras]) };
  const full =
    ['library/node', 'library/python', 'library/golang'].includes(repo) && !/slim/.test(img.tag);
  // mysql's image is Oracle Linux, where /bin/sh is bash.
  return {
    flavour: repo === 'library/mysql' ? 'bash' : 'dash',
    bins: new Set([...COREUTILS, ...extras, ...(full ? BUILDPACK : [])]),
  };
}

const PATH_DIRS = ['/bin', '/usr/bin', '/sbin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin'];

function hasIn(land: Userland, cmd: string): boolean {
  if (land.bins.has(cmd)) return true;
  const slash = cmd.lastIndexOf('/');
  return (
    slash >= 0 && PATH_DIRS.includes(cmd.slice(0, slash)) && land.bins.has(cmd.slice(slash + 1))
  );
}

/** The process's argv: `command` replaces ENTRYPOINT, `args` replaces CMD, as Kubernetes does. */
export function resolveArgv(
  image: Pick<RegistryImage, 'entrypoint' | 'cmd'>,
  input: Pick<ProgramInput, 'command' | 'args'>,
): string[] {
  // k8s docs "Define a Command and Arguments for a Container": a command without args ignores CMD.
  if (input.command?.length) return [...input.command, ...(input.args ?? [])];
  return [...image.entrypoint, ...(input.args?.length ? input.args : image.cmd)];
}

const RUNC_PREFIX =
  'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: ';

/**
 * Whether the container's executable exists in its image. If not, the runtime fails the start
 * (`StartError`, exit code 128) with runc's message.
 * @example checkExecutable({ ...input, command: ['doesnotexist'] }).ok === false
 */
export function checkExecutable(
  input: ProgramInput,
): { ok: true } | { ok: false; message: string } {
  const found = lookupImage(input.image);
  const img = found.ok ? found.image : undefined;
  const argv = resolveArgv(img ?? { entrypoint: [], cmd: ['sh'] }, input);
  const cmd = argv[0];
  if (cmd === undefined || hasIn(userlandOf(img), cmd)) return { ok: true };
  // runc libcontainer: exec.LookPath for bare names, stat for paths
  return {
    ok: false,
    message: cmd.includes('/')
      ? `${RUNC_PREFIX}"${cmd}": stat ${cmd}: no such file or directory: unknown`
      : `${RUNC_PREFIX}"${cmd}": executable file not found in $PATH: unknown`,
  };
}

/**
 * Kubernetes' `$(VAR)` expansion of command and args (`$$` escapes), for the kubelet to apply
 * before starting the program. k/k: third_party/forked/golang/expansion
 */
export function expandKubernetesVars(s: string, env: Record<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name?: string) =>
    m === '$$' ? '$' : name !== undefined && name in env ? env[name] : m,
  );
}

// ---------------------------------------------------------------------------------------------
// Building programs
// ---------------------------------------------------------------------------------------------

/** Builds a finite list of steps on an absolute virtual timeline. */
class Timeline {
  readonly steps: ProgramStep[] = [];
  private t = 0;
  private last = 0;
  constructor(private readonly start: number) {}
  wait(ms: number): this {
    this.t += ms;
    return this;
  }
  /** Wall-clock ms (Unix epoch) of the timeline's current instant. */
  wall(): number {
    return EPOCH_MS + this.start + this.t;
  }
  private push(step: ProgramStep): this {
    this.steps.push({ ...step, afterMs: this.t - this.last });
    this.last = this.t;
    return this;
  }
  out(lines: string | string[], stream: 'stdout' | 'stderr' = 'stdout'): this {
    for (const text of ([] as string[]).concat(lines).flatMap((l) => l.split('\n'))) {
      this.push({ afterMs: 0, type: 'output', stream, text });
    }
    return this;
  }
  err(lines: string | string[]): this {
    return this.out(lines, 'stderr');
  }
  memory(bytes: number): this {
    return this.push({ afterMs: 0, type: 'memory', bytes });
  }
  exit(code: number): this {
    return this.push({ afterMs: 0, type: 'exit', code });
  }
}

interface ServerSpec {
  start: Timeline;
  listens?: number[];
  http?: Program['http'];
  /** The stop signal's effect; absent: the signal is ignored (PID 1 without a handler). */
  onStop?: (tl: Timeline) => void;
}

function serverProgram(spec: ServerSpec, now: () => number): Program {
  const steps = spec.start.steps;
  let i = 0;
  let done = false;
  return {
    listens: steps.some((s) => s.type === 'exit') ? [] : (spec.listens ?? []),
    http: spec.http ?? (() => undefined),
    next() {
      if (done) return undefined;
      const step = steps[i++];
      if (step?.type === 'exit') done = true;
      return step;
    },
    terminate() {
      if (done || !spec.onStop) return [];
      const tl = new Timeline(now());
      spec.onStop(tl);
      if (tl.steps.some((s) => s.type === 'exit')) done = true;
      return tl.steps;
    },
  };
}

const frac = (ms: number, digits: number) =>
  String((ms % 1000) * 10 ** (digits - 3))
    .padStart(digits, '0')
    .slice(0, digits);
/** `2026-01-05 09:00:05` */
const isoSpace = (ms: number) => formatDate(ms, '%Y-%m-%d %H:%M:%S');
const KERNEL = '6.8.0-1015-gcp';

/** Reads `-flag=value` / `--flag=value` / `-flag value` from an argument list. */
function flag(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i].replace(/^--?/, '-');
    if (a === `-${name}`) return args[i + 1];
    if (a.startsWith(`-${name}=`)) return a.slice(name.length + 2);
  }
  return undefined;
}

function portOf(listen: string | undefined, dflt: number): number {
  const m = /(\d+)$/.exec(listen ?? '');
  return m ? Number(m[1]) : dflt;
}

// ---------------------------------------------------------------------------------------------
// Servers
// ---------------------------------------------------------------------------------------------

const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

function versionAtLeast(v: string | undefined, want: number[]): boolean {
  const have = (v ?? '999').split('.').map(Number);
  for (let i = 0; i < want.length; i++) {
    if ((have[i] ?? 0) !== want[i]) return (have[i] ?? 0) > want[i];
  }
  return true;
}

/** nginx: docker-entrypoint.sh's configuration lines, then the master's notices (on stderr). */
function nginx(img: RegistryImage, viaEntrypoint: boolean, start: Timeline): ServerSpec {
  const v = img.version ?? '1.27.3';
  const ep = '/docker-entrypoint.sh';
  // nginx/docker-nginx entrypoint/docker-entrypoint.sh (1.19+); 15-local-resolvers since 1.25.
  if (viaEntrypoint && versionAtLeast(v, [1, 19])) {
    start
      .wait(8)
      .out([
        `${ep}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration`,
        `${ep}: Looking for shell scripts in /docker-entrypoint.d/`,
        `${ep}: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh`,
        '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
        '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
      ]);
    if (versionAtLeast(v, [1, 25]))
      start.out(`${ep}: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh`);
    start.wait(6).out(`${ep}: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh`);
    if (versionAtLeast(v, [1, 21]))
      start.out(`${ep}: Launching /docker-entrypoint.d/30-tune-worker-processes.sh`);
    start.wait(4).out(`${ep}: Configuration complete; ready for start up`);
  }
  start.wait(12);
  const ts = () => formatDate(start.wall(), '%Y/%m/%d %H:%M:%S');
  if (versionAtLeast(v, [1, 19])) {
    const gcc = img.alpine
      ? 'gcc 13.2.1 20240309 (Alpine 13.2.1_git20240309)'
      : 'gcc 12.2.0 (Debian 12.2.0-14)';
    start.err([
      `${ts()} [notice] 1#1: using the "epoll" event method`,
      `${ts()} [notice] 1#1: nginx/${v}`,
      `${ts()} [notice] 1#1: built by ${gcc} `,
      `${ts()} [notice] 1#1: OS: Linux ${KERNEL}`,
      `${ts()} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
      `${ts()} [notice] 1#1: start worker processes`,
      `${ts()} [notice] 1#1: start worker process 29`,
      `${ts()} [notice] 1#1: start worker process 30`,
    ]);
  }
  const notFound = `<html>\n<head><title>404 Not Found</title></head>\n<body>\n<center><h1>404 Not Found</h1></center>\n<hr><center>nginx/${v}</center>\n</body>\n</html>\n`;
  return {
    start,
    listens: [80],
    http: (port, path) => {
      if (port !== 80) return undefined;
      const p = path.replace(/[?#].*$/, '');
      return p === '/' || p === '/index.html'
        ? { status: 200, body: NGINX_WELCOME }
        : { status: 404, body: notFound };
    },
    // The image's STOPSIGNAL is SIGQUIT: a graceful shutdown, exit 0.
    onStop: (tl) => {
      const t = formatDate(tl.wall(), '%Y/%m/%d %H:%M:%S');
      tl.err([
        `${t} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down`,
        `${t} [notice] 29#29: gracefully shutting down`,
        `${t} [notice] 30#30: gracefully shutting down`,
        `${t} [notice] 29#29: exiting`,
        `${t} [notice] 30#30: exiting`,
        `${t} [notice] 29#29: exit`,
        `${t} [notice] 30#30: exit`,
      ]);
      tl.wait(3).err([
        `${t} [notice] 1#1: signal 17 (SIGCHLD) received from 29`,
        `${t} [notice] 1#1: worker process 29 exited with code 0`,
        `${t} [notice] 1#1: worker process 30 exited with code 0`,
        `${t} [notice] 1#1: exit`,
      ]);
      tl.exit(0);
    },
  };
}

function httpd(img: RegistryImage, input: ProgramInput, start: Timeline): ServerSpec {
  const v = img.version ?? '2.4.62';
  const tid = img.alpine ? '140737354073800' : '139872340506496';
  const stamp = (ms: number) =>
    `[${formatDate(ms, '%a %b %d %H:%M:%S')}.${frac(ms, 6)} ${formatDate(ms, '%Y')}]`;
  const ah00558 = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${input.podIP}. Set the 'ServerName' directive globally to suppress this message`;
  start.wait(15).err([ah00558, ah00558]);
  start
    .wait(5)
    .err([
      `${stamp(start.wall())} [mpm_event:notice] [pid 1:tid ${tid}] AH00489: Apache/${v} (Unix) configured -- resuming normal operations`,
      `${stamp(start.wall())} [core:notice] [pid 1:tid ${tid}] AH00094: Command line: 'httpd -D FOREGROUND'`,
    ]);
  return {
    start,
    listens: [80],
    http: (port, path) => {
      if (port !== 80) return undefined;
      return path === '/' || path === '/index.html'
        ? { status: 200, body: '<html><body><h1>It works!</h1></body></html>\n' }
        : {
            status: 404,
            body: '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n',
          };
    },
    // STOPSIGNAL SIGWINCH: graceful stop.
    onStop: (tl) =>
      tl
        .err(
          `${stamp(tl.wall())} [mpm_event:notice] [pid 1:tid ${tid}] AH00492: caught SIGWINCH, shutting down gracefully`,
        )
        .wait(20)
        .exit(0),
  };
}

function redis(img: RegistryImage, args: string[], start: Timeline): ServerSpec {
  const v = img.version ?? '7.4.1';
  const port = Number(flag(args, 'port') ?? 6379);
  const ts = (ms: number, role: string) =>
    `1:${role} ${formatDate(ms, '%d %b %Y %H:%M:%S')}.${frac(ms, 3)}`;
  start.wait(4);
  const c = ts(start.wall(), 'C');
  start.out([
    `${c} # WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition. Being disabled, it can also cause failures without low memory condition, see https://github.com/jemalloc/jemalloc/issues/1328. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect.`,
    `${c} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`,
    `${c} * Redis version=${v}, bits=64, commit=00000000, modified=0, pid=1, just started`,
    `${c} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`,
  ]);
  start.wait(1);
  const m = ts(start.wall(), 'M');
  start.out([
    `${m} * monotonic clock: POSIX clock_gettime`,
    `${m} * Running mode=standalone, port=${port}.`,
    `${m} * Server initialized`,
  ]);
  // "tcp" was added to the ready line in Redis 7.2
  start
    .wait(1)
    .out(
      `${ts(start.wall(), 'M')} * Ready to accept connections${versionAtLeast(v, [7, 2]) ? ' tcp' : ''}`,
    );
  return {
    start,
    listens: [port],
    onStop: (tl) => {
      const t = ts(tl.wall(), 'M');
      tl.out([
        `1:signal-handler (${Math.floor(tl.wall() / 1000)}) Received SIGTERM scheduling shutdown...`,
      ]);
      tl.wait(60).out([
        `${t} * User requested shutdown...`,
        `${t} * Saving the final RDB snapshot before exiting.`,
        `${t} * DB saved on disk`,
        `${t} # Redis is now ready to exit, bye bye...`,
      ]);
      tl.exit(0);
    },
  };
}

function postgres(img: RegistryImage, env: Record<string, string>, start: Timeline): ServerSpec {
  if (!env.POSTGRES_PASSWORD && env.POSTGRES_HOST_AUTH_METHOD !== 'trust') {
    // docker-library/postgres docker-entrypoint.sh docker_verify_minimum_env
    start
      .wait(40)
      .err([
        'Error: Database is uninitialized and superuser password is not specified.',
        '       You must specify POSTGRES_PASSWORD to a non-empty value for the',
        '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
        '',
        '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all',
        '       connections without a password. This is *not* recommended.',
        '',
        '       See PostgreSQL documentation about "trust":',
        '       https://www.postgresql.org/docs/current/auth-trust.html',
      ]);
    return { start: start.exit(1) };
  }
  const v = img.version ?? '17.2';
  const build = img.alpine
    ? `on x86_64-pc-linux-musl, compiled by gcc (Alpine 13.2.1_git20240309) 13.2.1 20240309, 64-bit`
    : `(Debian ${v}-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`;
  const log = (pid: number, msg: string) =>
    `${isoSpace(start.wall())}.${frac(start.wall(), 3)} UTC [${pid}] LOG:  ${msg}`;
  if (env.POSTGRES_HOST_AUTH_METHOD === 'trust' && !env.POSTGRES_PASSWORD) {
    start.err([
      '****************************************************',
      'WARNING: POSTGRES_HOST_AUTH_METHOD has been set to "trust". This will allow',
      '         anyone with access to the Postgres port to access your database without',
      '         a password, even if POSTGRES_PASSWORD is set. See PostgreSQL',
      '         documentation about "trust":',
      '         https://www.postgresql.org/docs/current/auth-trust.html',
      '****************************************************',
    ]);
  }
  start
    .wait(60)
    .out([
      'The files belonging to this database system will be owned by user "postgres".',
      'This user must also own the server process.',
      '',
      'The database cluster will be initialized with locale "en_US.utf8".',
      'The default database encoding has accordingly been set to "UTF8".',
      'The default text search configuration will be set to "english".',
      '',
      'Data page checksums are disabled.',
      '',
      'fixing permissions on existing directory /var/lib/postgresql/data ... ok',
      'creating subdirectories ... ok',
      'selecting dynamic shared memory implementation ... posix',
      'selecting default max_connections ... 100',
      'selecting default shared_buffers ... 128MB',
      'selecting default time zone ... Etc/UTC',
      'creating configuration files ... ok',
    ]);
  start.wait(700).out(['running bootstrap script ... ok']);
  start
    .wait(900)
    .out([
      'performing post-bootstrap initialization ... ok',
      'syncing data to disk ... ok',
      '',
      '',
      'Success. You can now start the database server using:',
      '',
      '    pg_ctl -D /var/lib/postgresql/data -l logfile start',
      '',
    ]);
  start.err([
    'initdb: warning: enabling "trust" authentication for local connections',
    'initdb: hint: You can change this by editing pg_hba.conf or using the option -A, or --auth-local and --auth-host, the next time you run initdb.',
  ]);
  start.wait(30).out('waiting for server to start....');
  start.err([
    log(48, `starting PostgreSQL ${v} ${build}`),
    log(48, 'listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"'),
    log(51, `database system was shut down at ${isoSpace(start.wall())} UTC`),
    log(48, 'database system is ready to accept connections'),
  ]);
  start
    .wait(100)
    .out([
      ' done',
      'server started',
      '',
      '/usr/local/bin/docker-entrypoint.sh: ignoring /docker-entrypoint-initdb.d/*',
      '',
    ]);
  start.wait(20).out('waiting for server to shut down...');
  start.err([
    log(48, 'received fast shutdown request'),
    log(48, 'aborting any active transactions'),
    log(48, 'database system is shut down'),
  ]);
  start
    .wait(150)
    .out([
      ' done',
      'server stopped',
      '',
      'PostgreSQL init process complete; ready for start up.',
      '',
    ]);
  start
    .wait(60)
    .err([
      log(1, `starting PostgreSQL ${v} ${build}`),
      log(1, 'listening on IPv4 address "0.0.0.0", port 5432'),
      log(1, 'listening on IPv6 address "::", port 5432'),
      log(1, 'listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"'),
      log(64, `database system was shut down at ${isoSpace(start.wall())} UTC`),
    ]);
  start.wait(15).err(log(1, 'database system is ready to accept connections'));
  return {
    start,
    listens: [5432],
    // STOPSIGNAL SIGINT: PostgreSQL's fast shutdown.
    onStop: (tl) => {
      const l = (pid: number, msg: string) =>
        `${isoSpace(tl.wall())}.${frac(tl.wall(), 3)} UTC [${pid}] LOG:  ${msg}`;
      tl.err([
        l(1, 'received fast shutdown request'),
        l(1, 'aborting any active transactions'),
        l(1, 'background worker "logical replication launcher" (PID 67) exited with exit code 1'),
        l(62, 'shutting down'),
      ]);
      tl.wait(40).err(l(1, 'database system is shut down')).exit(0);
    },
  };
}

/** mysql and mariadb: the entrypoint insists on a root password option. */
function mysqlFamily(img: RegistryImage, env: Record<string, string>, start: Timeline): ServerSpec {
  const maria = img.name.endsWith('/mariadb');
  const v = img.version ?? (maria ? '11.4.4' : '9.1.0');
  const note = (msg: string, level = 'Note') =>
    `${isoSpace(start.wall())}+00:00 [${level}] [Entrypoint]: ${msg}`;
  const server = maria ? `MariaDB Server 1:${v}+maria~ubu2404` : `MySQL Server ${v}-1.el9`;
  start.wait(30).out(note(`Entrypoint script for ${server} started.`));
  if (!maria)
    start.out([
      note("Switching to dedicated user 'mysql'"),
      note(`Entrypoint script for ${server} started.`),
    ]);
  const any = (...names: string[]) => names.some((n) => env[n]);
  const ok = maria
    ? any(
        'MARIADB_ROOT_PASSWORD',
        'MARIADB_ROOT_PASSWORD_HASH',
        'MARIADB_ALLOW_EMPTY_ROOT_PASSWORD',
        'MARIADB_RANDOM_ROOT_PASSWORD',
        'MYSQL_ROOT_PASSWORD',
        'MYSQL_ALLOW_EMPTY_PASSWORD',
        'MYSQL_RANDOM_ROOT_PASSWORD',
      )
    : any('MYSQL_ROOT_PASSWORD', 'MYSQL_ALLOW_EMPTY_PASSWORD', 'MYSQL_RANDOM_ROOT_PASSWORD');
  if (!ok) {
    start
      .wait(10)
      .err(
        maria
          ? [
              note('Database is uninitialized and password option is not specified', 'ERROR'),
              '\tYou need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD',
            ]
          : [
              note('Database is uninitialized and password option is not specified', 'ERROR'),
              '    You need to specify one of the following as an environment variable:',
              '    - MYSQL_ROOT_PASSWORD',
              '    - MYSQL_ALLOW_EMPTY_PASSWORD',
              '    - MYSQL_RANDOM_ROOT_PASSWORD',
            ],
      );
    return { start: start.exit(1) };
  }
  const iso = () => `${formatDate(start.wall(), '%Y-%m-%dT%H:%M:%S')}.${frac(start.wall(), 6)}Z`;
  start.wait(20).out(note('Initializing database files'));
  if (!maria)
    start
      .wait(600)
      .err(
        `${iso()} 0 [System] [MY-013169] [Server] /usr/sbin/mysqld (mysqld ${v}) initializing of server in progress as process 80`,
      );
  start
    .wait(maria ? 2500 : 6000)
    .out([note('Database files initialized'), note('Starting temporary server')]);
  start.wait(1500).out(note('Temporary server started.'));
  start.wait(1800).out([note('Stopping temporary server')]);
  start
    .wait(1500)
    .out([
      note('Temporary server stopped'),
      '',
      note(`${maria ? 'MariaDB' : 'MySQL'} init process done. Ready for start up.`),
      '',
    ]);
  if (maria) {
    const mt = () => formatDate(start.wall(), '%Y-%m-%d %k:%M:%S');
    start
      .wait(400)
      .err([
        `${mt()} 0 [Note] Starting MariaDB ${v}-MariaDB-ubu2404 source revision 0000000000000000000000000000000000000000 server_uid 0000000000000000000000000000 as process 1`,
        `${mt()} 0 [Note] mariadbd: ready for connections.`,
        `Version: '${v}-MariaDB-ubu2404'  socket: '/run/mysqld/mysqld.sock'  port: 3306  mariadb.org binary distribution`,
      ]);
  } else {
    start
      .wait(300)
      .err(
        `${iso()} 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld ${v}) starting as process 1`,
      );
    start
      .wait(1200)
      .err(
        `${iso()} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '${v}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.`,
      );
  }
  return {
    start,
    listens: [3306],
    onStop: (tl) => {
      const t = `${formatDate(tl.wall(), '%Y-%m-%dT%H:%M:%S')}.${frac(tl.wall(), 6)}Z`;
      tl.err(
        maria
          ? `${formatDate(tl.wall(), '%Y-%m-%d %k:%M:%S')} 0 [Note] mariadbd (initiated by: unknown): Normal shutdown`
          : `${t} 0 [System] [MY-013172] [Server] Received SHUTDOWN from user <via user signal>. Shutting down mysqld (Version: ${v}).`,
      );
      tl.wait(900).err(
        maria
          ? `${formatDate(tl.wall(), '%Y-%m-%d %k:%M:%S')} 0 [Note] mariadbd: Shutdown complete`
          : `${t} 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld ${v})  MySQL Community Server - GPL.`,
      );
      tl.exit(0);
    },
  };
}

function mongo(img: RegistryImage, start: Timeline): ServerSpec {
  const v = img.version ?? '8.0';
  const j = (c: string, id: number, ctx: string, msg: string, attr: string) =>
    `{"t":{"$date":"${formatDate(start.wall(), '%Y-%m-%dT%H:%M:%S')}.${frac(start.wall(), 3)}+00:00"},"s":"I",  "c":"${c}", "id":${id}, "ctx":"${ctx}","msg":"${msg}"${attr ? `,"attr":${attr}` : ''}}`;
  start
    .wait(200)
    .out([
      j(
        'CONTROL',
        23285,
        'main',
        "Automatically disabling TLS 1.0, to force-enable TLS 1.0 specify --sslDisabledProtocols 'none'",
        '',
      ),
      j(
        'CONTROL',
        4615611,
        'initandlisten',
        'MongoDB starting',
        `{"pid":1,"port":27017,"dbPath":"/data/db","architecture":"64-bit","host":"${'mongo'}"}`,
      ),
      j('CONTROL', 23403, 'initandlisten', 'Build Info', `{"buildInfo":{"version":"${v}"}}`),
    ]);
  start
    .wait(900)
    .out(j('NETWORK', 23016, 'listener', 'Waiting for connections', '{"port":27017,"ssl":"off"}'));
  return {
    start,
    listens: [27017],
    http: (port) =>
      port === 27017
        ? {
            status: 200,
            body: 'It looks like you are trying to access MongoDB over HTTP on the native driver port.\n',
          }
        : undefined,
    onStop: (tl) => tl.wait(300).exit(0),
  };
}

function rabbitmq(img: RegistryImage, start: Timeline): ServerSpec {
  const v = img.version ?? '4.0.5';
  const mgmt = img.tag.includes('management');
  const t = () => `${isoSpace(start.wall())}.${frac(start.wall(), 6)}+00:00`;
  start
    .wait(3000)
    .out([
      `${t()} [notice] <0.44.0> Application syslog exited with reason: stopped`,
      `${t()} [notice] <0.254.0> Logging: switching to configured handler(s); following messages may not be visible in this log output`,
    ]);
  start
    .wait(400)
    .out([
      '',
      '  ##  ##      RabbitMQ ' + v,
      '  ##  ##',
      '  ##########  Copyright (c) 2007-2024 Broadcom Inc and/or its subsidiaries',
      '  ######  ##',
      '  ##########  Licensed under the MPL 2.0. Website: https://rabbitmq.com',
      '',
    ]);
  start
    .wait(4500)
    .out([
      `${t()} [info] <0.676.0> Server startup complete; ${mgmt ? 3 : 0} plugins started.`,
      ...(mgmt
        ? [
            `${t()} [info] <0.676.0>  * rabbitmq_prometheus`,
            `${t()} [info] <0.676.0>  * rabbitmq_management`,
            `${t()} [info] <0.676.0>  * rabbitmq_management_agent`,
          ]
        : []),
    ]);
  return {
    start,
    listens: mgmt ? [5672, 15672] : [5672],
    http: (port) =>
      mgmt && port === 15672
        ? {
            status: 200,
            body: '<!DOCTYPE html>\n<html>\n  <head>\n    <title>RabbitMQ Management</title>\n',
          }
        : undefined,
    onStop: (tl) => tl.wait(2000).exit(0),
  };
}

function traefik(img: RegistryImage, start: Timeline): ServerSpec {
  const v = img.version ?? '3.2.1';
  const t = () => formatDate(start.wall(), '%Y-%m-%dT%H:%M:%SZ');
  start
    .wait(30)
    .out([
      `${t()} INF Traefik version ${v} built on 2024-11-20T15:29:37Z version=${v}`,
      `${t()} INF Stats collection is disabled.`,
      `${t()} INF Help us improve Traefik by turning this feature on :) More details on: https://doc.traefik.io/traefik/contributing/data-collection/`,
      `${t()} INF Starting provider aggregator *aggregator.ProviderAggregator`,
      `${t()} INF Starting provider *traefik.Provider`,
    ]);
  return {
    start,
    listens: [80],
    http: (port) => (port === 80 ? { status: 404, body: '404 page not found\n' } : undefined),
    onStop: (tl) => tl.wait(10).exit(0),
  };
}

/** hashicorp/http-echo: answers `-text` on `-listen` (default :5678). */
function httpEcho(args: string[], env: Record<string, string>, start: Timeline): ServerSpec {
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
function agnhost(
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

function httpbin(input: ProgramInput, start: Timeline): ServerSpec {
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
function stress(args: string[], start: Timeline): ServerSpec {
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

/** `python -m http.server [port]`: a directory listing of `/`. */
function pythonHttpServer(
  args: string[],
  env: Record<string, string>,
  start: Timeline,
): ServerSpec {
  const port = Number(args.find((a) => /^\d+$/.test(a)) ?? 8000);
  // Python block-buffers stdout when it is not a tty: the banner only shows when unbuffered.
  if (env.PYTHONUNBUFFERED)
    start.wait(60).out(`Serving HTTP on 0.0.0.0 port ${port} (http://0.0.0.0:${port}/) ...`);
  const dirs = [
    'bin',
    'boot',
    'dev',
    'etc',
    'home',
    'lib',
    'lib64',
    'media',
    'mnt',
    'opt',
    'proc',
    'root',
    'run',
    'sbin',
    'srv',
    'sys',
    'tmp',
    'usr',
    'var',
  ];
  const body = `<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Directory listing for /</title>\n</head>\n<body>\n<h1>Directory listing for /</h1>\n<hr>\n<ul>\n${dirs.map((d) => `<li><a href="${d}/">${d}/</a></li>`).join('\n')}\n</ul>\n<hr>\n</body>\n</html>\n`;
  return {
    start,
    listens: [port],
    http: (p, path) =>
      p !== port
        ? undefined
        : path === '/'
          ? { status: 200, body }
          : { status: 404, body: 'File not found' },
  }; // Python installs no SIGTERM handler: as PID 1 it waits for SIGKILL
}

// ---------------------------------------------------------------------------------------------
// Language runtimes run without a program of ours
// ---------------------------------------------------------------------------------------------

function nodeRuntime(img: RegistryImage, args: string[], start: Timeline): ServerSpec {
  const v = `v${img.version && img.version.split('.').length >= 3 ? img.version : (({ '18': '18.20.5', '20': '20.18.1', '22': '22.11.0', '23': '23.3.0' } as Record<string, string>)[(img.version ?? '22').split('.')[0]] ?? '22.11.0')}`;
  if (args[0] === '--version' || args[0] === '-v') return { start: start.wait(30).out(v).exit(0) };
  const script = args.find((a) => !a.startsWith('-'));
  if (script && !args.includes('-e') && !args.includes('--eval')) {
    const path = script.startsWith('/') ? script : `/${script.replace(/^\.\//, '')}`;
    return {
      start: start
        .wait(40)
        .err([
          'node:internal/modules/cjs/loader:1228',
          '  throw err;',
          '  ^',
          '',
          `Error: Cannot find module '${path}'`,
          '    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)',
          '    at Module._load (node:internal/modules/cjs/loader:1051:27)',
          '    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:174:12)',
          '    at node:internal/main/run_main_module:28:49 {',
          "  code: 'MODULE_NOT_FOUND',",
          '  requireStack: []',
          '}',
          '',
          `Node.js ${v}`,
        ])
        .exit(1),
    };
  }
  // No tty and an empty stdin: the REPL reads end-of-file and exits 0.
  return { start: start.wait(40).exit(0) };
}

function pythonRuntime(
  img: RegistryImage,
  args: string[],
  env: Record<string, string>,
  start: Timeline,
): ServerSpec {
  const v =
    img.version && img.version.split('.').length >= 3 ? img.version : `${img.version ?? '3.13'}.1`;
  if (args[0] === '--version' || args[0] === '-V')
    return { start: start.wait(20).out(`Python ${v}`).exit(0) };
  const m = args.indexOf('-m');
  if (m >= 0 && args[m + 1] === 'http.server')
    return pythonHttpServer(args.slice(m + 2), env, start);
  const c = args.indexOf('-c');
  if (c >= 0) {
    // print("…") statements are honoured; anything else runs silently.
    const prints = [...(args[c + 1] ?? '').matchAll(/print\(\s*(['"])(.*?)\1\s*\)/g)].map(
      (x) => x[2],
    );
    return { start: start.wait(30).out(prints).exit(0) };
  }
  const script = args.find((a) => !a.startsWith('-'));
  if (script) {
    const path = script.startsWith('/') ? script : `/${script.replace(/^\.\//, '')}`;
    return {
      start: start
        .wait(25)
        .err(`python3: can't open file '${path}': [Errno 2] No such file or directory`)
        .exit(2),
    };
  }
  return { start: start.wait(30).exit(0) };
}

function goRuntime(img: RegistryImage, args: string[], start: Timeline): ServerSpec {
  const v =
    img.version && img.version.split('.').length >= 3 ? img.version : `${img.version ?? '1.23'}.4`;
  if (args[0] === 'version')
    return { start: start.wait(10).out(`go version go${v} linux/amd64`).exit(0) };
  if (['run', 'build', 'test', 'mod', 'get'].includes(args[0] ?? '')) {
    return {
      start: start
        .wait(20)
        .err(
          "go: go.mod file not found in current directory or any parent directory; see 'go help modules'",
        )
        .exit(1),
    };
  }
  return {
    start: start
      .wait(10)
      .out(`Go is a tool for managing Go source code.\n\nUsage:\n\n\tgo <command> [arguments]`)
      .exit(2),
  };
}

// ---------------------------------------------------------------------------------------------
// Dispatch
// ---------------------------------------------------------------------------------------------

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
const ENTRYPOINT_SCRIPTS = new Set([
  'docker-entrypoint.sh',
  '/docker-entrypoint.sh',
  '/usr/local/bin/docker-entrypoint.sh',
  '/entrypoint.sh',
]);

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/**
 * Starts a container's process. Deterministic: the same input and virtual start time always give
 * the same steps. `http` answers the container's own `wget`/`curl` calls (default: no such host).
 * @example startProgram({ image: 'docker.io/library/busybox:latest', command: ['sh', '-c', 'echo hi'], … }, () => clock.now).next()
 */
export function startProgram(input: ProgramInput, now: () => number, http?: HttpResolver): Program {
  const found = lookupImage(input.image);
  const img = found.ok ? found.image : undefined;
  const land = userlandOf(img);
  let argv = resolveArgv(img ?? { entrypoint: [], cmd: ['sh'] }, input);
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: input.hostname,
    ...input.env,
  };
  env.HOME ??= '/root';
  const start = new Timeline(now());
  const run = (spec: ServerSpec) => serverProgram(spec, now);

  // The image's entrypoint script does its setup and `exec "$@"`; a first argument that is a
  // flag is given to the image's own server (`redis-server --port 7000`).
  let viaEntrypoint = false;
  if (argv.length && ENTRYPOINT_SCRIPTS.has(argv[0]) && img) {
    viaEntrypoint = true;
    argv = argv.slice(1);
    if (!argv.length || argv[0].startsWith('-'))
      argv = [...(img.cmd.length ? [img.cmd[0]] : []), ...argv];
  }
  if (!argv.length) return run({ start: start.exit(0) });
  const name = basename(argv[0]);
  const args = argv.slice(1);

  if (SHELLS.has(name)) {
    const ci = args.indexOf('-c');
    const flavour: ShellFlavour = name === 'bash' || name === 'zsh' ? 'bash' : land.flavour;
    const ctx: ShellContext = {
      env,
      hostname: input.hostname,
      podIP: input.podIP,
      namespace: input.namespace,
      now,
      flavour,
      argv0: ci >= 0 && args[ci + 2] !== undefined ? args[ci + 2] : name,
      has: (c) => hasIn(land, c),
      http,
    };
    if (ci >= 0) return startShellScript(ctx, args[ci + 1] ?? '', args.slice(ci + 3));
    const file = args.find((a) => !a.startsWith('-'));
    if (file) {
      // A script file that is not in the image.
      const msg =
        flavour === 'ash'
          ? `${name}: can't open '${file}': No such file or directory`
          : flavour === 'dash'
            ? `${name}: 0: cannot open ${file}: No such file`
            : `${name}: ${file}: No such file or directory`;
      return run({
        start: start
          .wait(2)
          .err(msg)
          .exit(flavour === 'bash' ? 127 : 2),
      });
    }
    // No tty, stdin at end of file: an interactive shell exits 0 at once (a crash loop with
    // restartPolicy Always, which is a lesson in itself).
    return run({ start: start.wait(2).exit(0) });
  }

  if (img) {
    switch (name) {
      case 'nginx':
      case 'nginx-debug':
        return run(nginx(img, viaEntrypoint, start));
      case 'httpd-foreground':
      case 'httpd':
        return run(httpd(img, input, start));
      case 'redis-server':
        return run(redis(img, args, start));
      case 'postgres':
        return run(postgres(img, env, start));
      case 'mysqld':
      case 'mariadbd':
        return run(mysqlFamily(img, env, start));
      case 'mongod':
        return run(mongo(img, start));
      case 'memcached':
        return run({
          start,
          listens: [Number(flag(args, 'p') ?? 11211)],
          onStop: (tl) => tl.exit(0),
        });
      case 'rabbitmq-server':
        return run(rabbitmq(img, start));
      case 'traefik':
        return run(traefik(img, start));
      case 'http-echo':
        return run(httpEcho(args, env, start));
      case 'agnhost':
        return run(agnhost(args, input, start, now));
      case 'gunicorn':
        return run(httpbin(input, start));
      case 'pause':
        // registry.k8s.io/pause: sigdown() prints via psignal and exits 0.
        return run({
          start,
          onStop: (tl) => tl.err('Shutting down, got signal: Terminated').exit(0),
        });
      case 'stress':
        return run(stress(args, start));
      case 'node':
        return run(nodeRuntime(img, args, start));
      case 'python':
      case 'python3':
        return run(pythonRuntime(img, args, env, start));
      case 'go':
        return run(goRuntime(img, args, start));
    }
  }

  // Anything else (`sleep 3600`, `echo hi`, `curl …`) runs as a plain command, no shell.
  const ctx: ShellContext = {
    env,
    hostname: input.hostname,
    podIP: input.podIP,
    namespace: input.namespace,
    now,
    flavour: land.flavour,
    argv0: 'sh',
    has: (c) => hasIn(land, c),
    http,
  };
  return startCommand(ctx, argv);
}

/** Re-exported for the runtime: the network hook of {@link startProgram}. */
export type { HttpResolver, HttpOutcome } from './shell';
