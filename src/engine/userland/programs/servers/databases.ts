/** Databases: postgres, mysql/mariadb (which refuse to start without a password), mongo. */
import type { RegistryImage } from '../../../node/runtime/images';
import { formatDate } from '../../shell/date';
import { frac, isoSpace, type ServerSpec, type Timeline } from '../timeline';

/** postgres: refuses to start without POSTGRES_PASSWORD (or trust); else initdb, then ready. */
export function postgres(
  img: RegistryImage,
  env: Record<string, string>,
  start: Timeline,
): ServerSpec {
  if (!env.POSTGRES_PASSWORD && env.POSTGRES_HOST_AUTH_METHOD !== 'trust') {
    // docker-library/postgres docker-entrypoint.sh docker_verify_minimum_env
    start
      .wait(40)
      .err([
        'Error: Database is uninitialized and superuser password is not specified.',
        '       You must specify POSTGRES_PASSWORD to a non-empty value for the',
        '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
        '',
        '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all',
        '       connections without a password. This is *not* recommended.',
        '',
        '       See PostgreSQL documentation about "trust":',
        '       https://www.postgresql.org/docs/current/auth-trust.html',
      ]);
    return { start: start.exit(1) };
  }
  const v = img.version ?? '17.2';
  const build = img.alpine
    ? `on x86_64-pc-linux-musl, compiled by gcc (Alpine 13.2.1_git20240309) 13.2.1 20240309, 64-bit`
    : `(Debian ${v}-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`;
  const log = (pid: number, msg: string) =>
    `${isoSpace(start.wall())}.${frac(start.wall(), 3)} UTC [${pid}] LOG:  ${msg}`;
  if (env.POSTGRES_HOST_AUTH_METHOD === 'trust' && !env.POSTGRES_PASSWORD) {
    start.err([
      '****************************************************',
      'WARNING: POSTGRES_HOST_AUTH_METHOD has been set to "trust". This will allow',
      '         anyone with access to the Postgres port to access your database without',
      '         a password, even if POSTGRES_PASSWORD is set. See PostgreSQL',
      '         documentation about "trust":',
      '         https://www.postgresql.org/docs/current/auth-trust.html',
      '****************************************************',
    ]);
  }
  start
    .wait(60)
    .out([
      'The files belonging to this database system will be owned by user "postgres".',
      'This user must also own the server process.',
      '',
      'The database cluster will be initialized with locale "en_US.utf8".',
      'The default database encoding has accordingly been set to "UTF8".',
      'The default text search configuration will be set to "english".',
      '',
      'Data page checksums are disabled.',
      '',
      'fixing permissions on existing directory /var/lib/postgresql/data ... ok',
      'creating subdirectories ... ok',
      'selecting dynamic shared memory implementation ... posix',
      'selecting default max_connections ... 100',
      'selecting default shared_buffers ... 128MB',
      'selecting default time zone ... Etc/UTC',
      'creating configuration files ... ok',
    ]);
  start.wait(700).out(['running bootstrap script ... ok']);
  start
    .wait(900)
    .out([
      'performing post-bootstrap initialization ... ok',
      'syncing data to disk ... ok',
      '',
      '',
      'Success. You can now start the database server using:',
      '',
      '    pg_ctl -D /var/lib/postgresql/data -l logfile start',
      '',
    ]);
  start.err([
    'initdb: warning: enabling "trust" authentication for local connections',
    'initdb: hint: You can change this by editing pg_hba.conf or using the option -A, or --auth-local and --auth-host, the next time you run initdb.',
  ]);
  start.wait(30).out('waiting for server to start....');
  start.err([
    log(48, `starting PostgreSQL ${v} ${build}`),
    log(48, 'listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"'),
    log(51, `database system was shut down at ${isoSpace(start.wall())} UTC`),
    log(48, 'database system is ready to accept connections'),
  ]);
  start
    .wait(100)
    .out([
      ' done',
      'server started',
      '',
      '/usr/local/bin/docker-entrypoint.sh: ignoring /docker-entrypoint-initdb.d/*',
      '',
    ]);
  start.wait(20).out('waiting for server to shut down...');
  start.err([
    log(48, 'received fast shutdown request'),
    log(48, 'aborting any active transactions'),
    log(48, 'database system is shut down'),
  ]);
  start
    .wait(150)
    .out([
      ' done',
      'server stopped',
      '',
      'PostgreSQL init process complete; ready for start up.',
      '',
    ]);
  start
    .wait(60)
    .err([
      log(1, `starting PostgreSQL ${v} ${build}`),
      log(1, 'listening on IPv4 address "0.0.0.0", port 5432'),
      log(1, 'listening on IPv6 address "::", port 5432'),
      log(1, 'listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"'),
      log(64, `database system was shut down at ${isoSpace(start.wall())} UTC`),
    ]);
  start.wait(15).err(log(1, 'database system is ready to accept connections'));
  return {
    start,
    listens: [5432],
    // STOPSIGNAL SIGINT: PostgreSQL's fast shutdown.
    onStop: (tl) => {
      const l = (pid: number, msg: string) =>
        `${isoSpace(tl.wall())}.${frac(tl.wall(), 3)} UTC [${pid}] LOG:  ${msg}`;
      tl.err([
        l(1, 'received fast shutdown request'),
        l(1, 'aborting any active transactions'),
        l(1, 'background worker "logical replication launcher" (PID 67) exited with exit code 1'),
        l(62, 'shutting down'),
      ]);
      tl.wait(40).err(l(1, 'database system is shut down')).exit(0);
    },
  };
}

/** mysql and mariadb: the entrypoint insists on a root password option. */
export function mysqlFamily(
  img: RegistryImage,
  env: Record<string, string>,
  start: Timeline,
): ServerSpec {
  const maria = img.name.endsWith('/mariadb');
  const v = img.version ?? (maria ? '11.4.4' : '9.1.0');
  const note = (msg: string, level = 'Note') =>
    `${isoSpace(start.wall())}+00:00 [${level}] [Entrypoint]: ${msg}`;
  const server = maria ? `MariaDB Server 1:${v}+maria~ubu2404` : `MySQL Server ${v}-1.el9`;
  start.wait(30).out(note(`Entrypoint script for ${server} started.`));
  if (!maria)
    start.out([
      note("Switching to dedicated user 'mysql'"),
      note(`Entrypoint script for ${server} started.`),
    ]);
  const any = (...names: string[]) => names.some((n) => env[n]);
  const ok = maria
    ? any(
        'MARIADB_ROOT_PASSWORD',
        'MARIADB_ROOT_PASSWORD_HASH',
        'MARIADB_ALLOW_EMPTY_ROOT_PASSWORD',
        'MARIADB_RANDOM_ROOT_PASSWORD',
        'MYSQL_ROOT_PASSWORD',
        'MYSQL_ALLOW_EMPTY_PASSWORD',
        'MYSQL_RANDOM_ROOT_PASSWORD',
      )
    : any('MYSQL_ROOT_PASSWORD', 'MYSQL_ALLOW_EMPTY_PASSWORD', 'MYSQL_RANDOM_ROOT_PASSWORD');
  if (!ok) {
    start
      .wait(10)
      .err(
        maria
          ? [
              note('Database is uninitialized and password option is not specified', 'ERROR'),
              '\tYou need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD',
            ]
          : [
              note('Database is uninitialized and password option is not specified', 'ERROR'),
              '    You need to specify one of the following as an environment variable:',
              '    - MYSQL_ROOT_PASSWORD',
              '    - MYSQL_ALLOW_EMPTY_PASSWORD',
              '    - MYSQL_RANDOM_ROOT_PASSWORD',
            ],
      );
    return { start: start.exit(1) };
  }
  const iso = () => `${formatDate(start.wall(), '%Y-%m-%dT%H:%M:%S')}.${frac(start.wall(), 6)}Z`;
  start.wait(20).out(note('Initializing database files'));
  if (!maria)
    start
      .wait(600)
      .err(
        `${iso()} 0 [System] [MY-013169] [Server] /usr/sbin/mysqld (mysqld ${v}) initializing of server in progress as process 80`,
      );
  start
    .wait(maria ? 2500 : 6000)
    .out([note('Database files initialized'), note('Starting temporary server')]);
  start.wait(1500).out(note('Temporary server started.'));
  start.wait(1800).out([note('Stopping temporary server')]);
  start
    .wait(1500)
    .out([
      note('Temporary server stopped'),
      '',
      note(`${maria ? 'MariaDB' : 'MySQL'} init process done. Ready for start up.`),
      '',
    ]);
  if (maria) {
    const mt = () => formatDate(start.wall(), '%Y-%m-%d %k:%M:%S');
    start
      .wait(400)
      .err([
        `${mt()} 0 [Note] Starting MariaDB ${v}-MariaDB-ubu2404 source revision 0000000000000000000000000000000000000000 server_uid 0000000000000000000000000000 as process 1`,
        `${mt()} 0 [Note] mariadbd: ready for connections.`,
        `Version: '${v}-MariaDB-ubu2404'  socket: '/run/mysqld/mysqld.sock'  port: 3306  mariadb.org binary distribution`,
      ]);
  } else {
    start
      .wait(300)
      .err(
        `${iso()} 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld ${v}) starting as process 1`,
      );
    start
      .wait(1200)
      .err(
        `${iso()} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '${v}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.`,
      );
  }
  return {
    start,
    listens: [3306],
    onStop: (tl) => {
      const t = `${formatDate(tl.wall(), '%Y-%m-%dT%H:%M:%S')}.${frac(tl.wall(), 6)}Z`;
      tl.err(
        maria
          ? `${formatDate(tl.wall(), '%Y-%m-%d %k:%M:%S')} 0 [Note] mariadbd (initiated by: unknown): Normal shutdown`
          : `${t} 0 [System] [MY-013172] [Server] Received SHUTDOWN from user <via user signal>. Shutting down mysqld (Version: ${v}).`,
      );
      tl.wait(900).err(
        maria
          ? `${formatDate(tl.wall(), '%Y-%m-%d %k:%M:%S')} 0 [Note] mariadbd: Shutdown complete`
          : `${t} 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld ${v})  MySQL Community Server - GPL.`,
      );
      tl.exit(0);
    },
  };
}

/** mongod: its JSON log lines; HTTP on 27017 gets the driver-port notice. */
export function mongo(img: RegistryImage, start: Timeline): ServerSpec {
  const v = img.version ?? '8.0';
  const j = (c: string, id: number, ctx: string, msg: string, attr: string) =>
    `{"t":{"$date":"${formatDate(start.wall(), '%Y-%m-%dT%H:%M:%S')}.${frac(start.wall(), 3)}+00:00"},"s":"I",  "c":"${c}", "id":${id}, "ctx":"${ctx}","msg":"${msg}"${attr ? `,"attr":${attr}` : ''}}`;
  start
    .wait(200)
    .out([
      j(
        'CONTROL',
        23285,
        'main',
        "Automatically disabling TLS 1.0, to force-enable TLS 1.0 specify --sslDisabledProtocols 'none'",
        '',
      ),
      j(
        'CONTROL',
        4615611,
        'initandlisten',
        'MongoDB starting',
        `{"pid":1,"port":27017,"dbPath":"/data/db","architecture":"64-bit","host":"${'mongo'}"}`,
      ),
      j('CONTROL', 23403, 'initandlisten', 'Build Info', `{"buildInfo":{"version":"${v}"}}`),
    ]);
  start
    .wait(900)
    .out(j('NETWORK', 23016, 'listener', 'Waiting for connections', '{"port":27017,"ssl":"off"}'));
  return {
    start,
    listens: [27017],
    http: (port) =>
      port === 27017
        ? {
            status: 200,
            body: 'It looks like you are trying to access MongoDB over HTTP on the native driver port.\n',
          }
        : undefined,
    onStop: (tl) => tl.wait(300).exit(0),
  };
}
