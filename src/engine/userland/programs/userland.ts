/** Images' userlands: which executables exist in an image, and which /bin/sh it has. */
import type { RegistryImage } from '../../node/runtime/images';
import type { ShellFlavour } from '../shell/types';

const BUSYBOX = `sh ash echo sleep cat date env printenv ls hostname seq head tail grep wc tee touch
  mkdir rm whoami id uname wget nc nslookup ping ps top kill true false test [ printf sed awk sort
  uniq tr cut vi find xargs yes nproc free df du mount ip ifconfig netstat traceroute telnet timeout
  watch basename dirname chmod chown cp mv ln pwd readlink stat md5sum sha256sum base64 gzip tar dd
  od less more clear reset which expr usleep hexdump rev`.split(/\s+/);
const COREUTILS =
  `sh dash bash echo sleep cat date env printenv ls hostname seq head tail grep wc tee
  touch mkdir rm whoami id uname true false test [ printf sed awk mawk sort uniq tr cut find xargs yes
  nproc df du mount timeout basename dirname chmod chown cp mv ln pwd readlink stat md5sum sha256sum
  base64 gzip tar dd od kill more which expr perl apt apt-get dpkg`.split(/\s+/);
const BUILDPACK = ['curl', 'wget', 'git', 'ps', 'ssh'];
const NETSHOOT =
  `bash zsh curl dig drill host nslookup tcpdump iperf iperf3 ip iptables nmap netcat nc
  socat ss mtr traceroute ping fping httpie http jq vim strace ethtool conntrack`.split(/\s+/);

/** Extra executables per repository: `[name, full-image extras, alpine-variant extras]`. */
const EXTRAS: Record<string, string[]> = {
  'library/nginx': ['nginx', 'nginx-debug', 'curl', 'envsubst', '/docker-entrypoint.sh'],
  'library/httpd': ['httpd', 'httpd-foreground', 'apachectl'],
  'library/redis': ['redis-server', 'redis-cli', 'redis-benchmark', 'docker-entrypoint.sh', 'gosu'],
  'library/postgres': [
    'postgres',
    'psql',
    'pg_ctl',
    'initdb',
    'pg_isready',
    'docker-entrypoint.sh',
    'gosu',
  ],
  'library/mysql': ['mysqld', 'mysql', 'mysqladmin', 'docker-entrypoint.sh', 'gosu'],
  'library/mariadb': [
    'mariadbd',
    'mysqld',
    'mariadb',
    'mysql',
    'mariadb-admin',
    'healthcheck.sh',
    'docker-entrypoint.sh',
    'gosu',
  ],
  'library/mongo': ['mongod', 'mongosh', 'docker-entrypoint.sh', 'gosu'],
  'library/memcached': ['memcached', 'docker-entrypoint.sh'],
  'library/rabbitmq': [
    'rabbitmq-server',
    'rabbitmqctl',
    'rabbitmq-plugins',
    'rabbitmq-diagnostics',
    'docker-entrypoint.sh',
  ],
  'library/traefik': ['traefik', '/entrypoint.sh'],
  'library/node': ['node', 'npm', 'npx', 'yarn', 'corepack', 'docker-entrypoint.sh'],
  'library/python': ['python', 'python3', 'pip', 'pip3', 'pydoc'],
  'library/golang': ['go', 'gofmt'],
  'library/alpine': ['apk'],
  pause: ['/pause'],
  'e2e-test-images/agnhost': ['/agnhost', 'bash', 'curl', 'dig', 'nslookup', 'nc', 'ip', 'iperf'],
  'hashicorp/http-echo': ['/http-echo'],
  'kennethreitz/httpbin': ['gunicorn', 'python3', 'pip3'],
  'polinux/stress': ['stress', '/usr/local/bin/stress', 'bash'],
  'curlimages/curl': ['curl', '/entrypoint.sh'],
  'nicolaka/netshoot': NETSHOOT,
};

/** The userland of an image: its /bin/sh and the executables on its $PATH. Shared, read-only. */
export interface Userland {
  readonly flavour: ShellFlavour;
  readonly bins: ReadonlySet<string>;
}

/** Userlands by full image reference: one per image, shared by all its containers. */
const LANDS = new Map<string, Userland>();
const UNKNOWN: Userland = { flavour: 'ash', bins: new Set(BUSYBOX) };

/** The userland of an image (busybox for an unknown one): its /bin/sh flavour and executables. */
export function userlandOf(img: RegistryImage | undefined): Userland {
  if (!img) return UNKNOWN;
  let land = LANDS.get(img.full);
  if (!land) {
    land = buildUserland(img);
    LANDS.set(img.full, land);
  }
  return land;
}

function buildUserland(img: RegistryImage | undefined): Userland {
  if (!img) return { flavour: 'ash', bins: new Set(BUSYBOX) };
  const repo = img.name.slice(img.name.indexOf('/') + 1);
  const extras = EXTRAS[repo] ?? img.bins ?? [];
  // Images without any userland: scratch-based binaries.
  if (repo === 'pause' || repo === 'hashicorp/http-echo' || img.base === 'scratch')
    return { flavour: 'ash', bins: new Set(extras) };
  const alpineBased =
    img.alpine ||
    img.base === 'busybox' ||
    [
      'library/busybox',
      'busybox',
      'library/alpine',
      'library/traefik',
      'e2e-test-images/agnhost',
      'polinux/stress',
      'curlimages/curl',
      'nicolaka/netshoot',
    ].includes(repo);
  if (alpineBased) return { flavour: 'ash', bins: new Set([...BUSYBOX, ...extras]) };
  const full =
    ['library/node', 'library/python', 'library/golang'].includes(repo) && !/slim/.test(img.tag);
  // mysql's image is Oracle Linux, where /bin/sh is bash.
  return {
    flavour: repo === 'library/mysql' ? 'bash' : 'dash',
    bins: new Set([...COREUTILS, ...extras, ...(full ? BUILDPACK : [])]),
  };
}

const PATH_DIRS = ['/bin', '/usr/bin', '/sbin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin'];

/** Whether `cmd` (a bare name, or a path in a $PATH directory) is an executable of `land`. */
export function hasIn(land: Userland, cmd: string): boolean {
  if (land.bins.has(cmd)) return true;
  const slash = cmd.lastIndexOf('/');
  return (
    slash >= 0 && PATH_DIRS.includes(cmd.slice(0, slash)) && land.bins.has(cmd.slice(slash + 1))
  );
}
