/**
 * kubectl: one command line in, kubectl's output, errors and exit code out. The commands live in
 * ./commands (one command or family per file); this file tokenizes the line, finds the command,
 * parses its flags as pflag does, and runs it with streaming, waiting and cancellation.
 */
import { GLOBAL_FLAGS, parseFlags, type FlagSpec } from './flags';
import { Output, CommandContext, type Command, type StdinEvent } from './commands/context';
import type { KubectlEnv, KubectlResult } from './env';
import { COMMANDS, ROOT_USAGE, suggestCommands } from './commands/registry';

export type { KubectlEnv, KubectlResult, OutputChunk } from './env';
export type { StdinEvent } from './commands/context';
export { LocalPorts } from './localPorts';
import { curlLocal } from './localPorts';
export { clusterEnv, localPortsOf } from './env';

/** Split a command line as a shell would (quotes, backslashes); a leading `kubectl` is dropped. */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      // Inside double quotes a backslash escapes only $ ` " \ (`"SHOW SLAVE STATUS\G"` keeps it).
      else if (ch === '\\' && quote === '"' && i + 1 < line.length)
        cur += '$`"\\'.includes(line[i + 1]) ? line[++i] : ch;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i];
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else cur += ch;
  }
  if (has || cur) out.push(cur);
  if (out[0] === 'kubectl' || out[0] === 'k') out.shift();
  return out;
}

/** A running command: Ctrl+C cancels it (a `-w` watch, `logs -f`, `rollout status`). */
export interface KubectlHandle {
  cancel(): void;
  /**
   * Typed while it runs: whether the command reads it (an interactive session). Ctrl+C goes to
   * the session's terminal; a command that reads nothing is cancelled by Ctrl+C instead.
   */
  input(e: StdinEvent): boolean;
}

/** Flags a command takes before its name (`kubectl -n kube-system get pods`). */
function splitLeadingGlobals(argv: string[]): { globals: string[]; rest: string[] } {
  const globals: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i].startsWith('-')) {
    const a = argv[i];
    globals.push(a);
    // A global flag that takes a value takes the next word unless written `--flag=value`.
    const spec = GLOBAL_FLAGS.find((f) =>
      a.startsWith('--') ? a.slice(2) === f.name : f.short !== undefined && a === `-${f.short}`,
    );
    if (spec && spec.type !== 'bool' && i + 1 < argv.length) globals.push(argv[++i]);
    i++;
  }
  return { globals, rest: argv.slice(i) };
}

/**
 * Run one kubectl command line against the cluster. `done` gets the exit code and the output not
 * already streamed through `env.write`; it is called exactly once, also after `cancel()`.
 * @example runKubectl(env, 'get pods -o wide', (r) => print(r.stdout + r.stderr))
 */
export function runKubectl(
  env: KubectlEnv,
  line: string,
  done: (r: KubectlResult) => void,
): KubectlHandle {
  if (/^\s*curl(\s|$)/.test(line)) {
    // The learner's machine has curl too: `curl localhost:8080` through a port-forward.
    curlLocal(env.localPorts, tokenize(line).slice(1), done);
    return { cancel: () => {}, input: () => false };
  }
  const { globals, rest } = splitLeadingGlobals(tokenize(line));
  const [name, ...args] = rest;
  const out = new Output(env.write, (stdout, stderr, exitCode) =>
    done({ stdout, stderr, exitCode }),
  );
  const noop: KubectlHandle = { cancel: () => {}, input: () => false };
  if (!name) {
    if (globals.includes('-h') || globals.includes('--help') || globals.length === 0) {
      out.stdout(ROOT_USAGE);
      out.finish(0);
    } else {
      out.stderr(ROOT_USAGE);
      out.finish(1);
    }
    return noop;
  }
  const command: Command | undefined = COMMANDS.get(name);
  if (!command) {
    const suggestions = suggestCommands(name);
    const hint = suggestions.length
      ? `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}`
      : '';
    out.stderr(
      `error: unknown command "${name}" for "kubectl"${hint}\nRun 'kubectl --help' for usage.\n`,
    );
    out.finish(1);
    return noop;
  }
  const all = [...args, ...globals];
  const specs: FlagSpec[] =
    typeof command.flags === 'function' ? command.flags(args) : command.flags;
  const flags = parseFlags(all, specs);
  const path = commandPath(command, args);
  if ('error' in flags) {
    out.stderr(`error: ${flags.error}\nSee 'kubectl ${path} --help' for usage.\n`);
    out.finish(1);
    return noop;
  }
  const ctx = new CommandContext(env, path, flags, out);
  if (flags.bools.has('help')) {
    out.stdout(`Usage:\n  kubectl ${path} [flags] [options]\n`);
    out.finish(0);
    return noop;
  }
  try {
    command.run(ctx);
  } catch (e) {
    ctx.fail(`error: ${(e as Error).message}`);
  }
  return {
    cancel: () => {
      if (!out.finished) ctx.finish(130);
    },
    input: (e) => {
      if (out.finished || !ctx.onInput) return false;
      ctx.onInput(e);
      return true;
    },
  };
}

/** `create deployment`, `rollout status`: the command and its sub-command for messages. */
function commandPath(command: Command, args: string[]): string {
  if (['create', 'rollout', 'set'].includes(command.name) && args[0] && !args[0].startsWith('-')) {
    return `${command.name} ${args[0]}`;
  }
  return command.name;
}
