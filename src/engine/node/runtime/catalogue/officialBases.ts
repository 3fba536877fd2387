/**
 * Docker Hub's most-pulled official OS, language and tool images (./official has the servers):
 * ENTRYPOINT/CMD as their Dockerfiles set them and a few tag groups each. Sizes are compressed
 * linux/amd64 sizes rounded to what Docker Hub lists (late 2024); the last digits are approximate.
 */
import type { ImageKind, RepoEntry } from './types';

type Tags = RepoEntry['tags'];

/** An OS base or language image: without a tty its shell or REPL reads end of file and exits 0. */
function plain(kind: ImageKind, cmd: string[], tags: Tags, more: Partial<RepoEntry> = {}) {
  const entry: RepoEntry = { kind, entrypoint: [], cmd, tags, bins: [cmd[0]], ...more };
  return entry;
}

export const JAVA = ['java', 'javac', 'jshell', 'keytool'];

export const OFFICIAL_BASE_IMAGES: Record<string, RepoEntry> = {
  'docker.io/library/hello-world': {
    kind: 'tool',
    entrypoint: [],
    cmd: ['/hello'],
    tags: [[['latest', 'linux'], 2_457]],
    program: 'hello-world',
    base: 'scratch',
    bins: ['/hello'],
  },
  // The Job example computes π with it (`perl -Mbignum=bpi -wle 'print bpi(2000)'`).
  'docker.io/library/perl': plain(
    'runtime',
    ['perl', '-de0'],
    [
      [['latest', '5', '5.40', '5.40.0', 'bookworm'], 332_118_402],
      [['5.38', '5.38.2'], 330_607_911],
      // The tag kubernetes.io's Job example pins (pi.yaml); its size is close to 5.38's.
      [['5.34', '5.34.0'], 329_000_000],
      [['slim', '5-slim', '5.40-slim', '5.40.0-slim'], 52_300_117],
    ],
    { program: 'perl', bins: ['perl', 'cpan', 'cpanm', 'curl', 'wget', 'git'] },
  ),
  'docker.io/library/php': {
    kind: 'runtime',
    entrypoint: ['docker-php-entrypoint'],
    cmd: ['php', '-a'],
    tags: [
      [['latest', '8', '8.4', 'cli'], 187_004_911],
      [['8.3', '8.3-cli'], 186_118_023],
      [['8.2'], 184_660_307],
    ],
    variants: [{ match: /apache/, cmd: ['apache2-foreground'] }],
    bins: ['php', 'docker-php-entrypoint', 'pecl', 'apache2-foreground'],
  },
  'docker.io/library/ruby': plain(
    'runtime',
    ['irb'],
    [
      [['latest', '3', '3.3', '3.3.6'], 362_208_117],
      [['3.2'], 358_402_114],
      [['slim', '3-slim', '3.3-slim'], 76_115_809],
      [['alpine', '3-alpine', '3.3-alpine'], 45_703_226],
    ],
    { bins: ['ruby', 'irb', 'gem', 'bundle'] },
  ),
  'docker.io/library/openjdk': plain(
    'runtime',
    ['jshell'],
    [
      [['21', '21-jdk'], 331_202_661],
      [['17', '17-jdk'], 321_882_404],
      [['11'], 301_622_019],
    ],
    { bins: JAVA },
  ),
  'docker.io/library/eclipse-temurin': plain(
    'runtime',
    ['jshell'],
    [
      [['latest', '21', '21-jdk'], 191_844_330],
      [['21-jre'], 95_208_712],
      [['17', '17-jdk'], 184_203_188],
      [['17-jre'], 88_913_402],
    ],
    { bins: JAVA },
  ),
  'docker.io/library/amazoncorretto': plain(
    'runtime',
    ['jshell'],
    [
      [['latest', '21'], 212_330_419],
      [['17'], 203_118_250],
    ],
    { bins: JAVA },
  ),
  'docker.io/library/rust': plain(
    'runtime',
    ['bash'],
    [
      [['latest', '1', '1.83'], 541_022_303],
      [['slim', '1-slim'], 280_118_940],
    ],
    { bins: ['rustc', 'cargo', 'rustup', 'bash'] },
  ),
  'docker.io/library/gcc': plain('runtime', ['bash'], [[['latest', '14'], 441_300_022]], {
    bins: ['gcc', 'g++', 'make', 'bash'],
  }),
  'docker.io/library/maven': {
    kind: 'tool',
    entrypoint: ['/usr/local/bin/mvn-entrypoint.sh'],
    cmd: ['mvn'],
    tags: [[['latest', '3', '3.9', '3.9.9'], 301_447_009]],
    bins: ['mvn', '/usr/local/bin/mvn-entrypoint.sh', ...JAVA],
  },
  'docker.io/library/gradle': plain('tool', ['gradle'], [[['latest', '8', '8.11'], 352_008_416]], {
    bins: ['gradle', ...JAVA],
  }),
  'docker.io/library/erlang': plain('runtime', ['erl'], [[['latest', '27'], 488_710_205]]),
  'docker.io/library/elixir': plain('runtime', ['iex'], [[['latest', '1.17'], 524_102_018]]),
  'docker.io/library/haskell': plain('runtime', ['ghci'], [[['latest', '9'], 1_012_440_163]]),
  'docker.io/library/julia': plain('runtime', ['julia'], [[['latest', '1', '1.11'], 296_180_337]]),
  'docker.io/library/clojure': plain('runtime', ['lein', 'repl'], [[['latest'], 301_905_502]]),
  'docker.io/library/groovy': plain('runtime', ['groovysh'], [[['latest', '4'], 232_640_104]]),
  'docker.io/library/r-base': plain('runtime', ['R'], [[['latest', '4.4.2'], 341_225_018]]),
  'docker.io/library/swift': plain('runtime', ['/bin/bash'], [[['latest', '6.0'], 889_310_772]]),
  'docker.io/library/dart': plain('runtime', ['bash'], [[['latest', 'stable', '3'], 316_514_083]]),
  'docker.io/library/composer': {
    kind: 'tool',
    entrypoint: ['/docker-entrypoint.sh'],
    cmd: ['composer'],
    tags: [[['latest', '2', '2.8'], 73_404_112]],
    base: 'busybox',
    bins: ['composer', 'php', '/docker-entrypoint.sh'],
  },
  'docker.io/library/buildpack-deps': plain(
    'shell',
    ['bash'],
    [
      [['latest', 'bookworm'], 331_560_071],
      [['curl', 'bookworm-curl'], 64_003_118],
    ],
    { bins: ['bash', 'curl', 'wget', 'git', 'gcc', 'make'] },
  ),
  'docker.io/library/bash': plain('shell', ['bash'], [[['latest', '5', '5.2'], 6_010_334]], {
    entrypoint: ['docker-entrypoint.sh'],
    base: 'busybox',
    bins: ['bash', 'docker-entrypoint.sh'],
  }),
  'docker.io/library/centos': plain(
    'shell',
    ['/bin/bash'],
    [
      [['latest', '8'], 83_518_112],
      [['7', 'centos7'], 76_097_157],
    ],
    { bins: ['bash', 'yum'] },
  ),
  'docker.io/library/fedora': plain('shell', ['/bin/bash'], [[['latest', '41'], 59_802_440]], {
    bins: ['bash', 'dnf'],
  }),
  'docker.io/library/rockylinux': plain('shell', ['/bin/bash'], [[['9', '9.3'], 66_101_203]], {
    bins: ['bash', 'dnf'],
  }),
  'docker.io/library/almalinux': plain('shell', ['/bin/bash'], [[['latest', '9'], 69_004_717]], {
    bins: ['bash', 'dnf'],
  }),
  'docker.io/library/amazonlinux': plain(
    'shell',
    ['/bin/bash'],
    [
      [['latest', '2023'], 52_202_911],
      [['2'], 62_810_405],
    ],
    { bins: ['bash', 'dnf', 'yum'] },
  ),
  'docker.io/library/oraclelinux': plain('shell', ['/bin/bash'], [[['9'], 84_300_112]], {
    bins: ['bash', 'dnf'],
  }),
  'docker.io/library/archlinux': plain('shell', ['/usr/bin/bash'], [[['latest'], 157_212_045]], {
    bins: ['bash', 'pacman'],
  }),
  'docker.io/library/photon': plain('shell', ['/bin/bash'], [[['latest', '5.0'], 16_420_318]], {
    bins: ['bash', 'tdnf'],
  }),
  'docker.io/library/docker': {
    kind: 'tool',
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['sh'],
    tags: [
      [['latest', '27', '27.4'], 131_206_880],
      [['dind', '27-dind'], 131_206_880],
      [['cli', '27-cli'], 65_107_442],
    ],
    base: 'busybox',
    bins: ['docker', 'dockerd', 'docker-entrypoint.sh'],
  },
  'docker.io/library/ibmjava': plain('runtime', ['jshell'], [[['latest', '8'], 137_440_106]], {
    bins: JAVA,
  }),
  'docker.io/library/ibm-semeru-runtimes': plain(
    'runtime',
    ['jshell'],
    [[['open-21-jdk'], 212_006_440]],
    { bins: JAVA },
  ),
  'docker.io/library/sapmachine': plain('runtime', ['jshell'], [[['latest', '21'], 223_604_111]], {
    bins: JAVA,
  }),
  'docker.io/library/hylang': plain('runtime', ['hy'], [[['latest', '1'], 52_330_441]]),
  'docker.io/library/neurodebian': plain('shell', ['bash'], [[['latest', 'bookworm'], 51_220_317]]),
  'docker.io/library/ros': plain('shell', ['bash'], [[['latest', 'jazzy'], 255_880_102]], {
    entrypoint: ['/ros_entrypoint.sh'],
    bins: ['bash', 'ros2', '/ros_entrypoint.sh'],
  }),
  'docker.io/library/mageia': plain('shell', ['/bin/bash'], [[['latest', '9'], 68_330_201]]),
  'docker.io/library/clearlinux': plain('shell', ['/bin/bash'], [[['latest'], 62_991_220]]),
  'docker.io/library/irssi': plain('tool', ['irssi'], [[['latest', '1.4'], 39_802_113]]),
};
