/**
 * Running a command inside a running container (CRI ExecSync, k/k: pkg/kubelet/prober/prober.go
 * and pkg/kubelet/lifecycle/handlers.go use it for exec probes and hooks): a new process in the
 * container's namespaces, with the container's environment and its filesystem as it is now.
 */
import {
  FileStore,
  removedExecutable,
  startCommand,
  startInteractiveShell,
  startShellScript,
  type ShellContext,
} from '../shell';
import { IMAGE_TOOLS } from './tools';
import { checkExecutable } from './argv';
import {
  readsStdin,
  SHELLS,
  shellScriptFlag,
  ENTRYPOINT_SCRIPTS,
  type ContainerState,
} from './container';
import type { ExecProcess, ExecResult, ExecStep, Program } from './types';
import { hasIn } from './userland';

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/**
 * ExecSync `argv` in the container, run to its end or to `timeoutMs`: it reads the files as they
 * are at this virtual instant, and what it writes or removes stays in the container.
 * @example execInContainer(state, ['cat', '/tmp/healthy'], 1000).exitCode
 */
export function execInContainer(c: ContainerState, argv: string[], timeoutMs: number): ExecResult {
  const failure = execFailure(c, argv);
  if (failure) return { exitCode: 126, output: failure, ms: 1, timedOut: false };
  const at = c.now();
  const before = c.files.at(at);
  const files = FileStore.of(before);
  const p = startIn(c, files, argv, false);
  const result = runToEnd(p as Program, timeoutMs);
  c.files.commit(at, files.changesFrom(before));
  return result;
}

/**
 * The runtime's answer when `argv` cannot start in the container (runc's text, as containerd
 * relays it): `OCI runtime exec failed: exec failed: unable to start container process: exec:
 * "ps": executable file not found in $PATH: unknown`. Undefined: it can start.
 */
export function execFailure(c: ContainerState, argv: string[]): string | undefined {
  const check = checkExecutable({ ...c.input, command: argv, args: [] });
  // mysql: an executable moved away in the container (`mv /usr/bin/mysql …`) is not found.
  if (check.ok && argv.length > 0 && removedExecutable(c.files.at(c.now()), argv[0]))
    return `OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0]}": ${argv[0].includes('/') ? `stat ${argv[0]}: no such file or directory` : 'executable file not found in $PATH'}: unknown`;
  if (check.ok && argv.length > 0) return undefined;
  const what = check.ok
    ? 'exec: "": executable file not found in $PATH: unknown'
    : check.message.replace(/^.*unable to start container process: /, '');
  return `OCI runtime exec failed: exec failed: unable to start container process: ${what}`;
}

/** The shell context of a process exec'd into the container, over `files`. */
function contextOf(
  c: ContainerState,
  files: FileStore,
  argv0: string,
  bash: boolean,
): ShellContext {
  return {
    env: { ...c.env },
    hostname: c.input.hostname,
    podIP: c.input.podIP,
    namespace: c.input.namespace,
    now: c.now,
    flavour: bash ? 'bash' : c.land.flavour,
    argv0,
    has: (cmd: string) => hasIn(c.land, cmd),
    http: c.http,
    tcp: c.tcp,
    tools: IMAGE_TOOLS,
    tty: c.input.tty,
    files,
    mounts: c.input.mounts,
    etc: c.input.etc,
  };
}

/** Starts `argv` over `files`: a `sh -c` script, an interactive shell (with stdin), or a command. */
function startIn(
  c: ContainerState,
  files: FileStore,
  argv: string[],
  stdin: boolean,
): Program | 'interactive' | 'stdin' {
  const name = basename(argv[0]);
  const args = argv.slice(1);
  const shell = SHELLS.has(name);
  const bash = name === 'bash' || name === 'zsh';
  const ci = shell ? shellScriptFlag(args) : -1;
  if (ci >= 0)
    return startShellScript(
      contextOf(c, files, args[ci + 2] ?? name, bash),
      args[ci + 1] ?? '',
      args.slice(ci + 3),
    );
  if (shell && stdin && !args.some((a) => !a.startsWith('-'))) return 'interactive';
  if (!shell && stdin && readsStdin(name, args)) return 'stdin';
  return startCommand(contextOf(c, files, 'sh', false), argv);
}

/**
 * CRI Exec of `argv` in the container, as a process that runs on in virtual time. With `stdin`
 * a shell without `-c` is interactive: it prompts, reads a line, runs it against the container's
 * files as they are then, and writes what it changed back when the line is done. Without stdin
 * it reads end-of-file, so `sh` exits 0 at once.
 */
export function spawnInContainer(
  c: ContainerState,
  argv: string[],
  stdin: boolean,
): ExecProcess | { error: string } {
  const failure = execFailure(c, argv);
  if (failure) return { error: failure };
  // mysql: the image's entrypoint script execs the command it is given (`kubectl run -i`'s
  // container, started again for the attached session: `docker-entrypoint.sh mysql -h …`).
  if (ENTRYPOINT_SCRIPTS.has(argv[0]) && argv.length > 1 && !argv[1].startsWith('-'))
    argv = argv.slice(1);
  let at = c.now();
  let before = c.files.at(at);
  let files = FileStore.of(before);
  const settle = () => {
    c.files.commit(c.now(), files.changesFrom(before));
    at = c.now();
    before = c.files.at(at);
    files = FileStore.of(before);
  };
  const started = startIn(c, files, argv, stdin);
  // mysql: a command reading its stdin (`mysql` without -e) runs on what was sent, once it ends.
  if (started === 'stdin')
    return stdinCommandProcess(
      (data) => startCommand(contextOf(c, files, 'sh', false), argv, data),
      settle,
    );
  if (started !== 'interactive') return commandProcess(started, settle);
  const name = basename(argv[0]);
  const bash = name === 'bash' || name === 'zsh';
  const session = startInteractiveShell(contextOf(c, files, name, bash));
  let saidExit = false;
  const lines: string[] = [];
  let line: ReturnType<typeof session.line> | undefined;
  let reading = false;
  let eof = false;
  let exited = false;
  let promptDue: number | undefined = 1;
  const proc: ExecProcess = {
    next(): ExecStep | undefined {
      if (exited) return undefined;
      if (promptDue !== undefined) {
        const afterMs = promptDue;
        promptDue = undefined;
        reading = true;
        return { afterMs, type: 'read', prompt: session.prompt() };
      }
      if (!line) {
        if (!reading) return undefined;
        const text = lines.shift();
        if (text === undefined) {
          if (!eof) return undefined;
          // Ctrl+D at the prompt: bash says `exit` as it leaves; ash and dash say nothing.
          if (bash && !saidExit) {
            saidExit = true;
            return { afterMs: 0, type: 'output', stream: 'stdout', text: 'exit' };
          }
          exited = true;
          return { afterMs: 0, type: 'exit', code: 0 };
        }
        reading = false;
        settle();
        line = session.line(text, files);
      }
      const r = line.next();
      if (!r.done) {
        if (r.value.type === 'exit') {
          exited = true;
          settle();
        }
        return r.value;
      }
      line = undefined;
      settle();
      if (r.value === Infinity) return undefined; // blocked until Ctrl+C
      promptDue = r.value;
      return proc.next();
    },
    write(text) {
      lines.push(text);
    },
    closeStdin() {
      eof = true;
    },
    interrupt() {
      if (!line || exited) return;
      line = undefined;
      settle();
      session.interrupted();
      promptDue = 0;
    },
  };
  return proc;
}

/**
 * mysql: a command that reads its stdin to the end before it acts (the mysql client in batch
 * mode): the lines sent are kept, and it starts when stdin ends (Ctrl+D, the end of a pipe).
 */
function stdinCommandProcess(start: (stdin: string) => Program, settle: () => void): ExecProcess {
  const lines: string[] = [];
  let p: Program | undefined;
  let eof = false;
  const inner = () => (p ??= start(lines.map((l) => `${l}\n`).join('')));
  let proc: ExecProcess | undefined;
  return {
    next() {
      if (!eof) return undefined;
      proc ??= commandProcess(inner(), settle);
      return proc.next();
    },
    write(line) {
      if (!eof) lines.push(line);
    },
    closeStdin() {
      eof = true;
    },
    interrupt() {
      if (proc) return proc.interrupt();
      eof = true;
      proc = commandProcess(
        { ...inner(), next: () => ({ afterMs: 0, type: 'exit', code: 130 }) },
        settle,
      );
    },
  };
}

/** A command exec'd without a shell to talk to: stdin is ignored, Ctrl+C ends it (130). */
function commandProcess(p: Program, settle: () => void): ExecProcess {
  let exited = false;
  let interrupted = false;
  return {
    next() {
      if (exited) return undefined;
      if (interrupted) {
        exited = true;
        settle();
        return { afterMs: 0, type: 'exit', code: 130 };
      }
      const step = p.next();
      if (step?.type === 'exit') {
        exited = true;
        settle();
      }
      return step;
    },
    write() {},
    closeStdin() {},
    interrupt() {
      interrupted = true;
    },
  };
}

/** Steps a process until it exits or its time is up, collecting its output lines. */
export function runToEnd(p: Program, timeoutMs: number): ExecResult {
  const out: string[] = [];
  let t = 0;
  for (let i = 0; i < 10_000; i++) {
    const step = p.next();
    if (!step) break;
    t += step.afterMs;
    if (t > timeoutMs) break;
    if (step.type === 'output') out.push(step.text);
    else if (step.type === 'exit')
      return {
        exitCode: step.code,
        output: out.length ? out.join('\n') + '\n' : '',
        ms: t,
        timedOut: false,
      };
  }
  return { exitCode: -1, output: out.join('\n'), ms: timeoutMs, timedOut: true };
}
