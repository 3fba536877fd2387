/**
 * The simulated registry's catalogue: the real public images a Kubernetes course uses, with their
 * ENTRYPOINT/CMD, tag groups and compressed sizes. Pure data; ./images resolves references in it.
 *
 * The system images (./catalogue/system) are the engine's from the start; the application images
 * here are loaded on demand (../../onDemand.ts), since only a learner's pods pull them.
 */

import { OFFICIAL_IMAGES } from './catalogue/official';
import { SYSTEM_IMAGES } from './catalogue/system';
import { TUTORIAL_IMAGES } from './catalogue/tutorials';
import { INGRESS_IMAGES } from './catalogue/ingress';

export type { ImageKind, RepoEntry } from './catalogue/types';
import type { RepoEntry } from './catalogue/types';

const DE = ['docker-entrypoint.sh'];

/**
 * Every repository the simulated registry serves besides the system images, keyed by its
 * normalized name. Sizes: compressed linux/amd64 sizes as Docker Hub reports them (rounded,
 * late 2024). No name is also a system image's (imageCatalogue.test.ts).
 */
export const APPLICATION_IMAGES: Record<string, RepoEntry> = {
  // system: the images the kubernetes.io examples use, and the most-pulled official images.
  ...TUTORIAL_IMAGES,
  ...OFFICIAL_IMAGES,
  // net: the ingress-nginx controller.
  ...INGRESS_IMAGES,
  'docker.io/library/nginx': {
    kind: 'server',
    entrypoint: ['/docker-entrypoint.sh'],
    cmd: ['nginx', '-g', 'daemon off;'],
    tags: [
      [['latest', 'mainline', '1', '1.27', '1.27.3'], 72_404_185],
      // corpus: the multi-container pod examples pin nginx:1.29.
      [['1.29', '1.29.1'], 72_225_127],
      [['1.27.2'], 72_099_501],
      [['stable', '1.26', '1.26.2'], 71_026_402],
      [['1.25', '1.25.5'], 70_533_124],
      [['1.25.3'], 70_515_702],
      [['alpine', 'mainline-alpine', '1.27-alpine', '1.27.3-alpine'], 20_514_817],
      [['stable-alpine', '1.26-alpine'], 20_265_009],
      [['1.25-alpine'], 17_894_220],
      [['1.23', '1.23.4'], 57_011_238],
      [['1.21', '1.21.6'], 56_746_126],
      [['1.19'], 53_621_908],
      [['1.16.1'], 51_034_119],
      [['1.15', '1.15.12'], 49_121_482],
      [['1.14.2'], 44_710_935],
      [['1.7.9'], 39_947_597],
      // corpus: controllers/replication-nginx-1.9.2.yaml (a schema 1 image; kind's containerd 1.7
      // still pulls those).
      [['1.9.2'], 45_213_604],
    ],
    // nginx < 1.19 had no /docker-entrypoint.sh
    variants: [{ match: /^1\.(7|14|16)\./, entrypoint: [] }],
  },
  'docker.io/library/httpd': {
    kind: 'server',
    entrypoint: [],
    cmd: ['httpd-foreground'],
    tags: [
      [['latest', '2', '2.4', '2.4.62'], 58_361_032],
      [['alpine', '2-alpine', '2.4-alpine', '2.4.62-alpine'], 21_904_513],
    ],
  },
  'docker.io/library/redis': {
    kind: 'server',
    entrypoint: DE,
    cmd: ['redis-server'],
    tags: [
      [['latest', '7', '7.4', '7.4.1'], 45_922_611],
      [['7.2', '7.2.6'], 42_812_096],
      [['6', '6.2', '6.2.16'], 40_412_332],
      [['6.0', '6.0.5'], 37_742_118],
      // corpus: redis:5 (5.0.14, the last 5.x), the "Configuring Redis using a ConfigMap" pod.
      [['5', '5.0', '5.0.14'], 39_658_211],
      [['alpine', '7-alpine', '7.4-alpine'], 17_380_224],
      [['7.2-alpine'], 16_315_772],
    ],
  },
  'docker.io/library/postgres': {
    kind: 'server',
    entrypoint: DE,
    cmd: ['postgres'],
    tags: [
      [['latest', '17', '17.2'], 153_628_407],
      [['16', '16.6'], 150_964_122],
      [['15', '15.10'], 148_112_305],
      [['14'], 147_209_118],
      [['alpine', '17-alpine'], 105_337_516],
      [['16-alpine'], 103_019_644],
      [['15-alpine'], 99_832_070],
    ],
  },
  'docker.io/library/mysql': {
    kind: 'server',
    entrypoint: DE,
    cmd: ['mysqld'],
    tags: [
      [['latest', '9', '9.1', '9.1.0'], 171_912_660],
      [['8', '8.4', 'lts'], 169_843_911],
      [['8.0', '8.0.40'], 165_120_433],
      [['5.7', '5.7.44'], 137_382_116],
      // corpus-apps: the single-instance MySQL task (application/mysql/mysql-deployment.yaml).
      [['5.6', '5.6.51'], 103_214_416],
    ],
  },
  'docker.io/library/mariadb': {
    kind: 'server',
    entrypoint: DE,
    cmd: ['mariadbd'],
    tags: [
      [['latest', '11', '11.4', 'lts'], 116_118_302],
      [['10.11', '10'], 112_640_219],
      [['10.6'], 109_912_540],
    ],
  },
  'docker.io/library/mongo': {
    kind: 'server',
    entrypoint: DE,
    cmd: ['mongod'],
    tags: [
      [['latest', '8', '8.0'], 283_119_412],
      [['7', '7.0'], 259_733_108],
      [['6', '6.0'], 244_806_227],
      // corpus-apps: the port-forward task's backend (application/mongodb/mongo-deployment.yaml).
      [['4.2', '4.2.24'], 144_935_716],
    ],
  },
  'docker.io/library/memcached': {
    kind: 'server',
    entrypoint: DE,
    cmd: ['memcached'],
    tags: [
      [['latest', '1', '1.6', '1.6.32'], 31_208_650],
      [['alpine', '1-alpine', '1.6-alpine'], 5_092_317],
    ],
  },
  'docker.io/library/rabbitmq': {
    kind: 'server',
    entrypoint: DE,
    cmd: ['rabbitmq-server'],
    tags: [
      [['latest', '4', '4.0'], 100_314_005],
      [['3', '3.13'], 98_007_112],
      [['management', '4-management', '4.0-management'], 112_862_430],
      [['3-management', '3.13-management'], 110_440_318],
      [['alpine', '4-alpine'], 66_118_009],
    ],
  },
  'docker.io/library/traefik': {
    kind: 'server',
    entrypoint: ['/entrypoint.sh'],
    cmd: ['traefik'],
    tags: [
      [['latest', 'v3', 'v3.2', '3.2'], 45_830_912],
      [['v3.1', '3.1'], 44_918_207],
      [['v3.0', '3.0'], 44_102_338],
      [['v2.11', '2.11'], 42_615_530],
    ],
  },
  'docker.io/library/busybox': {
    kind: 'shell',
    entrypoint: [],
    cmd: ['sh'],
    tags: [
      [['latest', 'stable', '1', '1.37', '1.37.0', 'glibc', '1.37-glibc'], 2_158_512],
      [['1.36', '1.36.1', '1.36-glibc'], 2_153_301],
      [['musl', '1.37-musl'], 862_204],
      [['uclibc', '1.37-uclibc'], 1_002_381],
      [['1.35'], 2_149_060],
      [['1.28'], 727_869],
    ],
  },
  'docker.io/library/alpine': {
    kind: 'shell',
    entrypoint: [],
    cmd: ['/bin/sh'],
    tags: [
      [['latest', '3', '3.21', '3.21.0'], 3_641_728],
      [['3.20', '3.20.3'], 3_624_089],
      [['3.19', '3.19.4'], 3_420_133],
      [['3.18', '3.18.9'], 3_418_822],
      [['edge'], 3_650_912],
    ],
  },
  'docker.io/library/ubuntu': {
    kind: 'shell',
    entrypoint: [],
    cmd: ['/bin/bash'],
    tags: [
      [['latest', '24.04', 'noble'], 29_754_290],
      [['22.04', 'jammy'], 29_537_070],
      [['20.04', 'focal'], 27_509_864],
    ],
  },
  'docker.io/library/debian': {
    kind: 'shell',
    entrypoint: [],
    cmd: ['bash'],
    tags: [
      [['latest', '12', 'bookworm', 'stable'], 48_494_272],
      [['12-slim', 'bookworm-slim', 'stable-slim'], 28_227_259],
      [['11', 'bullseye'], 53_739_512],
      [['11-slim', 'bullseye-slim'], 31_434_870],
    ],
  },
  'docker.io/library/node': {
    kind: 'runtime',
    entrypoint: DE,
    cmd: ['node'],
    tags: [
      [['latest', '23', 'current'], 398_412_660],
      [['22', 'lts', '22.11'], 392_187_304],
      [['20', '20.18'], 390_006_215],
      [['18', '18.20'], 383_225_517],
      [['alpine', '22-alpine', 'lts-alpine'], 56_209_113],
      [['20-alpine'], 45_114_562],
      [['22-slim', 'lts-slim'], 75_010_880],
      [['20-slim'], 69_842_017],
    ],
  },
  'docker.io/library/python': {
    kind: 'runtime',
    entrypoint: [],
    cmd: ['python3'],
    tags: [
      [['latest', '3', '3.13'], 372_845_220],
      [['3.12'], 371_309_812],
      [['3.11'], 369_942_017],
      [['slim', '3-slim', '3.13-slim'], 44_931_806],
      [['3.12-slim'], 44_107_115],
      [['alpine', '3.13-alpine'], 19_850_311],
      [['3.12-alpine'], 19_214_507],
    ],
  },
  'docker.io/library/golang': {
    kind: 'runtime',
    entrypoint: [],
    cmd: ['bash'],
    tags: [
      [['latest', '1', '1.23'], 302_411_019],
      [['1.22'], 297_920_384],
      [['alpine', '1.23-alpine'], 81_002_644],
    ],
    variants: [{ match: /alpine/, cmd: ['/bin/sh'] }],
  },
  // The image of the Kubernetes docs' probe examples ("Configure Liveness, Readiness and Startup
  // Probes": exec-liveness.yaml); busybox 1.27.2 on a scratch base.
  'registry.k8s.io/busybox': {
    kind: 'shell',
    entrypoint: [],
    cmd: ['sh'],
    // corpus: `latest` is the k8s.gcr.io/busybox image of 2015 (pods/pod-configmap-envFrom.yaml).
    tags: [
      [['1.27.2'], 699_243],
      [['latest'], 1_144_547],
    ],
  },
  'registry.k8s.io/e2e-test-images/agnhost': {
    kind: 'server',
    entrypoint: ['/agnhost'],
    cmd: ['pause'],
    tags: [
      [['2.53'], 52_716_345],
      [['2.52'], 52_504_411],
      [['2.47'], 51_230_906],
      // corpus: the security-context examples' agnhost.
      [['2.45'], 50_813_094],
      [['2.43'], 50_331_812],
      [['2.40'], 49_920_114],
      [['2.39'], 49_745_672],
    ],
  },
  'docker.io/hashicorp/http-echo': {
    kind: 'server',
    entrypoint: ['/http-echo'],
    cmd: [],
    tags: [
      [['latest', '1.0', '1.0.0'], 3_468_245],
      [['0.2.3'], 2_655_302],
    ],
  },
  'docker.io/kennethreitz/httpbin': {
    kind: 'server',
    entrypoint: [],
    cmd: ['gunicorn', '-b', '0.0.0.0:80', 'httpbin:app', '-k', 'gevent'],
    tags: [[['latest'], 205_133_716]],
  },
  'docker.io/polinux/stress': {
    kind: 'stress',
    entrypoint: [],
    cmd: ['/usr/local/bin/stress'],
    tags: [[['latest', '1.0.4'], 4_041_327]],
  },
  'docker.io/curlimages/curl': {
    kind: 'tool',
    entrypoint: ['/entrypoint.sh'],
    cmd: ['curl'],
    tags: [
      [['latest', '8.11.0'], 10_914_405],
      // corpus-apps: service/networking/curlpod.yaml pins 8.18.0.
      [['8.18.0'], 11_302_516],
      [['8.10.1'], 10_846_117],
      [['8.5.0'], 10_102_344],
    ],
  },
  'docker.io/nicolaka/netshoot': {
    kind: 'shell',
    entrypoint: [],
    cmd: ['zsh'],
    tags: [
      [['latest', 'v0.13'], 177_318_006],
      [['v0.12'], 170_502_871],
    ],
  },
};

/** Every repository the simulated registry serves: the system images and the application images. */
export const CATALOGUE: Record<string, RepoEntry> = { ...APPLICATION_IMAGES, ...SYSTEM_IMAGES };
