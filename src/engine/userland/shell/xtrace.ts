/**
 * mysql: bash's `set -x` (xtrace): before a simple command runs, its expanded words go to stderr
 * after PS4 (`+ `), one `+` more per enclosing command substitution (`++ hostname`); a word with
 * characters the shell would interpret is single-quoted (`+ echo '[mysqld]'`). Each evaluated
 * term of `[[ … ]]` is printed as it is evaluated, so a short-circuited one is not.
 */
import type { Shell } from './interpreter';
import type { Gen, IO } from './types';

/** bash's sh_contains_shell_metas: characters that make xtrace quote a word. */
const METAS = /[\s'"\\|&;()<>!{}*[\]?^$`]|^[~#]/;

/** A word as xtrace prints it: as it is, or single-quoted (`'` as `'\''`). */
export function quoteWord(w: string): string {
  if (w !== '' && !METAS.test(w)) return w;
  return `'${w.replace(/'/g, "'\\''")}'`;
}

/** Prints one xtrace line for `words` to the command's stderr. */
export function* trace(sh: Shell, io: IO, words: string[]): Gen<void> {
  yield* sh.write(io.stderr, `${'+'.repeat(sh.subDepth + 1)} ${words.join(' ')}\n`);
}
