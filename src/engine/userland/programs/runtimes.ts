/** Language runtimes run without a program of ours: node, python (and `-m http.server`), go. */
import type { RegistryImage } from '../../node/runtime/images';
import { DEBIAN_ROOT_DIRS } from '../shell/rootfs';
import { EPOCH_MS } from '../../sim/clock';
import { startPython } from '../python';
import type { ServerSpec, Timeline } from './timeline';
import type { Program } from './types';

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
  const body = `<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Directory listing for /</title>\n</head>\n<body>\n<h1>Directory listing for /</h1>\n<hr>\n<ul>\n${DEBIAN_ROOT_DIRS.map((d) => `<li><a href="${d}/">${d}/</a></li>`).join('\n')}\n</ul>\n<hr>\n</body>\n</html>\n`;
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

/** node: `--version`; a script that is not in the image fails; without one the REPL exits. */
export function nodeRuntime(img: RegistryImage, args: string[], start: Timeline): ServerSpec {
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

/** python: `--version`, `-m http.server`, `-c` with print(); a missing script fails with 2. */
export function pythonRuntime(
  img: RegistryImage,
  args: string[],
  env: Record<string, string>,
  start: Timeline,
  now: () => number,
): ServerSpec | { program: Program } {
  const v =
    img.version && img.version.split('.').length >= 3 ? img.version : `${img.version ?? '3.13'}.1`;
  if (args[0] === '--version' || args[0] === '-V')
    return { start: start.wait(20).out(`Python ${v}`).exit(0) };
  const m = args.indexOf('-m');
  if (m >= 0 && args[m + 1] === 'http.server')
    return pythonHttpServer(args.slice(m + 2), env, start);
  const c = args.indexOf('-c');
  if (c >= 0) {
    if (args[c + 1] === undefined)
      return {
        start: start
          .wait(20)
          .err([
            'Argument expected for the -c option',
            'usage: python3 [option] ... [-c cmd | -m mod | file | -] [arg] ...',
            "Try `python -h' for more information.",
          ])
          .exit(2),
      };
    // jobs: the script runs in ../python, in virtual time.
    return {
      program: startPython({
        script: args[c + 1],
        args: args.slice(c + 2),
        env,
        version: v,
        unbuffered: !!env.PYTHONUNBUFFERED || args.slice(0, c).some((a) => /^-\w*u/.test(a)),
        now,
        wallAt: (ms) => EPOCH_MS + ms,
      }),
    };
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

/** go: `version`; the build commands fail without a go.mod; alone it prints its usage. */
export function goRuntime(img: RegistryImage, args: string[], start: Timeline): ServerSpec {
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
