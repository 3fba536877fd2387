/** redis-server: its start-up banner, `--port`, and the shutdown on SIGTERM. */
import type { RegistryImage } from '../../../node/runtime/images';
import { formatDate } from '../../shell/date';
import { flag, frac, versionAtLeast, type ServerSpec, type Timeline } from '../timeline';

/** redis-server: the overcommit warning and start-up lines; saves and exits 0 on SIGTERM. */
export function redis(img: RegistryImage, args: string[], start: Timeline): ServerSpec {
  const v = img.version ?? '7.4.1';
  const port = Number(flag(args, 'port') ?? 6379);
  const ts = (ms: number, role: string) =>
    `1:${role} ${formatDate(ms, '%d %b %Y %H:%M:%S')}.${frac(ms, 3)}`;
  start.wait(4);
  const c = ts(start.wall(), 'C');
  start.out([
    `${c} # WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition. Being disabled, it can also cause failures without low memory condition, see https://github.com/jemalloc/jemalloc/issues/1328. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect.`,
    `${c} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`,
    `${c} * Redis version=${v}, bits=64, commit=00000000, modified=0, pid=1, just started`,
    `${c} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`,
  ]);
  start.wait(1);
  const m = ts(start.wall(), 'M');
  start.out([
    `${m} * monotonic clock: POSIX clock_gettime`,
    `${m} * Running mode=standalone, port=${port}.`,
    `${m} * Server initialized`,
  ]);
  // "tcp" was added to the ready line in Redis 7.2
  start
    .wait(1)
    .out(
      `${ts(start.wall(), 'M')} * Ready to accept connections${versionAtLeast(v, [7, 2]) ? ' tcp' : ''}`,
    );
  return {
    start,
    listens: [port],
    onStop: (tl) => {
      const t = ts(tl.wall(), 'M');
      tl.out([
        `1:signal-handler (${Math.floor(tl.wall() / 1000)}) Received SIGTERM scheduling shutdown...`,
      ]);
      tl.wait(60).out([
        `${t} * User requested shutdown...`,
        `${t} * Saving the final RDB snapshot before exiting.`,
        `${t} * DB saved on disk`,
        `${t} # Redis is now ready to exit, bye bye...`,
      ]);
      tl.exit(0);
    },
  };
}
