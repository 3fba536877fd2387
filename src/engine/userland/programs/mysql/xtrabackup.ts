/**
 * Percona XtraBackup 2.4 as `gcr.io/google-samples/xtrabackup:1.0` ships it: `xtrabackup
 * --backup` copies a running server's datadir (asking the server for its binary log position,
 * and with `--slave-info` for its source's), streamed as xbstream or into `--target-dir`;
 * `xbstream -x` unpacks a stream; `xtrabackup --prepare` makes a copy a server can start on.
 * The xbstream format here is text: a `XBSTCK01 <path> <length>` line before each file.
 */
import {
  formatDate,
  readStdin,
  resolvePath,
  type Invocation,
  type IO,
  type Shell,
} from '../../shell';
import type { ProgramStep } from '../types';
import { queryServer } from './client';

type Gen<T> = Generator<ProgramStep, T, undefined>;

const VERSION =
  'xtrabackup version 2.4.4 based on MySQL server 5.7.13 Linux (x86_64) (revision id: df58cf2)';
const LSN = 2747716;

/** Database files xtrabackup copies (InnoDB's system tablespace, and each schema's files). */
const COPIED = /\.(frm|ibd|opt|MYD|MYI|CSV|CSM|TRG|TRN|par|ARZ|ARM|isl)$/;

const opt = (args: string[], name: string): string | undefined => {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a?.slice(name.length + 3);
};

/** xtrabackup --backup | --prepare. */
export function* xtrabackup(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  const args = inv.args;
  const stamp = () => formatDate(sh.wallNow(), '%y%m%d %H:%M:%S');
  const client = args.filter((a) => !a.startsWith('--datadir'));
  const datadir = opt(args, 'datadir') ?? '/var/lib/mysql';
  yield* sh.err(io, `xtrabackup: recognized server arguments: --datadir=${datadir}`);
  yield* sh.err(
    io,
    `xtrabackup: recognized client arguments: ${client.map((a) => (a.includes('=') ? a : `${a}=1`)).join(' ')}`,
  );
  if (args.includes('--prepare')) return yield* prepare(sh, args, io, stamp);
  if (!args.includes('--backup')) {
    yield* sh.err(
      io,
      `${VERSION}\nxtrabackup: Error: Please select an operation mode: --backup or --prepare`,
    );
    return 1;
  }
  yield* sh.sync();
  const host = opt(args, 'host');
  const user = opt(args, 'user') ?? 'root';
  yield* sh.err(
    io,
    `${stamp()}  version_check Connecting to MySQL server with DSN 'dbi:mysql:;mysql_read_default_group=xtrabackup${host ? `;host=${host}` : ''}' as '${user}'  (using password: NO).`,
  );
  const res = queryServer(sh, host, user, ['SHOW MASTER STATUS', 'SHOW SLAVE STATUS']);
  if (typeof res === 'string' || res.type !== 'results' || res.error) {
    const why = typeof res === 'string' ? res : (res.error?.message ?? '');
    yield* sh.err(io, `Failed to connect to MySQL server: ${why}.`);
    return 1;
  }
  yield* sh.err(
    io,
    [
      `${stamp()}  version_check Connected to MySQL server`,
      `${stamp()}  version_check Executing a version check against the server...`,
      `${stamp()}  version_check Done.`,
      `${stamp()} Connecting to MySQL server host: ${host ?? 'localhost'}, user: ${user}, password: not set, port: 0, socket: not set`,
      VERSION,
    ].join('\n'),
  );
  const [master, slave] = res.results;
  const copied = new Map<string, string>();
  const prefix = `${datadir}/`;
  for (const k of [...sh.fs.keys()].sort()) {
    if (!k.startsWith(prefix)) continue;
    const rel = k.slice(prefix.length);
    if (rel === 'ibdata1' || (rel.includes('/') && COPIED.test(rel)))
      copied.set(rel, sh.fs.get(k) ?? '');
  }
  sh.delay(400 + copied.size * 5);
  yield* sh.err(
    io,
    [
      'xtrabackup: uses posix_fadvise().',
      `xtrabackup: cd to ${datadir}`,
      'xtrabackup: open files limit requested 0, set to 1048576',
      'xtrabackup: using the following InnoDB configuration:',
      'xtrabackup:   innodb_data_home_dir = .',
      'xtrabackup:   innodb_data_file_path = ibdata1:12M:autoextend',
      'xtrabackup:   innodb_log_group_home_dir = ./',
      'xtrabackup:   innodb_log_files_in_group = 2',
      'xtrabackup:   innodb_log_file_size = 50331648',
      `${stamp()} >> log scanned up to (${LSN})`,
      'xtrabackup: Generating a list of tablespaces',
      `${stamp()} [01] Streaming ./ibdata1`,
      `${stamp()} [01]        ...done`,
      `${stamp()} Executing FLUSH NO_WRITE_TO_BINLOG TABLES...`,
      `${stamp()} Executing FLUSH TABLES WITH READ LOCK...`,
      `${stamp()} Starting to backup non-InnoDB tables and files`,
      `${stamp()} Finished backing up non-InnoDB tables and files`,
    ].join('\n'),
  );
  const m = master?.rows?.[0];
  if (m) copied.set('xtrabackup_binlog_info', `${m[0]}\t${m[1]}\n`);
  const sl = slave?.rows?.[0];
  const col = (name: string) => sl?.[slave?.columns?.findIndex((c) => c.name === name) ?? -1];
  if (args.includes('--slave-info')) {
    if (sl)
      copied.set(
        'xtrabackup_slave_info',
        `CHANGE MASTER TO MASTER_LOG_FILE='${col('Relay_Master_Log_File')}', MASTER_LOG_POS=${col('Exec_Master_Log_Pos')};\n`,
      );
    else
      yield* sh.err(
        io,
        'Failed to get master binlog coordinates from SHOW SLAVE STATUS\nThis means that the server is not a replication slave. Ignoring the --slave-info option',
      );
  }
  copied.set(
    'backup-my.cnf',
    `# This MySQL options file was generated by innobackupex.\n\n# The MySQL server\n[mysqld]\ninnodb_checksum_algorithm=crc32\ninnodb_log_checksum_algorithm=strict_crc32\ninnodb_data_file_path=ibdata1:12M:autoextend\ninnodb_log_files_in_group=2\ninnodb_log_file_size=50331648\n`,
  );
  copied.set(
    'xtrabackup_checkpoints',
    `backup_type = full-backuped\nfrom_lsn = 0\nto_lsn = ${LSN}\nlast_lsn = ${LSN + 9}\ncompact = 0\nrecover_binlog_info = 0\n`,
  );
  copied.set('xtrabackup_logfile', '');
  copied.set(
    'xtrabackup_info',
    `tool_name = xtrabackup\ntool_version = 2.4.4\nibbackup_version = 2.4.4\nserver_version = 5.7.44\nbinlog_pos = ${m ? `filename '${m[0]}', position '${m[1]}'` : ''}\ninnodb_from_lsn = 0\ninnodb_to_lsn = ${LSN}\npartial = N\nincremental = N\nformat = xbstream\ncompact = N\ncompressed = N\nencrypted = N\n`,
  );
  if (m) yield* sh.err(io, `MySQL binlog position: filename '${m[0]}', position '${m[1]}'`);
  const stream = opt(args, 'stream');
  const target = opt(args, 'target-dir');
  if (stream === 'xbstream') {
    let out = '';
    for (const [path, data] of copied) out += `XBSTCK01 ${path} ${data.length}\n${data}`;
    yield* sh.write(io.stdout, out);
  } else if (target) {
    const dir = resolvePath(sh, target);
    for (const [path, data] of copied) sh.fs.set(`${dir}/${path}`, data);
  } else {
    yield* sh.err(io, 'xtrabackup: Error: target directory not specified');
    return 1;
  }
  sh.delay(300);
  yield* sh.err(
    io,
    [
      `${stamp()} Executing UNLOCK TABLES`,
      `${stamp()} All tables unlocked`,
      `${stamp()} Backup created in directory '${target ?? '/xtrabackup_backupfiles/'}'`,
      `${stamp()} [00] Streaming xtrabackup_info`,
      `${stamp()} [00]        ...done`,
      `xtrabackup: Transaction log of lsn (${LSN}) to (${LSN + 9}) was copied.`,
      `${stamp()} completed OK!`,
    ].join('\n'),
  );
  return 0;
}

/** xtrabackup --prepare --target-dir=DIR: crash recovery on the copy; InnoDB's log files made. */
function* prepare(sh: Shell, args: string[], io: IO, stamp: () => string): Gen<number> {
  const dir = resolvePath(sh, opt(args, 'target-dir') ?? '.');
  const cp = sh.fs.get(`${dir}/xtrabackup_checkpoints`);
  if (cp === undefined) {
    yield* sh.err(
      io,
      `${VERSION}\nxtrabackup: Error: cannot open ${dir}/xtrabackup_checkpoints\nxtrabackup: error: xtrabackup_read_metadata()\nxtrabackup: This target seems not to have correct metadata...\nInnoDB: Operating system error number 2 in a file operation.\nInnoDB: The error means the system cannot find the path specified.\nxtrabackup: Warning: cannot open ./xtrabackup_logfile. will try to find.\nInnoDB: Operating system error number 2 in a file operation.\nInnoDB: The error means the system cannot find the path specified.\n  xtrabackup: Fatal error: cannot find ./xtrabackup_logfile.\nxtrabackup: Error: xtrabackup_init_temp_log() failed.`,
    );
    return 1;
  }
  yield* sh.err(
    io,
    [
      VERSION,
      `xtrabackup: cd to ${dir}/`,
      'xtrabackup: This target seems to be not prepared yet.',
      `InnoDB: Number of pools: 1`,
      `xtrabackup: xtrabackup_logfile detected: size=8388608, start_lsn=(${LSN})`,
      'xtrabackup: using the following InnoDB configuration for recovery:',
      'xtrabackup:   innodb_data_home_dir = .',
      'xtrabackup:   innodb_data_file_path = ibdata1:12M:autoextend',
      'xtrabackup: Starting InnoDB instance for recovery.',
      'xtrabackup: Using 104857600 bytes for buffer pool (set by --use-memory parameter)',
    ].join('\n'),
  );
  sh.delay(1500);
  sh.fs.set(`${dir}/xtrabackup_checkpoints`, cp.replace('full-backuped', 'full-prepared'));
  sh.fs.set(`${dir}/ib_logfile0`, '');
  sh.fs.set(`${dir}/ib_logfile1`, '');
  sh.fs.set(`${dir}/ibtmp1`, '');
  yield* sh.err(
    io,
    [
      `InnoDB: Starting shutdown...`,
      `InnoDB: Shutdown completed; log sequence number ${LSN + 28}`,
      `${stamp()} completed OK!`,
    ].join('\n'),
  );
  return 0;
}

/** xbstream -x [-C DIR]: the files of the stream on stdin, written under DIR. */
export function* xbstream(sh: Shell, inv: Invocation, io: IO): Gen<number> {
  const args = inv.args;
  if (!args.includes('-x') && !args.includes('--extract')) {
    yield* sh.err(io, 'xbstream: You must specify exactly one of --extract or --create.');
    return 1;
  }
  const ci = args.indexOf('-C');
  const dir = resolvePath(sh, ci >= 0 ? (args[ci + 1] ?? '.') : (opt(args, 'directory') ?? '.'));
  const data = readStdin(io);
  let i = 0;
  while (i < data.length) {
    const nl = data.indexOf('\n', i);
    const head = /^XBSTCK01 (\S+) (\d+)$/.exec(data.slice(i, nl < 0 ? undefined : nl));
    if (!head) {
      if (data.slice(i).trim() === '') break;
      yield* sh.err(io, 'xbstream: Incorrect chunk magic.');
      return 1;
    }
    const start = nl + 1;
    const len = Number(head[2]);
    sh.fs.set(`${dir}/${head[1]}`, data.slice(start, start + len));
    i = start + len;
  }
  return 0;
}
