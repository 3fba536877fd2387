/** The SQL text helpers the simulated mysqld's statements share: names, literals, errors. */
import type { SqlError } from './protocol';
import type { Session } from './sql';

export const err = (code: number, state: string, message: string): SqlError => ({
  code,
  state,
  message,
});
export const NO_DB = err(1046, '3D000', 'No database selected');
export const READ_ONLY = err(
  1290,
  'HY000',
  'The MySQL server is running with the --super-read-only option so it cannot execute this statement',
);

/** `ERROR 1064`: the text from where the parser stopped. */
export function syntaxError(sql: string, near: string): SqlError {
  const line = sql.slice(0, Math.max(0, sql.length - near.length)).split('\n').length;
  return err(
    1064,
    '42000',
    `You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '${near.slice(0, 80)}' at line ${line}`,
  );
}

export const ID = '`[^`]+`|[A-Za-z0-9_$]+';
export const unquote = (id: string) => id.replace(/^`|`$/g, '');
/** `db.table` or `table` (in the session's database). */
export function tableRef(ref: string, s: Session): { db?: string; table: string } {
  const m = new RegExp(`^(?:(${ID})\\.)?(${ID})$`).exec(ref.trim());
  if (!m) return { table: ref };
  return { db: m[1] ? unquote(m[1]) : s.db, table: unquote(m[2]) };
}

/** Splits at top-level commas (not inside quotes or parentheses). */
export function splitTop(s: string, sep = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  let q: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      cur += c;
      if (c === '\\') cur += s[++i] ?? '';
      else if (c === q) q = undefined;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') q = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === sep && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim() || out.length) out.push(cur.trim());
  return out;
}

/** A string literal's value (`'it''s'`, `"a\tb"`), or undefined when `s` is not one. */
export function stringLiteral(s: string): string | undefined {
  const m = /^(['"])([\s\S]*)\1$/.exec(s);
  if (!m) return undefined;
  return m[2]
    .replace(new RegExp(`${m[1]}${m[1]}`, 'g'), m[1])
    .replace(/\\(.)/g, (_a, c: string) => ({ n: '\n', t: '\t', '0': '\0' })[c] ?? c);
}

export const NUMERIC_TYPES =
  /^(tinyint|smallint|mediumint|int|integer|bigint|decimal|numeric|float|double|real|bit)/i;
