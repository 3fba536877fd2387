import { describe, expect, it } from 'vitest';
import { startProgram, type Program, type ProgramInput, type ProgramStep } from '..';
import type { TcpResolver } from '../../shell';
import { formatTable, formatTabs, splitStatements } from './client';

// mysql: the replicated MySQL StatefulSet's programs, between containers joined by a small
// network: mysqld 5.7, the mysql client, ncat, xtrabackup and xbstream.

const steps = (p: Program, max = 500): ProgramStep[] => {
  const out: ProgramStep[] = [];
  for (let i = 0; i < max; i++) {
    const s = p.next();
    if (!s) break;
    out.push(s);
    if (s.type === 'exit') break;
  }
  return out;
};
const text = (s: ProgramStep[], stream?: 'stdout' | 'stderr') =>
  s.flatMap((x) => (x.type === 'output' && (!stream || x.stream === stream) ? [x.text] : []));
const exit = (s: ProgramStep[]) => s.find((x) => x.type === 'exit');

/** Pods on one network: their programs by `ip:port`, and their volumes. */
class Net {
  now = 0;
  readonly listeners = new Map<string, Program>();
  readonly clock = () => this.now;
  readonly tcp: TcpResolver = (host, port, data) => {
    const ip = { 'mysql-0.mysql': '10.0.0.10', 'mysql-1.mysql': '10.0.0.11' }[host] ?? host;
    if (!/^\d/.test(ip)) return { kind: 'unresolvable' };
    const p = this.listeners.get(`${ip}:${port}`);
    const a = p?.listens.includes(port) ? p.tcp?.(port, data) : undefined;
    return a ? { kind: 'ok', ip, ...a } : { kind: 'refused', ip };
  };

  /** A container of pod `ordinal` with the tutorial's volumes. */
  run(
    ordinal: number,
    image: string,
    command: string[] | undefined,
    extra: Partial<ProgramInput> = {},
  ) {
    const pod = this.pods[ordinal];
    const input: ProgramInput = {
      image,
      command,
      env: { MYSQL_ALLOW_EMPTY_PASSWORD: '1' },
      containerName: 'c',
      podName: `mysql-${ordinal}`,
      namespace: 'default',
      hostname: `mysql-${ordinal}`,
      podIP: `10.0.0.1${ordinal}`,
      mounts: [
        { path: '/var/lib/mysql', files: pod.data, readOnly: false, subPath: 'mysql' },
        { path: '/etc/mysql/conf.d', files: pod.conf, readOnly: false },
      ],
      ...extra,
    };
    return startProgram(input, this.clock, undefined, this.tcp);
  }

  readonly pods = [0, 1].map((n) => ({
    data: new Map<string, string>(),
    conf: new Map<string, string>([
      ['/server-id.cnf', `[mysqld]\nserver-id=${100 + n}\n`],
      n === 0
        ? ['/primary.cnf', '[mysqld]\nlog-bin\n']
        : ['/secondary.cnf', '[mysqld]\nsuper-read-only\n'],
    ]),
  }));

  /** Starts mysqld in pod `ordinal` and lets it become ready. */
  mysqld(ordinal: number): ProgramStep[] {
    const p = this.run(ordinal, 'docker.io/library/mysql:5.7', undefined);
    this.listeners.set(`10.0.0.1${ordinal}:3306`, p);
    const s = steps(p);
    this.now += 60_000;
    return s;
  }

  /** `bash -c script` in pod `ordinal`'s `image`, run to its end (or until it blocks). */
  bash(ordinal: number, script: string, image = 'docker.io/library/mysql:5.7', tty = false) {
    const p = this.run(ordinal, image, ['bash', '-c', script], tty ? { tty: true } : {});
    return { p, steps: steps(p) };
  }
}

const XTRABACKUP = 'gcr.io/google-samples/xtrabackup:1.0';

describe('mysqld 5.7 and the mysql client', () => {
  it('initializes an empty datadir once, then serves the databases it keeps there', () => {
    const net = new Net();
    const first = text(net.mysqld(0));
    expect(first).toContain(
      `2026-01-05 09:00:10+00:00 [Note] [Entrypoint]: MySQL init process done. Ready for start up.`,
    );
    expect(first.at(-1)).toBe(
      "Version: '5.7.44-log'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server (GPL)",
    );
    const w = net.bash(
      0,
      [
        'echo "CREATE DATABASE test;',
        'CREATE TABLE test.messages (message VARCHAR(250), n INT);',
        "INSERT INTO test.messages VALUES ('hello', 1), ('tab\\there', NULL);\" | mysql -h 127.0.0.1",
        'mysql -h 127.0.0.1 -e "SELECT * FROM test.messages; SELECT @@server_id"',
        'mysql -h 127.0.0.1 -e "CREATE DATABASE test" || echo "exit $?"',
      ].join('\n'),
    );
    expect(text(w.steps)).toEqual([
      'message\tn',
      'hello\t1',
      'tab\\there\tNULL',
      '@@server_id',
      '100',
      "ERROR 1007 (HY000) at line 1: Can't create database 'test'; database exists",
      'exit 1',
    ]);
    expect(net.pods[0].data.get('/mysql/test/messages.ibd')).toBe('hello\t1\ntab\\there\t\\N\n');
    // A restart finds the datadir: no initialization, a new binary log file.
    const again = text(net.mysqld(0));
    expect(again.some((l) => l.includes('Initializing database files'))).toBe(false);
    const r = net.bash(
      0,
      'mysql -h 127.0.0.1 -e "SHOW MASTER STATUS; SELECT COUNT(*) FROM test.messages"',
    );
    expect(text(r.steps)[1]).toMatch(/^mysql-0-bin\.000004\t154\t/);
    expect(text(r.steps).slice(2)).toEqual(['COUNT(*)', '2']);
  });

  it('prints tables on a terminal, right-aligning numbers, and refuses while not ready', () => {
    const net = new Net();
    const early = net.run(0, 'docker.io/library/mysql:5.7', undefined);
    net.listeners.set('10.0.0.10:3306', early);
    steps(early);
    const refused = net.bash(0, 'mysql -h 127.0.0.1 -e "SELECT 1"');
    expect(text(refused.steps)).toEqual([
      "ERROR 2003 (HY000): Can't connect to MySQL server on '127.0.0.1' (111)",
    ]);
    expect(exit(refused.steps)).toMatchObject({ code: 1 });
    net.now += 60_000;
    const t = net.bash(
      1,
      "mysql -h 10.0.0.10 -e 'SELECT @@server_id,NOW()'; mysql -h nope -e 'SELECT 1'",
      undefined,
      true,
    );
    expect(text(t.steps)).toEqual([
      '+-------------+---------------------+',
      '| @@server_id | NOW()               |',
      '+-------------+---------------------+',
      '|         100 | 2026-01-05 09:01:00 |',
      '+-------------+---------------------+',
      "ERROR 2005 (HY000): Unknown MySQL server host 'nope' (-2)",
    ]);
  });

  it('formats as mysql.cc does: tables, tab-separated batch output, statements by line', () => {
    const r = {
      columns: [
        { name: 'message', numeric: false },
        { name: 'n', numeric: true },
      ],
      rows: [
        ['hello', '7'],
        [null, '12'],
      ],
    };
    expect(formatTable(r)).toBe(
      '+---------+----+\n| message | n  |\n+---------+----+\n| hello   |  7 |\n| NULL    | 12 |\n+---------+----+\n',
    );
    expect(formatTabs(r, false)).toBe('hello\t7\nNULL\t12\n');
    expect(splitStatements("SELECT 1;\n\nSELECT ';';\nSHOW SLAVE STATUS\\G")).toEqual([
      { sql: 'SELECT 1', line: 1, vertical: false },
      { sql: "SELECT ';'", line: 3, vertical: false },
      { sql: 'SHOW SLAVE STATUS', line: 4, vertical: true },
    ]);
  });
});

const CLONE = [
  'set -e',
  'ncat --recv-only mysql-0.mysql 3307 | xbstream -x -C /var/lib/mysql',
  'xtrabackup --prepare --target-dir=/var/lib/mysql',
].join('\n');

describe('cloning and replication (the StatefulSet tutorial)', () => {
  it('ncat | xbstream clones mysql-0, xtrabackup --prepare readies it, the replica follows', () => {
    const net = new Net();
    net.mysqld(0);
    net.bash(
      0,
      `mysql -h 127.0.0.1 -e "CREATE DATABASE test; CREATE TABLE test.messages (message VARCHAR(250)); INSERT INTO test.messages VALUES ('hello')"`,
    );
    // mysql-0's sidecar serves backups.
    const sidecar = net.bash(
      0,
      'cd /var/lib/mysql; exec ncat --listen --keep-open --send-only --max-conns=1 3307 -c "xtrabackup --backup --slave-info --stream=xbstream --host=127.0.0.1 --user=root"',
      XTRABACKUP,
    );
    expect(sidecar.steps).toEqual([]);
    expect(sidecar.p.listens).toEqual([3307]);
    net.listeners.set('10.0.0.10:3307', sidecar.p);
    // mysql-1's clone-mysql init container.
    const clone = net.bash(1, CLONE, XTRABACKUP);
    expect(exit(clone.steps)).toMatchObject({ code: 0 });
    expect(text(clone.steps).at(-1)).toMatch(/^260105 09:0\d:\d\d completed OK!$/);
    const data = net.pods[1].data;
    expect(data.get('/mysql/xtrabackup_binlog_info')).toMatch(/^mysql-0-bin\.000003\t\d+\n$/);
    expect(data.get('/mysql/xtrabackup_checkpoints')).toContain('backup_type = full-prepared');
    expect(data.get('/mysql/test/messages.ibd')).toBe('hello\n');
    expect(data.has('/mysql/auto.cnf')).toBe(false);
    // mysql-1 starts on the clone and its sidecar starts replication.
    expect(text(net.mysqld(1)).some((l) => l.includes('Initializing database files'))).toBe(false);
    const repl = net.bash(
      1,
      [
        'cd /var/lib/mysql',
        '[[ `cat xtrabackup_binlog_info` =~ ^(.*?)[[:space:]]+(.*?)$ ]] || exit 1',
        `mysql -h 127.0.0.1 -e "CHANGE MASTER TO MASTER_LOG_FILE='\${BASH_REMATCH[1]}', MASTER_LOG_POS=\${BASH_REMATCH[2]}, MASTER_HOST='mysql-0.mysql', MASTER_USER='root', MASTER_PASSWORD='', MASTER_CONNECT_RETRY=10; START SLAVE;"`,
      ].join('\n'),
      XTRABACKUP,
    );
    expect(exit(repl.steps)).toMatchObject({ code: 0 });
    net.bash(0, `mysql -h 127.0.0.1 -e "INSERT INTO test.messages VALUES ('world')"`);
    const read = net.bash(
      1,
      [
        'mysql -h 127.0.0.1 -e "SELECT * FROM test.messages; SELECT @@server_id"',
        `mysql -h 127.0.0.1 -e "INSERT INTO test.messages VALUES ('no')"`,
      ].join('\n'),
    );
    expect(text(read.steps)).toEqual([
      'message',
      'hello',
      'world',
      '@@server_id',
      '101',
      'ERROR 1290 (HY000) at line 1: The MySQL server is running with the --super-read-only option so it cannot execute this statement',
    ]);
    // A backup of the replica carries its source's position for the next clone.
    const master = text(net.bash(0, 'mysql -h 127.0.0.1 -N -e "SHOW MASTER STATUS"').steps)[0];
    const b = net.bash(
      1,
      'xtrabackup --backup --slave-info --target-dir=/tmp/b --host=127.0.0.1 --user=root 2>/dev/null; cat /tmp/b/xtrabackup_slave_info',
      XTRABACKUP,
    );
    const [file, pos] = master.split('\t');
    expect(text(b.steps, 'stdout')).toEqual([
      `CHANGE MASTER TO MASTER_LOG_FILE='${file}', MASTER_LOG_POS=${pos};`,
    ]);
  });

  it('a clone from a pod that does not listen fails: xbstream gets nothing, prepare finds no backup', () => {
    const net = new Net();
    const clone = net.bash(1, CLONE, XTRABACKUP);
    const out = text(clone.steps);
    expect(out).toContain('Ncat: Connection refused.');
    expect(out).toContain('xtrabackup: Error: cannot open /var/lib/mysql/xtrabackup_checkpoints');
    expect(exit(clone.steps)).toMatchObject({ code: 1 });
  });
});
