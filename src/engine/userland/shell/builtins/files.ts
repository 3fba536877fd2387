/** File commands: `ls`, `touch`, `mkdir`, `rm` on the shell's in-memory files. */
import { listDir, readFile, resolvePath } from '../filesystem';
import type { Shell } from '../interpreter';
import type { Gen, Invocation, IO } from '../types';

/** ls: the entries of directories, or the names of files. */
export function* ls(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  const { operands } = inv;
  let st = 0;
  for (const p of operands.length ? operands : ['.']) {
    const entries = listDir(sh, p);
    if (entries) yield* sh.write(io.stdout, entries.map((e) => `${e}\n`).join(''));
    else if (readFile(sh, p) !== undefined) yield* sh.write(io.stdout, `${p}\n`);
    else {
      yield* sh.err(
        io,
        sh.busybox
          ? `ls: ${p}: No such file or directory`
          : `ls: cannot access '${p}': No such file or directory`,
      );
      st = sh.busybox ? 1 : 2;
    }
  }
  return st;
}

/** touch: creates empty files. */
export function touch(sh: Shell, inv: Invocation): number {
  const { operands } = inv;
  for (const f of operands) if (!sh.fs.has(resolvePath(sh, f))) sh.fs.set(resolvePath(sh, f), '');
  return 0;
}

/** mkdir: a directory exists once something is in it. */
export function mkdir(sh: Shell, inv: Invocation): number {
  const { operands } = inv;
  for (const f of operands) sh.fs.set(`${resolvePath(sh, f)}/.keep`, '');
  return 0;
}

/** rm: removes written files. */
export function rm(sh: Shell, inv: Invocation): number {
  const { operands } = inv;
  for (const f of operands) sh.fs.delete(resolvePath(sh, f));
  return 0;
}
