/**
 * The mysql 5.7 client programs: `mysql` (statements from `-e` or stdin, results as tables on a
 * terminal or with `-t`, tab-separated in batch mode, `\G` vertically) and `mysqladmin ping`,
 * over the pod network to the simulated mysqld (./mysqld).
 */
import { readStdin, type Invocation, type IO, type Shell, type TcpOutcome } from '../../shell';
import type { ProgramStep } from '../types';
import { decode, encode, type MysqlResponse, type Result } from './protocol';

const SOCKET = '/var/run/mysqld/mysqld.sock';

/** Client options as mysql and mysqladmin read them. */
interface Options {
  host?: string;
  user: string;
  port: number;
  execute?: string;
  database?: string;
  table: boolean;
  batch: boolean;
  skipNames: boolean;
  rest: string[];
}

function parseOptions(args: string[]): Options {
  const o: Options = {
    user: 'root',
    port: 3306,
    table: false,
    batch: false,
    skipNames: false,
    rest: [],
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (long: string, short: string): string | undefined => {
      if (a === `--${long}` || a === `-${short}`) return args[++i];
      if (a.startsWith(`--${long}=`)) return a.slice(long.length + 3);
      if (short && a.startsWith(`-${short}`) && a.length > 2) return a.slice(2);
      return undefined;
    };
    let v: string | undefined;
    if (a === '-p' || a.startsWith('-p') || a === '--password' || a.startsWith('--password='))
      continue;
    if ((v = value('host', 'h')) !== undefined) o.host = v;
    else if ((v = value('user', 'u')) !== undefined) o.user = v;
    else if ((v = value('port', 'P')) !== undefined) o.port = Number(v);
    else if ((v = value('execute', 'e')) !== undefined) o.execute = v;
    else if ((v = value('database', 'D')) !== undefined) o.database = v;
    else if (a === '-t' || a === '--table') o.table = true;
    else if (a === '-B' || a === '--batch' || a === '-s' || a === '--silent') o.batch = true;
    else if (a === '-N' || a === '--skip-column-names') o.skipNames = true;
    else if (!a.startsWith('-')) o.rest.push(a);
  }
  return o;
}

/** Connects and exchanges `data`: over TCP, or the local socket (this pod's mysqld). */
function connect(sh: Shell, o: Options, data: string): TcpOutcome | 'socket' {
  const host = o.host ?? 'localhost';
  const socket = host === 'localhost';
  // The socket is in the server's own container: only an image with mysqld has one.
  if (socket && !sh.ctx.has('mysqld')) return 'socket';
  const local = socket || host === '127.0.0.1';
  const target = local && sh.ctx.podIP ? sh.ctx.podIP : host;
  const out: TcpOutcome =
    sh.ctx.tcp?.(target, o.port, data) ?? (local ? { kind: 'refused' } : { kind: 'unresolvable' });
  if (socket && out.kind !== 'ok') return 'socket';
  return out;
}

/** The client's text for a failed connection (CR_CONN_HOST_ERROR and its kin). */
function connectError(o: Options, out: Exclude<TcpOutcome, { kind: 'ok' }> | 'socket'): string {
  const host = o.host ?? 'localhost';
  if (out === 'socket')
    return `ERROR 2002 (HY000): Can't connect to local MySQL server through socket '${SOCKET}' (2)`;
  if (out.kind === 'unresolvable')
    return `ERROR 2005 (HY000): Unknown MySQL server host '${host}' (-2)`;
  return `ERROR 2003 (HY000): Can't connect to MySQL server on '${host}' (${out.kind === 'timeout' ? 110 : 111})`;
}

/** Splits input into statements at `;` and `\G` outside quotes, with the line each starts on. */
export function splitStatements(text: string): { sql: string; line: number; vertical: boolean }[] {
  const out: { sql: string; line: number; vertical: boolean }[] = [];
  let cur = '';
  let line = 1;
  let startLine = 0;
  let q: string | undefined;
  const end = (vertical: boolean) => {
    if (cur.trim()) out.push({ sql: cur.trim(), line: startLine, vertical });
    cur = '';
    startLine = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (!q && !startLine && !/\s/.test(c)) startLine = line;
    if (c === '\n') line++;
    if (q) {
      cur += c;
      if (c === '\\') cur += text[++i] ?? '';
      else if (c === q) q = undefined;
    } else if (c === "'" || c === '"' || c === '`') {
      q = c;
      cur += c;
    } else if (c === ';') end(false);
    else if (c === '\\' && (text[i + 1] === 'G' || text[i + 1] === 'g')) {
      i++;
      end(text[i] === 'G');
    } else if (c === '-' && text[i + 1] === '-' && /\s/.test(text[i + 2] ?? ' ')) {
      while (i < text.length && text[i] !== '\n') i++;
      i--;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      i--;
    } else cur += c;
  }
  end(false);
  return out;
}

/** print_table_data: a bordered table, numbers right-aligned. */
export function formatTable(r: Result): string {
  const cols = r.columns ?? [];
  const cell = (v: string | null) => (v === null ? 'NULL' : v);
  const widths = cols.map((c, i) =>
    Math.max(c.name.length, ...(r.rows ?? []).map((row) => cell(row[i]).length)),
  );
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
  const line = (vals: string[], right: boolean[]) =>
    `|${vals.map((v, i) => ` ${right[i] ? v.padStart(widths[i]) : v.padEnd(widths[i])} `).join('|')}|\n`;
  let out =
    rule +
    line(
      cols.map((c) => c.name),
      cols.map(() => false),
    ) +
    rule;
  for (const row of r.rows ?? [])
    out += line(
      row.map(cell),
      cols.map((c) => c.numeric),
    );
  return out + rule;
}

/** print_tab_data: tab-separated, special characters escaped. */
export function formatTabs(r: Result, names: boolean): string {
  const esc = (v: string | null) =>
    v === null ? 'NULL' : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
  const lines = (r.rows ?? []).map((row) => row.map(esc).join('\t'));
  if (names) lines.unshift((r.columns ?? []).map((c) => c.name).join('\t'));
  return lines.map((l) => `${l}\n`).join('');
}

/** print_table_data_vertically (`\G`). */
export function formatVertical(r: Result): string {
  const cols = r.columns ?? [];
  const w = Math.max(0, ...cols.map((c) => c.name.length));
  return (r.rows ?? [])
    .map(
      (row, n) =>
        `*************************** ${n + 1}. row ***************************\n` +
        cols.map((c, i) => `${c.name.padStart(w)}: ${row[i] ?? 'NULL'}\n`).join(''),
    )
    .join('');
}

/** `mysql [options] [db]`: runs `-e`'s statements or stdin's, printing what each returns. */
export function* mysql(
  sh: Shell,
  inv: Invocation,
  io: IO,
): Generator<ProgramStep, number, undefined> {
  const o = parseOptions(inv.args);
  const text = o.execute ?? readStdin(io);
  const stmts = splitStatements(text);
  yield* sh.sync();
  const out = connect(
    sh,
    o,
    encode({
      type: 'query',
      user: o.user,
      database: o.database ?? o.rest[0],
      statements: stmts.map((s) => s.sql),
    }),
  );
  if (out === 'socket' || out.kind !== 'ok') {
    sh.delay(out !== 'socket' && out.kind === 'timeout' ? 127_000 : 2);
    yield* sh.err(io, connectError(o, out));
    return 1;
  }
  sh.delay(3);
  const res = decode<MysqlResponse>(out.data);
  if (!res || res.type !== 'results') return 1;
  // mysql.cc: without a terminal on stdin and stdout it is in batch mode (tab-separated);
  // `-e` on a terminal still prints tables.
  const tables = o.table || (!!sh.ctx.tty && !o.batch);
  for (const [i, r] of res.results.entries()) {
    if (!r.columns || !r.rows?.length) continue;
    const text = stmts[i]?.vertical
      ? formatVertical(r)
      : tables
        ? formatTable(r)
        : formatTabs(r, !o.skipNames);
    yield* sh.write(io.stdout, text);
  }
  if (res.error) {
    const at = stmts[res.results.length]?.line ?? 1;
    const e = res.error;
    yield* sh.err(io, `ERROR ${e.code} (${e.state}) at line ${at}: ${e.message}`);
    return 1;
  }
  return 0;
}

/**
 * Runs `statements` on a server as a client program does its own queries (xtrabackup's): the
 * response, or the client's text for the failed connection.
 */
export function queryServer(
  sh: Shell,
  host: string | undefined,
  user: string,
  statements: string[],
): MysqlResponse | string {
  const o: Options = { ...parseOptions([]), host, user };
  const out = connect(sh, o, encode({ type: 'query', user, statements }));
  if (out === 'socket' || out.kind !== 'ok')
    return connectError(o, out).replace(/^ERROR \d+ \(\w+\): /, '');
  return decode<MysqlResponse>(out.data) ?? 'Lost connection to MySQL server during query';
}

/** `mysqladmin ping` (the tutorial's liveness probe) and `status`. */
export function* mysqladmin(
  sh: Shell,
  inv: Invocation,
  io: IO,
): Generator<ProgramStep, number, undefined> {
  const o = parseOptions(inv.args);
  yield* sh.sync();
  const out = connect(sh, o, encode({ type: 'query', user: o.user, statements: ['SELECT 1'] }));
  if (out === 'socket' || out.kind !== 'ok') {
    const host = o.host ?? 'localhost';
    const why =
      out === 'socket'
        ? `Can't connect to local MySQL server through socket '${SOCKET}' (2)`
        : out.kind === 'unresolvable'
          ? `Unknown MySQL server host '${host}' (-2)`
          : `Can't connect to MySQL server on '${host}' (111)`;
    yield* sh.err(io, `mysqladmin: connect to server at '${host}' failed\nerror: '${why}'`);
    if (out === 'socket')
      yield* sh.err(io, `Check that mysqld is running and that the socket: '${SOCKET}' exists!`);
    return 1;
  }
  if (o.rest[0] === 'ping') yield* sh.write(io.stdout, 'mysqld is alive\n');
  return 0;
}
