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

/**
 * A write refused by the mount under `path` (a read-only volume): the applet's message, in
 * busybox's or coreutils' words (`touch: cannot touch 'f': Read-only file system`).
 */
function* refused(
  sh: Shell,
  io: IO,
  path: string,
  busybox: string,
  coreutils: string,
): Gen<boolean> {
  const why = sh.fs.writeError?.(path);
  if (!why) return false;
  yield* sh.err(io, sh.busybox ? `${busybox}: ${why}` : `${coreutils}: ${why}`);
  return true;
}

/** touch: creates empty files. */
export function* touch(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  let st = 0;
  for (const f of inv.operands) {
    const path = resolvePath(sh, f);
    if (yield* refused(sh, io, path, `touch: ${f}`, `touch: cannot touch '${f}'`)) st = 1;
    else if (!sh.fs.has(path)) sh.fs.set(path, '');
  }
  return st;
}

/** mkdir: a directory exists once something is in it. */
export function* mkdir(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  let st = 0;
  for (const f of inv.operands) {
    const path = resolvePath(sh, f);
    const msg = `mkdir: can't create directory '${f}'`;
    if (yield* refused(sh, io, `${path}/.keep`, msg, `mkdir: cannot create directory '${f}'`))
      st = 1;
    else sh.fs.set(`${path}/.keep`, '');
  }
  return st;
}

/** rm: removes written files. */
export function* rm(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  let st = 0;
  for (const f of inv.operands) {
    const path = resolvePath(sh, f);
    if (yield* refused(sh, io, path, `rm: can't remove '${f}'`, `rm: cannot remove '${f}'`)) st = 1;
    else sh.fs.delete(path);
  }
  return st;
}
