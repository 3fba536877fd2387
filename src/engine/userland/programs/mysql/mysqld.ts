/**
 * mysqld 5.7 as the `mysql:5.7` image runs it (docker-library/mysql's docker-entrypoint.sh): on
 * an empty datadir the entrypoint initializes it (`--initialize-insecure`, a temporary server,
 * the time zones), then execs the server; on a datadir that has `mysql/` it starts the server
 * at once. The server reads `/etc/mysql/conf.d/*.cnf` (server-id, log-bin, super-read-only),
 * keeps its databases in the datadir (./datadir), accepts connections on 3306 once it is ready,
 * writes the binary log when log-bin is on, and as a replica (CHANGE MASTER TO, START SLAVE)
 * fetches and applies its source's binary log whenever a client talks to it.
 */
import type { RegistryImage } from '../../../node/runtime/images';
import { EPOCH_MS } from '../../../sim/clock';
import { formatDate, type Files, type TcpResolver } from '../../shell';
import { frac, type ServerSpec, type Timeline } from '../timeline';
import type { TcpAnswer } from '../types';
import { BINLOG_START, DataDir } from './datadir';
import { decode, encode, type MysqlRequest, type MysqlResponse, type Result } from './protocol';
import { execute, type ServerState } from './sql';

export interface MysqldInput {
  img: RegistryImage;
  env: Record<string, string>;
  start: Timeline;
  now: () => number;
  /** The pod's network, for a replica's connection to its source. */
  tcp?: TcpResolver;
  /** The container's files with its volumes mounted (the datadir, conf.d). */
  files: Files;
  hostname: string;
}

/** The `[mysqld]` options of my.cnf's `!includedir`s, later files winning. */
export function readConfig(files: Files): Map<string, string> {
  const out = new Map<string, string>();
  const dirs = ['/etc/mysql/conf.d/', '/etc/mysql/mysql.conf.d/'];
  const cnfs = [...files.keys()]
    .filter((k) => dirs.some((d) => k.startsWith(d) && !k.slice(d.length).includes('/')))
    .filter((k) => k.endsWith('.cnf'))
    .sort();
  for (const f of cnfs) {
    let section = '';
    for (const raw of (files.get(f) ?? '').split('\n')) {
      const line = raw.replace(/[#;].*$/, '').trim();
      const sec = /^\[(.+)\]$/.exec(line);
      if (sec) section = sec[1];
      else if (line && section === 'mysqld') {
        const eq = line.indexOf('=');
        const key = (eq < 0 ? line : line.slice(0, eq)).trim().replace(/_/g, '-');
        out.set(key, eq < 0 ? '' : line.slice(eq + 1).trim());
      }
    }
  }
  return out;
}

/** The simulated server: its start-up, its connections, its shutdown. */
export function mysqld(i: MysqldInput): ServerSpec {
  const { img, env, start, files, hostname } = i;
  const v = img.version && img.version.split('.').length >= 3 ? img.version : '5.7.44';
  const conf = readConfig(files);
  const dir = new DataDir(files, '/var/lib/mysql');
  const fresh = !dir.initialized();
  const serverId = Number(conf.get('server-id') ?? 0);
  const logBin = conf.has('log-bin');
  const version = `${v}${logBin ? '-log' : ''}`;
  const ts = () => `${formatDate(start.wall(), '%Y-%m-%d %H:%M:%S')}+00:00`;
  const iso = () => `${formatDate(start.wall(), '%Y-%m-%dT%H:%M:%S')}.${frac(start.wall(), 6)}Z`;
  const note = (msg: string, level = 'Note') => `${ts()} [${level}] [Entrypoint]: ${msg}`;
  const server = `MySQL Server ${v}-1.el7`;
  start
    .wait(30)
    .out([
      note(`Entrypoint script for ${server} started.`),
      note("Switching to dedicated user 'mysql'"),
      note(`Entrypoint script for ${server} started.`),
    ]);
  if (
    fresh &&
    !['MYSQL_ROOT_PASSWORD', 'MYSQL_ALLOW_EMPTY_PASSWORD', 'MYSQL_RANDOM_ROOT_PASSWORD'].some(
      (n) => env[n],
    )
  ) {
    start
      .wait(10)
      .err([
        note('Database is uninitialized and password option is not specified', 'ERROR'),
        '    You need to specify one of the following:',
        '    - MYSQL_ROOT_PASSWORD',
        '    - MYSQL_ALLOW_EMPTY_PASSWORD',
        '    - MYSQL_RANDOM_ROOT_PASSWORD',
      ]);
    return { start: start.exit(1) };
  }
  const uuid = dir.serverUuid(`${hostname}:${start.wall()}`);
  const deprecated = () =>
    `${iso()} 0 [Warning] TIMESTAMP with implicit DEFAULT value is deprecated. Please use --explicit_defaults_for_timestamp server option (see documentation for more details).`;
  if (fresh) {
    dir.initialize();
    start.wait(20).out(note('Initializing database files'));
    start
      .wait(2500)
      .err([
        deprecated(),
        `${iso()} 0 [Warning] InnoDB: New log files created, LSN=45790`,
        `${iso()} 0 [Warning] InnoDB: Creating foreign key constraint system tables.`,
        `${iso()} 0 [Warning] No existing UUID has been found, so we assume that this is the first time that this server has been started. Generating a new UUID: ${uuid}.`,
        `${iso()} 0 [Warning] Gtid table is not ready to be used. Table 'mysql.gtid_executed' cannot be opened.`,
        `${iso()} 1 [Warning] root@localhost is created with an empty password ! Please consider switching off the --initialize-insecure option.`,
      ]);
    // --initialize and the temporary server each open a binary log of their own.
    if (logBin) dir.rotate(binlogBase(conf, hostname));
    if (logBin) dir.rotate(binlogBase(conf, hostname));
    start
      .wait(3000)
      .out([
        note('Database files initialized'),
        note('Starting temporary server'),
        note('Waiting for server startup'),
      ]);
    start
      .wait(1500)
      .out([
        note('Temporary server started.'),
        "'/var/lib/mysql/mysql.sock' -> '/var/run/mysqld/mysqld.sock'",
      ]);
    start
      .wait(1800)
      .err(
        ['iso3166.tab', 'leap-seconds.list', 'zone.tab', 'zone1970.tab'].map(
          (f) => `Warning: Unable to load '/usr/share/zoneinfo/${f}' as time zone. Skipping it.`,
        ),
      );
    start.out(['', note('Stopping temporary server')]);
    start
      .wait(1500)
      .out([
        note('Temporary server stopped'),
        '',
        note('MySQL init process done. Ready for start up.'),
        '',
      ]);
  }
  if (logBin && serverId === 0) {
    start
      .wait(300)
      .err([
        deprecated(),
        `${iso()} 0 [ERROR] You have enabled the binary log, but you haven't provided the mandatory server-id. Please refer to the proper server start-up parameters documentation`,
        `${iso()} 0 [ERROR] Aborting`,
        '',
      ]);
    return { start: start.exit(1) };
  }
  start
    .wait(300)
    .err([
      deprecated(),
      `${iso()} 0 [Note] mysqld (mysqld ${version}) starting as process 1 ...`,
      `${iso()} 0 [Note] InnoDB: PUNCH HOLE support available`,
      `${iso()} 0 [Note] InnoDB: Using Linux native AIO`,
      `${iso()} 0 [Note] InnoDB: Initializing buffer pool, total size = 128M, instances = 1, chunk size = 128M`,
    ]);
  const binlog = logBin ? { base: binlogBase(conf, hostname), file: '' } : undefined;
  if (binlog) binlog.file = dir.rotate(binlog.base);
  const master = dir.masterInfo();
  const state: ServerState = {
    dir,
    serverId,
    hostname,
    version,
    uuid,
    readOnly: conf.has('read-only'),
    superReadOnly: conf.has('super-read-only'),
    binlog,
    slave: { running: !!master?.host && !conf.has('skip-slave-start') },
    wallNow: () => EPOCH_MS + i.now(),
  };
  start
    .wait(1200)
    .err([
      `${iso()} 0 [Note] InnoDB: 5.7.44 started; log sequence number 2747716`,
      `${iso()} 0 [Note] Server hostname (bind-address): '*'; port: 3306`,
      `${iso()} 0 [Note] IPv6 is available.`,
      `${iso()} 0 [Note]   - '::' resolves to '::';`,
      `${iso()} 0 [Note] Server socket created on IP: '::'.`,
      ...(state.slave.running
        ? [
            `${iso()} 0 [Warning] Neither --relay-log nor --relay-log-index were used; so replication may break when this MySQL server acts as a slave and has his hostname changed!! Please use '--relay-log=${hostname}-relay-bin' to avoid this problem.`,
          ]
        : []),
      `${iso()} 0 [Note] Event Scheduler: Loaded 0 events`,
      `${iso()} 0 [Note] mysqld: ready for connections.`,
      `Version: '${version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server (GPL)`,
    ]);
  // Connections are accepted from "ready for connections" on (virtual ms).
  const readyAt = start.wall() - EPOCH_MS;
  return {
    start,
    listens: [3306],
    tcp: (port, data) =>
      port === 3306 && i.now() >= readyAt ? answer(state, data, i.tcp) : undefined,
    onStop: (tl) => {
      const t = () => `${formatDate(tl.wall(), '%Y-%m-%dT%H:%M:%S')}.${frac(tl.wall(), 6)}Z`;
      tl.err([
        `${t()} 0 [Note] mysqld (mysqld ${version}): Normal shutdown`,
        '',
        `${t()} 0 [Note] Giving 0 client threads a chance to die gracefully`,
      ]);
      tl.wait(900).err([`${t()} 0 [Note] mysqld: Shutdown complete`, '']);
      tl.exit(0);
    },
  };
}

/** `log-bin` alone names the binary log after the host: `mysql-0-bin`. */
function binlogBase(conf: Map<string, string>, hostname: string): string {
  const v = conf.get('log-bin');
  return v ? v.replace(/^.*\//, '').replace(/\.\d+$/, '') : `${hostname}-bin`;
}

/** One client session: the replica catches up first, then the statements run in order. */
function answer(st: ServerState, data: string, tcp: TcpResolver | undefined): TcpAnswer {
  const req = decode<MysqlRequest>(data);
  if (!req) return { data: '' };
  if (req.type === 'binlog-dump') return { data: encode(dump(st, req.file, req.pos)) };
  catchUp(st, tcp);
  const session = { db: req.database };
  const results: Result[] = [];
  if (req.database && !st.dir.hasDb(req.database))
    return {
      data: encode({
        type: 'results',
        results,
        error: { code: 1049, state: '42000', message: `Unknown database '${req.database}'` },
      }),
    };
  for (const sql of req.statements) {
    const r = execute(st, session, sql);
    if ('code' in r) return { data: encode({ type: 'results', results, error: r }) };
    results.push(r);
  }
  return { data: encode({ type: 'results', results }) };
}

/** COM_BINLOG_DUMP: the events from `file`:`pos` on, through the newer files. */
function dump(st: ServerState, file: string, pos: number): MysqlResponse {
  if (!st.binlog)
    return {
      type: 'binlog',
      events: [],
      error: { code: 1236, state: 'HY000', message: 'Binary log is not open' },
    };
  const files = st.dir.binlogs(st.binlog.base);
  const from = files.indexOf(file);
  if (from < 0)
    return {
      type: 'binlog',
      events: [],
      error: {
        code: 1236,
        state: 'HY000',
        message:
          "Got fatal error 1236 from master when reading data from binary log: 'Could not find first log file name in binary log index file'",
      },
    };
  const events = files
    .slice(from)
    .flatMap((f) => st.dir.events(f).filter((e) => f !== file || e.pos >= pos));
  const cur = st.binlog.file;
  return {
    type: 'binlog',
    events,
    head: { file: cur, pos: st.dir.endOf(cur) },
    serverId: st.serverId,
  };
}

/** A replica's I/O and SQL threads, run up to now: fetch its source's new events, apply them. */
function catchUp(st: ServerState, tcp: TcpResolver | undefined): void {
  const mi = st.dir.masterInfo();
  if (!mi?.host || !st.slave.running) return;
  const req = encode({
    type: 'binlog-dump',
    file: mi.file,
    pos: mi.pos || BINLOG_START,
    serverId: st.serverId,
  });
  const out = tcp?.(mi.host, mi.port, req);
  const res = out?.kind === 'ok' ? decode<MysqlResponse>(out.data) : undefined;
  if (!res || res.type !== 'binlog') {
    st.slave.ioError = `error connecting to master '${mi.user}@${mi.host}:${mi.port}' - retry-time: ${mi.connectRetry}  retries: 1`;
    return;
  }
  if (res.error) {
    st.slave.ioError = res.error.message;
    return;
  }
  st.slave.ioError = undefined;
  st.slave.masterId = res.serverId;
  for (const ev of res.events) {
    execute(st, { db: ev.db || undefined, replication: true }, ev.sql);
    mi.file = ev.file;
    mi.pos = ev.end;
  }
  if (res.head) {
    mi.file = res.head.file;
    mi.pos = res.head.pos;
  }
  st.dir.setMasterInfo(mi);
}
