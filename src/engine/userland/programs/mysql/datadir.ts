/**
 * mysqld's data directory (`/var/lib/mysql`) in the container's files, which a StatefulSet keeps
 * on its PersistentVolume: a directory per database (`db.opt`), a table's definition (`.frm`, here
 * its `SHOW CREATE TABLE` text) and rows (`.ibd`, here one tab-separated line a row, `\N` for
 * NULL), the binary log (`mysql-0-bin.000003`, events as mysqlbinlog prints them, and its
 * `.index`), a replica's `master.info`, and the server's `auto.cnf`. The real files are binary;
 * these hold the same facts as text a learner can `cat`.
 */
import type { Files } from '../../shell';
import type { BinlogEvent } from './protocol';

/** A table's column: its name and declared type (`varchar(250)`). */
export interface ColumnDef {
  name: string;
  type: string;
}

/** Where a replica replicates from and how far it has applied (5.7's master.info lines). */
export interface MasterInfo {
  file: string;
  pos: number;
  host: string;
  user: string;
  password: string;
  port: number;
  connectRetry: number;
}

/** The schemas mysqld creates itself; information_schema has no directory. */
export const SYSTEM_SCHEMAS = ['mysql', 'performance_schema', 'sys'];

/** The start of a 5.7 binary log: Format_description (123 bytes) and Previous_gtids (31). */
export const BINLOG_START = 154;

const DB_OPT = 'default-character-set=latin1\ndefault-collation=latin1_swedish_ci\n';

export class DataDir {
  constructor(
    readonly files: Files,
    readonly root = '/var/lib/mysql',
  ) {}

  path(rel: string): string {
    return `${this.root}/${rel}`;
  }

  /** Whether `mysql/` exists: the image's entrypoint skips initialization then. */
  initialized(): boolean {
    for (const k of this.files.keys()) if (k.startsWith(this.path('mysql/'))) return true;
    return false;
  }

  /** `mysqld --initialize-insecure`: the system schemas and InnoDB's files. */
  initialize(): void {
    for (const f of ['ibdata1', 'ib_logfile0', 'ib_logfile1', 'ib_buffer_pool'])
      this.files.set(this.path(f), '');
    for (const t of ['user', 'db', 'tables_priv', 'columns_priv', 'proxies_priv'])
      for (const ext of ['frm', 'MYD', 'MYI']) this.files.set(this.path(`mysql/${t}.${ext}`), '');
    for (const t of ['innodb_table_stats', 'innodb_index_stats', 'gtid_executed'])
      for (const ext of ['frm', 'ibd']) this.files.set(this.path(`mysql/${t}.${ext}`), '');
    this.files.set(this.path('performance_schema/db.opt'), DB_OPT);
    this.files.set(this.path('sys/db.opt'), DB_OPT);
    this.files.set(this.path('sys/sys_config.frm'), '');
    this.files.set(this.path('sys/sys_config.ibd'), '');
  }

  /** The server's UUID from `auto.cnf`, made (from `seed`) when the file is not there. */
  serverUuid(seed: string): string {
    const have = /server-uuid=(\S+)/.exec(this.files.get(this.path('auto.cnf')) ?? '')?.[1];
    if (have) return have;
    let h = 2166136261;
    const hex: string[] = [];
    for (let i = 0; i < 32; i++) {
      for (const c of `${seed}:${i}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
      hex.push((h & 15).toString(16));
    }
    const s = hex.join('');
    const uuid = `${s.slice(0, 8)}-${s.slice(8, 12)}-11f0-${s.slice(16, 20)}-${s.slice(20, 32)}`;
    this.files.set(this.path('auto.cnf'), `[auto]\nserver-uuid=${uuid}\n`);
    return uuid;
  }

  // --- databases and tables ------------------------------------------------------------------

  /** The databases: directories of the datadir (`db.opt` or tables in them). */
  databases(): string[] {
    const out = new Set<string>();
    const prefix = `${this.root}/`;
    for (const k of this.files.keys()) {
      if (!k.startsWith(prefix)) continue;
      const rest = k.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash > 0) out.add(rest.slice(0, slash));
    }
    return [...out].sort();
  }

  hasDb(db: string): boolean {
    return this.databases().includes(db);
  }

  createDb(db: string): void {
    this.files.set(this.path(`${db}/db.opt`), DB_OPT);
  }

  dropDb(db: string): void {
    for (const k of [...this.files.keys()])
      if (k.startsWith(this.path(`${db}/`))) this.files.delete(k);
  }

  tables(db: string): string[] {
    const prefix = this.path(`${db}/`);
    return [...this.files.keys()]
      .filter((k) => k.startsWith(prefix) && k.endsWith('.frm'))
      .map((k) => k.slice(prefix.length, -4))
      .sort();
  }

  /** A table's columns, or undefined when it does not exist. */
  columns(db: string, table: string): ColumnDef[] | undefined {
    const frm = this.files.get(this.path(`${db}/${table}.frm`));
    if (frm === undefined) return undefined;
    return [...frm.matchAll(/^\s+`([^`]+)` (\S+)/gm)].map((m) => ({ name: m[1], type: m[2] }));
  }

  createTable(db: string, table: string, cols: ColumnDef[]): void {
    const lines = cols.map((c) => `  \`${c.name}\` ${c.type} DEFAULT NULL`);
    const ddl = `CREATE TABLE \`${table}\` (\n${lines.join(',\n')}\n) ENGINE=InnoDB DEFAULT CHARSET=latin1\n`;
    this.files.set(this.path(`${db}/${table}.frm`), ddl);
    this.files.set(this.path(`${db}/${table}.ibd`), '');
  }

  /** `SHOW CREATE TABLE`'s text. */
  createStatement(db: string, table: string): string | undefined {
    return this.files.get(this.path(`${db}/${table}.frm`))?.replace(/\n$/, '');
  }

  dropTable(db: string, table: string): void {
    this.files.delete(this.path(`${db}/${table}.frm`));
    this.files.delete(this.path(`${db}/${table}.ibd`));
  }

  rows(db: string, table: string): (string | null)[][] {
    const data = this.files.get(this.path(`${db}/${table}.ibd`)) ?? '';
    return data
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split('\t').map(unescapeField));
  }

  setRows(db: string, table: string, rows: (string | null)[][]): void {
    const text = rows.map((r) => `${r.map(escapeField).join('\t')}\n`).join('');
    this.files.set(this.path(`${db}/${table}.ibd`), text);
  }

  // --- the binary log ------------------------------------------------------------------------

  /** The binary log's files, oldest first (`<base>.index`). */
  binlogs(base: string): string[] {
    const index = this.files.get(this.path(`${base}.index`)) ?? '';
    return index
      .split('\n')
      .filter(Boolean)
      .map((l) => l.replace(/^\.\//, ''));
  }

  /** A new binary log file (mysqld opens one each time it starts): its name. */
  rotate(base: string): string {
    const all = this.binlogs(base);
    const n = all.length ? Number(all[all.length - 1].split('.').pop()) + 1 : 1;
    const name = `${base}.${String(n).padStart(6, '0')}`;
    this.files.set(this.path(name), '');
    this.files.set(this.path(`${base}.index`), [...all, name].map((f) => `./${f}\n`).join(''));
    return name;
  }

  /** The events of one binary log file. */
  events(file: string): BinlogEvent[] {
    const text = this.files.get(this.path(file));
    if (text === undefined) return [];
    const out: BinlogEvent[] = [];
    const re = /^# at (\d+)\n#\S+ +\S+ server id \d+ +end_log_pos (\d+) +Query\tdb=(\S*)\n(.*)\n/gm;
    for (const m of text.matchAll(re))
      out.push({ file, pos: Number(m[1]), end: Number(m[2]), db: m[3], sql: m[4] });
    return out;
  }

  /** The position after the last event of `file`. */
  endOf(file: string): number {
    const ev = this.events(file);
    return ev.length ? ev[ev.length - 1].end : BINLOG_START;
  }

  /**
   * Appends a statement to `file` (an anonymous GTID event and the Query event, as 5.7 logs a
   * transaction without GTIDs); returns its end position.
   */
  log(file: string, serverId: number, db: string, sql: string, stamp: string): number {
    const pos = this.endOf(file);
    const end = pos + 65 + 19 + 13 + 26 + db.length + 1 + sql.length + 4;
    const line = sql.replace(/\s*\n\s*/g, ' ');
    const ev = `# at ${pos}\n#${stamp} server id ${serverId}  end_log_pos ${end} Query\tdb=${db}\n${line}\n/*!*/;\n`;
    this.files.append(this.path(file), ev);
    return end;
  }

  // --- replication ---------------------------------------------------------------------------

  masterInfo(): MasterInfo | undefined {
    const text = this.files.get(this.path('master.info'));
    if (!text) return undefined;
    const l = text.split('\n');
    return {
      file: l[1] ?? '',
      pos: Number(l[2] ?? BINLOG_START),
      host: l[3] ?? '',
      user: l[4] ?? '',
      password: l[5] ?? '',
      port: Number(l[6] ?? 3306),
      connectRetry: Number(l[7] ?? 60),
    };
  }

  setMasterInfo(m: MasterInfo): void {
    const lines = [25, m.file, m.pos, m.host, m.user, m.password, m.port, m.connectRetry];
    this.files.set(this.path('master.info'), lines.map((l) => `${l}\n`).join(''));
  }
}

const escapeField = (v: string | null) =>
  v === null ? '\\N' : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');

function unescapeField(f: string): string | null {
  if (f === '\\N') return null;
  return f.replace(/\\([\\tn])/g, (_m, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : '\\'));
}
