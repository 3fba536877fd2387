/**
 * The statements the simulated mysqld understands (a small part of MySQL 5.7's SQL: databases,
 * tables with rows, SELECT of columns, literals, functions and system variables, SHOW, and the
 * replication statements), run against its data directory with MySQL's error numbers and texts.
 */
import { formatDate } from '../../shell';
import type { ColumnDef, DataDir } from './datadir';
import type { Result, SqlError } from './protocol';
import { evalExpr, select, where } from './select';
import {
  err,
  ID,
  NO_DB,
  READ_ONLY,
  splitTop,
  stringLiteral,
  syntaxError,
  tableRef,
  unquote,
} from './sqlText';

/** What a statement can see and change of the server. */
export interface ServerState {
  dir: DataDir;
  serverId: number;
  hostname: string;
  /** `5.7.44-log` (with the binary log) or `5.7.44`. */
  version: string;
  uuid: string;
  readOnly: boolean;
  superReadOnly: boolean;
  /** The binary log's base name and current file, when `log-bin` is on. */
  binlog?: { base: string; file: string };
  /** The replication threads: running, and the I/O thread's last error. */
  slave: { running: boolean; ioError?: string; masterId?: number };
  /** Wall-clock ms (Unix epoch) now. */
  wallNow(): number;
}

/** A client session: its current database; the replication SQL thread bypasses read-only. */
export interface Session {
  db?: string;
  replication?: boolean;
}

/** Runs one statement. */
export function execute(st: ServerState, s: Session, sql: string): Result | SqlError {
  const q = sql.trim().replace(/;$/, '').trim();
  const m = (re: RegExp) => re.exec(q);
  const write = (): SqlError | undefined => {
    if (s.replication) return undefined;
    if (st.superReadOnly) return READ_ONLY;
    if (st.readOnly)
      return err(
        1290,
        'HY000',
        'The MySQL server is running with the --read-only option so it cannot execute this statement',
      );
    return undefined;
  };
  // The Query event carries the session's database, as the replica's SQL thread will use it.
  const logged = (): void => {
    if (!st.binlog) return;
    const stamp = formatDate(st.wallNow(), '%y%m%d %k:%M:%S');
    st.dir.log(st.binlog.file, st.serverId, s.db ?? '', q, stamp);
  };
  let r: RegExpExecArray | null;

  if ((r = m(/^use\s+(\S+)$/i))) {
    const db = unquote(r[1]);
    if (!st.dir.hasDb(db)) return err(1049, '42000', `Unknown database '${db}'`);
    s.db = db;
    return {};
  }
  if (
    (r = m(new RegExp(`^create\\s+(?:database|schema)\\s+(if\\s+not\\s+exists\\s+)?(${ID})$`, 'i')))
  ) {
    const db = unquote(r[2]);
    const w = write();
    if (w) return w;
    if (st.dir.hasDb(db) || db === 'information_schema') {
      if (r[1]) return { affected: 0 };
      return err(1007, 'HY000', `Can't create database '${db}'; database exists`);
    }
    st.dir.createDb(db);
    logged();
    return { affected: 1 };
  }
  if ((r = m(new RegExp(`^drop\\s+(?:database|schema)\\s+(if\\s+exists\\s+)?(${ID})$`, 'i')))) {
    const db = unquote(r[2]);
    const w = write();
    if (w) return w;
    if (!st.dir.hasDb(db)) {
      if (r[1]) return { affected: 0 };
      return err(1008, 'HY000', `Can't drop database '${db}'; database doesn't exist`);
    }
    const n = st.dir.tables(db).length;
    st.dir.dropDb(db);
    if (s.db === db) s.db = undefined;
    logged();
    return { affected: n };
  }
  if (
    (r = m(
      new RegExp(
        `^create\\s+table\\s+(if\\s+not\\s+exists\\s+)?((?:${ID})(?:\\.(?:${ID}))?)\\s*\\(([\\s\\S]*)\\)[^)]*$`,
        'i',
      ),
    ))
  ) {
    const { db, table } = tableRef(r[2], s);
    if (!db) return NO_DB;
    const w = write();
    if (w) return w;
    if (!st.dir.hasDb(db)) return err(1049, '42000', `Unknown database '${db}'`);
    if (st.dir.columns(db, table)) {
      if (r[1]) return {};
      return err(1050, '42S01', `Table '${table}' already exists`);
    }
    const cols: ColumnDef[] = [];
    for (const def of splitTop(r[3])) {
      if (/^(primary|unique|key|index|constraint|foreign)\b/i.test(def)) continue;
      const c = new RegExp(
        `^(${ID})\\s+([A-Za-z]+(?:\\s*\\([^)]*\\))?(?:\\s+unsigned)?)`,
        'i',
      ).exec(def);
      if (!c) return syntaxError(q, def);
      cols.push({ name: unquote(c[1]), type: c[2].toLowerCase().replace(/\s+/g, ' ') });
    }
    st.dir.createTable(db, table, cols);
    logged();
    return {};
  }
  if (
    (r = m(new RegExp(`^drop\\s+table\\s+(if\\s+exists\\s+)?((?:${ID})(?:\\.(?:${ID}))?)$`, 'i')))
  ) {
    const { db, table } = tableRef(r[2], s);
    if (!db) return NO_DB;
    const w = write();
    if (w) return w;
    if (!st.dir.columns(db, table)) {
      if (r[1]) return {};
      return err(1051, '42S02', `Unknown table '${db}.${table}'`);
    }
    st.dir.dropTable(db, table);
    logged();
    return {};
  }
  if (
    (r = m(
      new RegExp(
        `^insert\\s+into\\s+((?:${ID})(?:\\.(?:${ID}))?)\\s*(?:\\(([^)]*)\\))?\\s*values?\\s*([\\s\\S]+)$`,
        'i',
      ),
    ))
  ) {
    const { db, table } = tableRef(r[1], s);
    if (!db) return NO_DB;
    const w = write();
    if (w) return w;
    const cols = st.dir.columns(db, table);
    if (!cols) return err(1146, '42S02', `Table '${db}.${table}' doesn't exist`);
    const names = r[2] ? splitTop(r[2]).map(unquote) : cols.map((c) => c.name);
    for (const n of names)
      if (!cols.some((c) => c.name === n))
        return err(1054, '42S22', `Unknown column '${n}' in 'field list'`);
    const tuples = splitTop(r[3]);
    const rows = st.dir.rows(db, table);
    for (const [i, t] of tuples.entries()) {
      const inner = /^\(([\s\S]*)\)$/.exec(t);
      if (!inner) return syntaxError(q, t);
      const vals = splitTop(inner[1]);
      if (vals.length !== names.length)
        return err(1136, '21S01', `Column count doesn't match value count at row ${i + 1}`);
      const row: (string | null)[] = cols.map(() => null);
      for (const [j, v] of vals.entries()) {
        const e = evalExpr(st, s, v);
        if ('code' in e) return e;
        row[cols.findIndex((c) => c.name === names[j])] = e.value;
      }
      rows.push(row);
    }
    st.dir.setRows(db, table, rows);
    logged();
    return { affected: tuples.length };
  }
  if (
    (r = m(
      new RegExp(
        `^delete\\s+from\\s+((?:${ID})(?:\\.(?:${ID}))?)(?:\\s+where\\s+([\\s\\S]+))?$`,
        'i',
      ),
    ))
  ) {
    const { db, table } = tableRef(r[1], s);
    if (!db) return NO_DB;
    const w = write();
    if (w) return w;
    const cols = st.dir.columns(db, table);
    if (!cols) return err(1146, '42S02', `Table '${db}.${table}' doesn't exist`);
    const rows = st.dir.rows(db, table);
    const keep: (string | null)[][] = [];
    for (const row of rows) {
      const hit = r[2] ? where(st, s, cols, row, r[2]) : true;
      if (typeof hit === 'object') return hit;
      if (!hit) keep.push(row);
    }
    st.dir.setRows(db, table, keep);
    logged();
    return { affected: rows.length - keep.length };
  }
  if ((r = m(/^select\s+([\s\S]+)$/i))) return select(st, s, r[1], q);
  if (m(/^show\s+(?:databases|schemas)$/i)) {
    const dbs = ['information_schema', ...st.dir.databases()];
    return { columns: [{ name: 'Database', numeric: false }], rows: dbs.map((d) => [d]) };
  }
  if ((r = m(new RegExp(`^show\\s+tables(?:\\s+(?:from|in)\\s+(${ID}))?$`, 'i')))) {
    const db = r[1] ? unquote(r[1]) : s.db;
    if (!db) return NO_DB;
    if (!st.dir.hasDb(db)) return err(1049, '42000', `Unknown database '${db}'`);
    return {
      columns: [{ name: `Tables_in_${db}`, numeric: false }],
      rows: st.dir.tables(db).map((t) => [t]),
    };
  }
  if ((r = m(new RegExp(`^show\\s+create\\s+table\\s+((?:${ID})(?:\\.(?:${ID}))?)$`, 'i')))) {
    const { db, table } = tableRef(r[1], s);
    if (!db) return NO_DB;
    const ddl = st.dir.createStatement(db, table);
    if (!ddl) return err(1146, '42S02', `Table '${db}.${table}' doesn't exist`);
    return {
      columns: [
        { name: 'Table', numeric: false },
        { name: 'Create Table', numeric: false },
      ],
      rows: [[table, ddl]],
    };
  }
  if (m(/^show\s+master\s+status$/i)) {
    const cols = ['File', 'Position', 'Binlog_Do_DB', 'Binlog_Ignore_DB', 'Executed_Gtid_Set'];
    const columns = cols.map((name) => ({ name, numeric: name === 'Position' }));
    if (!st.binlog) return { columns, rows: [] };
    const f = st.binlog.file;
    return { columns, rows: [[f, String(st.dir.endOf(f)), '', '', '']] };
  }
  if (m(/^show\s+slave\s+status$/i)) return slaveStatus(st);
  if ((r = m(/^change\s+master\s+to\s+([\s\S]+)$/i))) {
    if (st.slave.running)
      return err(
        3021,
        'HY000',
        "This operation cannot be performed with a running slave io thread; run STOP SLAVE IO_THREAD FOR CHANNEL '' first.",
      );
    const cur = st.dir.masterInfo() ?? {
      file: '',
      pos: 4,
      host: '',
      user: '',
      password: '',
      port: 3306,
      connectRetry: 60,
    };
    for (const a of splitTop(r[1])) {
      const kv = /^(\w+)\s*=\s*([\s\S]+)$/.exec(a);
      if (!kv) return syntaxError(q, a);
      const v = kv[2].trim();
      const str = stringLiteral(v) ?? v;
      switch (kv[1].toUpperCase()) {
        case 'MASTER_HOST':
          cur.host = str;
          break;
        case 'MASTER_USER':
          cur.user = str;
          break;
        case 'MASTER_PASSWORD':
          cur.password = str;
          break;
        case 'MASTER_PORT':
          cur.port = Number(str);
          break;
        case 'MASTER_CONNECT_RETRY':
          cur.connectRetry = Number(str);
          break;
        case 'MASTER_LOG_FILE':
          cur.file = str;
          break;
        case 'MASTER_LOG_POS':
          cur.pos = Number(str);
          break;
        default:
          return syntaxError(q, a);
      }
    }
    st.dir.setMasterInfo(cur);
    return {};
  }
  if (m(/^start\s+slave$/i)) {
    if (!st.dir.masterInfo()?.host)
      return err(
        1200,
        'HY000',
        'The server is not configured as slave; fix in config file or with CHANGE MASTER TO',
      );
    st.slave.running = true;
    return {};
  }
  if (m(/^stop\s+slave$/i)) {
    st.slave.running = false;
    return {};
  }
  if (m(/^(set|flush|commit|begin|start\s+transaction|rollback|unlock\s+tables|lock\s+tables)\b/i))
    return {};
  return syntaxError(q, q);
}

/** SHOW SLAVE STATUS: empty on a server that is not a replica. */
function slaveStatus(st: ServerState): Result {
  const mi = st.dir.masterInfo();
  const names = [
    'Slave_IO_State',
    'Master_Host',
    'Master_User',
    'Master_Port',
    'Connect_Retry',
    'Master_Log_File',
    'Read_Master_Log_Pos',
    'Relay_Log_File',
    'Relay_Log_Pos',
    'Relay_Master_Log_File',
    'Slave_IO_Running',
    'Slave_SQL_Running',
    'Last_Errno',
    'Last_Error',
    'Exec_Master_Log_Pos',
    'Seconds_Behind_Master',
    'Last_IO_Errno',
    'Last_IO_Error',
    'Master_Server_Id',
  ];
  const numeric = new Set([
    'Master_Port',
    'Connect_Retry',
    'Read_Master_Log_Pos',
    'Relay_Log_Pos',
    'Exec_Master_Log_Pos',
    'Last_Errno',
    'Last_IO_Errno',
    'Seconds_Behind_Master',
    'Master_Server_Id',
  ]);
  const columns = names.map((name) => ({ name, numeric: numeric.has(name) }));
  if (!mi?.host) return { columns, rows: [] };
  const io = st.slave.running && !st.slave.ioError;
  const relay = `${st.hostname}-relay-bin.000002`;
  return {
    columns,
    rows: [
      [
        io ? 'Waiting for master to send event' : st.slave.running ? 'Connecting to master' : '',
        mi.host,
        mi.user,
        String(mi.port),
        String(mi.connectRetry),
        mi.file,
        String(mi.pos),
        relay,
        String(mi.pos),
        mi.file,
        io ? 'Yes' : st.slave.running ? 'Connecting' : 'No',
        st.slave.running ? 'Yes' : 'No',
        '0',
        '',
        String(mi.pos),
        io ? '0' : null,
        st.slave.ioError ? '2003' : '0',
        st.slave.ioError ?? '',
        String(st.slave.masterId ?? 0),
      ],
    ],
  };
}
