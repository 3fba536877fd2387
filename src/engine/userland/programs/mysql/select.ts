/** SELECT and the expressions of the simulated mysqld: literals, columns, functions, @@variables. */
import { formatDate } from '../../shell';
import type { ColumnDef } from './datadir';
import type { Column, Result, SqlError } from './protocol';
import type { ServerState, Session } from './sql';
import {
  err,
  ID,
  NO_DB,
  NUMERIC_TYPES,
  splitTop,
  stringLiteral,
  syntaxError,
  tableRef,
  unquote,
} from './sqlText';

/** An expression's value: a literal, a column of `row`, a function or a system variable. */
export function evalExpr(
  st: ServerState,
  s: Session,
  e: string,
  row?: { cols: ColumnDef[]; values: (string | null)[] },
): { value: string | null; numeric: boolean } | SqlError {
  const x = e.trim();
  const str = stringLiteral(x);
  if (str !== undefined) return { value: str, numeric: false };
  if (/^[-+]?\d+(\.\d+)?$/.test(x))
    return { value: String(Number(x)) === x ? x : x, numeric: true };
  if (/^null$/i.test(x)) return { value: null, numeric: false };
  if (/^(now|current_timestamp|sysdate)\s*(\(\s*\))?$/i.test(x) || /^current_timestamp$/i.test(x))
    return { value: formatDate(st.wallNow(), '%Y-%m-%d %H:%M:%S'), numeric: false };
  if (/^version\s*\(\s*\)$/i.test(x)) return { value: st.version, numeric: false };
  if (/^database\s*\(\s*\)$/i.test(x)) return { value: s.db ?? null, numeric: false };
  if (/^(user|current_user)\s*\(\s*\)$/i.test(x))
    return { value: 'root@localhost', numeric: false };
  const v = /^@@(?:global\.|session\.)?(\w+)$/i.exec(x);
  if (v) {
    const vars: Record<string, [string, boolean]> = {
      server_id: [String(st.serverId), true],
      hostname: [st.hostname, false],
      version: [st.version, false],
      version_comment: ['MySQL Community Server (GPL)', false],
      port: ['3306', true],
      datadir: [`${st.dir.root}/`, false],
      read_only: [st.readOnly || st.superReadOnly ? '1' : '0', true],
      super_read_only: [st.superReadOnly ? '1' : '0', true],
      log_bin: [st.binlog ? '1' : '0', true],
      server_uuid: [st.uuid, false],
    };
    const hit = vars[v[1].toLowerCase()];
    if (!hit) return err(1193, 'HY000', `Unknown system variable '${v[1]}'`);
    return { value: hit[0], numeric: hit[1] };
  }
  if (row) {
    const name = unquote(x.replace(/^.*\./, ''));
    const i = row.cols.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
    if (i >= 0) return { value: row.values[i], numeric: NUMERIC_TYPES.test(row.cols[i].type) };
  }
  if (new RegExp(`^(?:${ID})(?:\\.(?:${ID}))?$`).test(x) && !/^\d/.test(x))
    return err(
      1054,
      '42S22',
      `Unknown column '${unquote(x.replace(/^.*\./, ''))}' in 'field list'`,
    );
  return syntaxError(x, x);
}

/** `col = literal` (or `!=`, `<>`), the WHERE clauses this simulation knows. */
export function where(
  st: ServerState,
  s: Session,
  cols: ColumnDef[],
  values: (string | null)[],
  cond: string,
): boolean | SqlError {
  const c = /^(.+?)\s*(=|!=|<>)\s*(.+)$/.exec(cond.trim());
  if (!c) return syntaxError(cond, cond);
  const a = evalExpr(st, s, c[1], { cols, values });
  if ('code' in a) return a;
  const b = evalExpr(st, s, c[3], { cols, values });
  if ('code' in b) return b;
  const eq = a.value !== null && b.value !== null && a.value === b.value;
  return c[2] === '=' ? eq : a.value !== null && b.value !== null && !eq;
}

/** SELECT list [FROM table [WHERE col = value]] [LIMIT n]. */
export function select(st: ServerState, s: Session, rest: string, q: string): Result | SqlError {
  const r = new RegExp(
    `^([\\s\\S]+?)(?:\\s+from\\s+((?:${ID})(?:\\.(?:${ID}))?)(?:\\s+where\\s+([\\s\\S]+?))?)?(?:\\s+limit\\s+(\\d+))?$`,
    'i',
  ).exec(rest);
  if (!r) return syntaxError(q, rest);
  const items = splitTop(r[1]).map((it) => {
    const a = /^([\s\S]+?)\s+as\s+(\S+)$/i.exec(it);
    return a
      ? { expr: a[1], name: stringLiteral(a[2]) ?? unquote(a[2]) }
      : { expr: it, name: undefined };
  });
  const headerOf = (expr: string) => stringLiteral(expr.trim()) ?? expr.trim();
  if (!r[2]) {
    const row: (string | null)[] = [];
    const columns: Column[] = [];
    for (const it of items) {
      if (it.expr === '*') return err(1096, 'HY000', 'No tables used');
      const v = evalExpr(st, s, it.expr);
      if ('code' in v) return v;
      row.push(v.value);
      columns.push({ name: it.name ?? headerOf(it.expr), numeric: v.numeric });
    }
    return { columns, rows: [row] };
  }
  const { db, table } = tableRef(r[2], s);
  if (!db) return NO_DB;
  const cols = db === 'information_schema' ? undefined : st.dir.columns(db, table);
  if (!cols) return err(1146, '42S02', `Table '${db}.${table}' doesn't exist`);
  let rows = st.dir.rows(db, table);
  if (r[3]) {
    const kept: (string | null)[][] = [];
    for (const values of rows) {
      const hit = where(st, s, cols, values, r[3]);
      if (typeof hit === 'object') return hit;
      if (hit) kept.push(values);
    }
    rows = kept;
  }
  if (r[4]) rows = rows.slice(0, Number(r[4]));
  const count = items.length === 1 && /^count\s*\(\s*\*\s*\)$/i.test(items[0].expr);
  if (count)
    return {
      columns: [{ name: items[0].name ?? headerOf(items[0].expr), numeric: true }],
      rows: [[String(rows.length)]],
    };
  const columns: Column[] = [];
  const out: (string | null)[][] = rows.map(() => []);
  for (const it of items) {
    if (it.expr === '*') {
      for (const [i, c] of cols.entries()) {
        columns.push({ name: c.name, numeric: NUMERIC_TYPES.test(c.type) });
        rows.forEach((values, k) => out[k].push(values[i]));
      }
      continue;
    }
    let numeric = false;
    for (const [k, values] of rows.entries()) {
      const v = evalExpr(st, s, it.expr, { cols, values });
      if ('code' in v) return v;
      out[k].push(v.value);
      numeric = v.numeric;
    }
    if (!rows.length) {
      const v = evalExpr(st, s, it.expr, { cols, values: cols.map(() => null) });
      if ('code' in v) return v;
      numeric = v.numeric;
    }
    columns.push({ name: it.name ?? headerOf(it.expr), numeric });
  }
  return { columns, rows: out };
}
