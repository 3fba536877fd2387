/**
 * What a container does when it starts: deterministic programs in virtual time, so the kubelet
 * produces the logs, exit codes, probe answers and OOM kills a real cluster would.
 *
 * The image decides the program (nginx prints its entrypoint lines and serves its welcome page,
 * postgres refuses to start without POSTGRES_PASSWORD, busybox's `sh` exits at once without a
 * tty); `command`/`args` override it as Kubernetes does; shells run through ../shell.
 *
 * The system images' servers (the static pods, CoreDNS, kube-proxy, kindnetd, metrics-server) are
 * here; shells, language runtimes, the application images' servers and exec'd processes are
 * loaded on demand (`onDemand()`, ../../onDemand.ts): which one a container needs is decided here,
 * from its image and command alone.
 */
import { lookupImage, type RegistryImage } from '../../node/runtime/images';
import { onDemand } from '../../onDemand';
import { FileStore } from '../shell/fileStore';
import type { HttpResolver, ShellContext, ShellFlavour, TcpResolver } from '../shell/types';
import { resolveArgv } from './argv';
import {
  ENTRYPOINT_SCRIPTS,
  readsStdin,
  SHELLS,
  RunningContainer,
  shellScriptFlag,
  type ContainerState,
} from './container';
import { defaultProcess, imageProgram } from './servers/tutorials';
import { flag, serverProgram, Timeline, type ServerSpec } from './timeline';
import type { PodNetworkAccess, Program, ProgramInput } from './types';
import { hasIn, userlandOf } from './userland';

export type {
  ExecProcess,
  ExecResult,
  ExecStep,
  Program,
  ProgramInput,
  ProgramStep,
} from './types';
export { checkExecutable, expandKubernetesVars, resolveArgv } from './argv';

/** The image programs a shell runs (mysql, xtrabackup…), with the shells, on demand. */
const IMAGE_TOOLS_ON_DEMAND: PropertyDescriptor = {
  get: () => onDemand().IMAGE_TOOLS,
  enumerable: true,
  configurable: true,
};

/**
 * A container's shell context with the image's tools (loaded on demand). scale: the getter is
 * defined on the object made, not written in its literal, which would put every context in V8's
 * dictionary mode (~800 bytes a container).
 */
function withImageTools(ctx: ShellContext): ShellContext {
  return Object.defineProperty(ctx, 'tools', IMAGE_TOOLS_ON_DEMAND);
}

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/**
 * Starts a container's process. Deterministic: the same input and virtual start time always give
 * the same steps. `http` answers the container's own `wget`/`curl` calls (default: no such host).
 * The program's `exec` runs commands inside the container, over the files its process wrote.
 * @example startProgram({ image: 'docker.io/library/busybox:latest', command: ['sh', '-c', 'echo hi'], … }, () => clock.now).next()
 */
export function startProgram(
  input: ProgramInput,
  now: () => number,
  http?: HttpResolver | PodNetworkAccess,
  tcp?: TcpResolver,
): Program {
  const found = lookupImage(input.image);
  const img = found.ok ? found.image : undefined;
  const land = userlandOf(img);
  const files = new FileStore();
  const state = new RunningContainer(input, land, files, now, http, tcp);
  const program = startMain(state, img);
  program.container = state;
  program.exec = execInProgram;
  program.spawn = spawnInProgram;
  return program;
}

/**
 * A running container's `exec` and `spawn`, called as its program's methods over the container
 * state the program carries. scale: two functions for every container, not two closures each.
 */
function execInProgram(this: Program, argv: string[], timeoutMs: number) {
  return onDemand().execInContainer(this.container as ContainerState, argv, timeoutMs);
}

function spawnInProgram(this: Program, argv: string[], stdin: boolean) {
  return onDemand().spawnInContainer(this.container as ContainerState, argv, stdin);
}

/** The container's main process: its image's program, or what `command`/`args` say. */
function startMain(c: ContainerState, img: RegistryImage | undefined): Program {
  const { input, env, land, files, now } = c;
  let argv = resolveArgv(img ?? { entrypoint: [], cmd: ['sh'] }, input);
  const start = new Timeline(now());
  const run = (spec: ServerSpec) => serverProgram(spec, now);

  // The image's entrypoint script does its setup and `exec "$@"`; a first argument that is a
  // flag is given to the image's own server (`redis-server --port 7000`).
  let viaEntrypoint = false;
  if (argv.length && ENTRYPOINT_SCRIPTS.has(argv[0]) && img) {
    viaEntrypoint = true;
    argv = argv.slice(1);
    // redis's also takes a first argument `*.conf` as its server's (`redis-server redis.conf`).
    const conf = img.cmd[0] === 'redis-server' && argv[0]?.endsWith('.conf');
    if (!argv.length || argv[0].startsWith('-') || conf)
      argv = [...(img.cmd.length ? [img.cmd[0]] : []), ...argv];
    // A server image without CMD whose script starts the server itself (fluentd's
    // /entrypoint.sh execs fluentd): the script is the server's process.
    if (!argv.length && img.kind === 'server' && img.ports) argv = [...img.entrypoint];
  }
  if (!argv.length) return run({ start: start.exit(0) });
  // corpus-apps: `sh -c "start-zookeeper --servers=3 …"`: a -c script that is one plain command
  // is exec'd by the shell (dash and bash run a lone simple command without forking), so the
  // image's own server is the container's process.
  if (img && SHELLS.has(basename(argv[0]))) argv = loneServerCommand(img, argv) ?? argv;
  const name = basename(argv[0]);
  const args = argv.slice(1);

  if (SHELLS.has(name)) {
    const ci = shellScriptFlag(args);
    const flavour: ShellFlavour = name === 'bash' || name === 'zsh' ? 'bash' : land.flavour;
    const ctx: ShellContext = withImageTools({
      env,
      hostname: input.hostname,
      podIP: input.podIP,
      namespace: input.namespace,
      now,
      flavour,
      argv0: ci >= 0 && args[ci + 2] !== undefined ? args[ci + 2] : name,
      has: (cmd) => hasIn(land, cmd),
      http: c.http,
      tcp: c.tcp,
      tty: input.tty,
      files,
      mounts: input.mounts,
      etc: input.etc,
    });
    if (ci >= 0) return onDemand().startShellScript(ctx, args[ci + 1] ?? '', args.slice(ci + 3));
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
    // stdin kept open (`kubectl run -it`): the shell waits for a line from `kubectl attach`.
    if (input.stdin) return run({ start });
    // No tty, stdin at end of file: an interactive shell exits 0 at once (a crash loop with
    // restartPolicy Always, which is a lesson in itself).
    return run({ start: start.wait(2).exit(0) });
  }

  // system: the kubernetes.io examples' programs (perl's π, php-apache, the guestbook, hello-app).
  const own = img && imageProgram(name, { img, args, input, start, now });
  if (own) return run(own);

  if (img) {
    switch (name) {
      case 'nginx':
      case 'nginx-debug':
        // `nginx -t` / `-T` tests the configuration (-T also dumps it) and exits 0.
        if (args.includes('-t') || args.includes('-T'))
          return run({
            start: start
              .wait(10)
              .err('nginx: the configuration file /etc/nginx/nginx.conf syntax is ok')
              .err('nginx: configuration file /etc/nginx/nginx.conf test is successful')
              .exit(0),
          });
        return run(
          onDemand().nginx(
            img,
            viaEntrypoint,
            start,
            onDemand().containerFiles(files, input.mounts),
          ),
        );
      case 'httpd-foreground':
      case 'httpd':
        return run(onDemand().httpd(img, input, start));
      case 'redis-server':
        return run(onDemand().redis(img, args, start));
      case 'postgres':
        return run(onDemand().postgres(img, env, start));
      case 'mysqld':
        // mysql: 5.7 (the replicated StatefulSet tutorial's) keeps databases in its datadir.
        if (img.version?.startsWith('5.7'))
          return run(
            onDemand().mysqld({
              img,
              env,
              start,
              now,
              tcp: c.tcp,
              files: onDemand().containerFiles(files, input.mounts),
              hostname: input.hostname,
            }),
          );
        return run(onDemand().mysqlFamily(img, env, start));
      case 'mariadbd':
        return run(onDemand().mysqlFamily(img, env, start));
      case 'mongod':
        return run(onDemand().mongo(img, start));
      case 'memcached':
        return run({
          start,
          listens: [Number(flag(args, 'p') ?? 11211)],
          onStop: (tl) => tl.exit(0),
        });
      case 'rabbitmq-server':
        return run(onDemand().rabbitmq(img, start));
      case 'traefik':
        return run(onDemand().traefik(img, start));
      case 'http-echo':
        return run(onDemand().httpEcho(args, env, start));
      case 'agnhost':
        return run(onDemand().agnhost(args, input, start, now));
      case 'serve_hostname':
        // test/images/serve-hostname (the binary agnhost's serve-hostname grew from): same flags.
        return run(onDemand().agnhost(['serve-hostname', ...args], input, start, now));
      case 'gunicorn':
        return run(onDemand().httpbin(input, start));
      case 'pause':
        // registry.k8s.io/pause: sigdown() prints via psignal and exits 0.
        return run({
          start,
          onStop: (tl) => tl.err('Shutting down, got signal: Terminated').exit(0),
        });
      case 'stress':
        return run(onDemand().stress(args, start));
      case 'node':
        return run(onDemand().nodeRuntime(img, args, start));
      case 'python':
      case 'python3': {
        const py = onDemand().pythonRuntime(img, args, env, start, now);
        return 'program' in py ? py.program : run(py);
      }
      case 'go':
        return run(onDemand().goRuntime(img, args, start));
    }
  }

  // system: a catalogued image's own server or REPL, run without command or args.
  const dflt = img && defaultProcess(name, { img, args, input, start, now });
  if (dflt) return run(dflt);

  // mysql: a command that reads its stdin, kept open for `kubectl run -i` (`mysql -h … <<EOF`),
  // waits for it: the attached session runs it with what is sent (exec.ts).
  if (input.stdin && readsStdin(name, args)) return run({ start });
  // Anything else (`sleep 3600`, `echo hi`, `curl …`) runs as a plain command, no shell.
  const ctx: ShellContext = withImageTools({
    env,
    hostname: input.hostname,
    podIP: input.podIP,
    namespace: input.namespace,
    now,
    flavour: land.flavour,
    argv0: 'sh',
    has: (cmd) => hasIn(land, cmd),
    http: c.http,
    tcp: c.tcp,
    tty: input.tty,
    files,
    mounts: input.mounts,
    etc: input.etc,
  });
  return onDemand().startCommand(ctx, argv);
}

/** Re-exported for the runtime: the network hook of {@link startProgram}. */
export type { HttpResolver, HttpOutcome } from '../shell/types';

/**
 * corpus-apps: the words of `sh -c SCRIPT` when SCRIPT is a single simple command (no quoting,
 * expansion, list or redirection) running one of a server image's own executables.
 */
function loneServerCommand(img: RegistryImage, argv: string[]): string[] | undefined {
  const ci = shellScriptFlag(argv.slice(1));
  const script = ci >= 0 ? argv[ci + 2] : undefined;
  if (!script || /[;&|<>$`"'\\\n(){}*?]/.test(script.trim())) return undefined;
  const words = script.trim().split(/\s+/);
  if (words[0] === 'exec') words.shift();
  const own = img.kind === 'server' && img.ports && (img.bins ?? []).map(basename);
  return own && words.length && own.includes(basename(words[0])) ? words : undefined;
}
