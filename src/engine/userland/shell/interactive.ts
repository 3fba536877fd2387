/**
 * An interactive shell: what `kubectl exec -it POD -- sh` talks to. It prints its prompt, reads a
 * line, runs it, and keeps its variables, functions, traps and working directory from one line to
 * the next, as ash, dash and bash do with a terminal on stdin.
 */
import type { FileStore } from './fileStore';
import { Shell } from './interpreter';
import type { Gen, ShellContext } from './types';

/** One interactive shell process. */
export interface ShellSession {
  /**
   * What it prints before reading a line, as the image's shell shows it for root: busybox ash
   * `/ # ` (PS1 `\w \$ `), dash `# `, bash `root@<hostname>:/# `.
   */
  prompt(): string;
  /**
   * Runs one line, reading and writing `files` (the container's files as they are when the line is
   * read). Yields its steps (an `exit` step ends the shell); returns the ms from its last step to
   * the next prompt, or Infinity if it blocks until interrupted.
   */
  line(text: string, files: FileStore): Gen<number>;
  /** Ctrl+C: the running line is abandoned; `$?` is 130, as after SIGINT. */
  interrupted(): void;
}

/** The state a shell keeps between lines. */
interface Kept {
  vars: Map<string, string>;
  exported: Set<string>;
  funcs: Shell['funcs'];
  traps: Map<string, string>;
  cwd: string;
  status: number;
  positional: string[];
}

/**
 * Starts an interactive shell of the container described by `ctx`.
 * @example const s = startInteractiveShell(ctx); s.prompt() // '/ # '
 */
export function startInteractiveShell(ctx: ShellContext): ShellSession {
  const first = new Shell(ctx);
  const kept: Kept = {
    vars: new Map(first.vars),
    exported: new Set(first.exported),
    funcs: new Map(first.funcs),
    traps: new Map(),
    // The image's WORKDIR; `/` for the images here.
    cwd: '/',
    status: 0,
    positional: [],
  };
  const home = () => kept.vars.get('HOME') ?? '/root';
  const tilde = (d: string) =>
    d === home() ? '~' : d.startsWith(home() + '/') ? '~' + d.slice(home().length) : d;
  return {
    prompt() {
      if (ctx.flavour === 'dash') return '# ';
      if (ctx.flavour === 'bash') return `root@${ctx.hostname}:${tilde(kept.cwd)}# `;
      return `${tilde(kept.cwd)} # `;
    },
    *line(text, files) {
      const sh = new Shell({ ...ctx, files });
      restore(sh, kept);
      try {
        return yield* sh.promptLine(text);
      } finally {
        save(sh, kept);
      }
    },
    interrupted() {
      kept.status = 130;
    },
  };
}

function restore(sh: Shell, k: Kept): void {
  sh.vars.clear();
  for (const [n, v] of k.vars) sh.vars.set(n, v);
  sh.exported.clear();
  for (const n of k.exported) sh.exported.add(n);
  sh.funcs.clear();
  for (const [n, f] of k.funcs) sh.funcs.set(n, f);
  sh.traps.clear();
  for (const [n, a] of k.traps) sh.traps.set(n, a);
  sh.cwd = k.cwd;
  sh.status = k.status;
  sh.positional = [...k.positional];
}

function save(sh: Shell, k: Kept): void {
  k.vars = new Map(sh.vars);
  k.exported = new Set(sh.exported);
  k.funcs = new Map(sh.funcs);
  k.traps = new Map(sh.traps);
  k.cwd = sh.cwd;
  k.status = sh.status;
  k.positional = [...sh.positional];
}
