/** File commands: `ls`, `touch`, `mkdir`, `rm` on the shell's in-memory files. */
import { imageExecutable, listDir, readFile, resolvePath } from '../filesystem';

/** What a copied image executable holds here (its ELF bytes are not simulated). */
const BINARY_MARK = "\u007fELF (the image's executable) ";
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

/** cp SRC DEST / cp SRC… DIR: copies files (a directory as DEST gets them by their names). */
export function* cp(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  return yield* copyOrMove(sh, inv, io, false);
}

/** mv SRC DEST / mv SRC… DIR: renames files and directories. */
export function* mv(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  return yield* copyOrMove(sh, inv, io, true);
}

function* copyOrMove(sh: Shell, inv: Invocation, io: IO, move: boolean): Gen<number> {
  const tool = move ? 'mv' : 'cp';
  const ops = inv.operands;
  if (ops.length < 2) {
    yield* sh.err(
      io,
      ops.length
        ? `${tool}: missing destination file operand after '${ops[0]}'`
        : `${tool}: missing file operand`,
    );
    return 1;
  }
  const dest = ops[ops.length - 1];
  const destPath = resolvePath(sh, dest);
  const intoDir = listDir(sh, destPath) !== undefined || dest.endsWith('/');
  let st = 0;
  for (const src of ops.slice(0, -1)) {
    const from = resolvePath(sh, src);
    const to = intoDir ? `${destPath}/${from.slice(from.lastIndexOf('/') + 1)}` : destPath;
    // mysql: an image's executable (`mv /usr/bin/mysql /usr/bin/mysql.off`): moving it away
    // leaves overlayfs's whiteout in the container's layer.
    const binary = readFile(sh, from) === undefined && imageExecutable(sh, from);
    const data = binary ? `${BINARY_MARK}${from}\n` : readFile(sh, from);
    const dir = data === undefined && move ? listDir(sh, from) : undefined;
    if (data === undefined && dir === undefined) {
      yield* sh.err(
        io,
        sh.busybox
          ? `${tool}: can't stat '${src}': No such file or directory`
          : `${tool}: cannot stat '${src}': No such file or directory`,
      );
      st = 1;
      continue;
    }
    const msg = sh.busybox ? `${tool}: can't create '${dest}'` : `${tool}: cannot create '${dest}'`;
    if (yield* refused(sh, io, to, msg, msg)) {
      st = 1;
      continue;
    }
    if (data !== undefined) {
      sh.fs.set(to, data);
      const slash = to.lastIndexOf('/');
      sh.fs.delete(`${to.slice(0, slash)}/.wh.${to.slice(slash + 1)}`);
      if (move) sh.fs.delete(from);
      if (move && binary)
        sh.fs.set(
          `${from.slice(0, from.lastIndexOf('/'))}/.wh.${from.slice(from.lastIndexOf('/') + 1)}`,
          '',
        );
      continue;
    }
    // A directory: every file under it moves.
    for (const k of [...sh.fs.keys()].filter((k) => k.startsWith(`${from}/`))) {
      sh.fs.set(to + k.slice(from.length), sh.fs.get(k) ?? '');
      sh.fs.delete(k);
    }
  }
  return st;
}
