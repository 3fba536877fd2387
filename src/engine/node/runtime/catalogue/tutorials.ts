/**
 * The images the manifests of kubernetes.io use (kubernetes/website `content/en/examples/`)
 * besides the official Docker Hub ones: Google's samples, registry.k8s.io test images, and the
 * old k8s.gcr.io names (the frozen registry still serves them, redirected to registry.k8s.io).
 * Sizes are the compressed linux/amd64 sizes rounded as the registries list them; older images
 * are approximate to a few hundred kB.
 */
import type { RepoEntry } from './types';

const GB_FRONTEND: RepoEntry = {
  kind: 'server',
  // php:5-apache: docker-php-entrypoint execs apache2-foreground
  entrypoint: ['docker-php-entrypoint'],
  cmd: ['apache2-foreground'],
  tags: [[['v5'], 155_329_873]],
  program: 'gb-frontend',
  bins: ['docker-php-entrypoint', 'apache2-foreground', 'apache2', 'php', 'curl'],
  ports: [80],
};

const GB_REDIS_FOLLOWER: RepoEntry = {
  kind: 'server',
  // The image's run.sh: `redis-server --replicaof redis-leader 6379` (or $GET_HOSTS_FROM=env)
  entrypoint: ['docker-entrypoint.sh'],
  cmd: ['redis-server', '--replicaof', 'redis-leader', '6379'],
  tags: [[['v2'], 38_906_120]],
  bins: ['redis-server', 'redis-cli', 'docker-entrypoint.sh', 'run.sh'],
};

// corpus-apps: the node problem detector of "Monitor Node Health" (debug/).
const NODE_PROBLEM_DETECTOR: RepoEntry = {
  kind: 'server',
  entrypoint: ['/node-problem-detector', '--kernel-monitor=/config/kernel-monitor.json'],
  cmd: [],
  tags: [[['v0.1'], 11_212_606]],
  base: 'scratch',
  bins: ['/node-problem-detector'],
  ports: [],
};

export const TUTORIAL_IMAGES: Record<string, RepoEntry> = {
  // "Exposing an External IP Address", canary deployments: a Go server on :8080.
  'gcr.io/google-samples/hello-app': {
    kind: 'server',
    entrypoint: ['/hello-app'],
    cmd: [],
    tags: [
      [['1.0'], 4_412_387],
      [['2.0'], 4_412_402],
    ],
    program: 'hello-app',
    base: 'scratch',
    bins: ['/hello-app'],
    ports: [8080],
  },
  'us-docker.pkg.dev/google-samples/containers/gke/hello-app': {
    kind: 'server',
    entrypoint: ['/hello-app'],
    cmd: [],
    tags: [
      [['1.0'], 4_412_387],
      [['2.0'], 4_412_402],
    ],
    program: 'hello-app',
    base: 'scratch',
    bins: ['/hello-app'],
    ports: [8080],
  },
  // The guestbook tutorial's PHP frontend and Redis follower.
  'us-docker.pkg.dev/google-samples/containers/gke/gb-frontend': GB_FRONTEND,
  'gcr.io/google-samples/gb-frontend': {
    ...GB_FRONTEND,
    tags: [
      [['v5'], 155_329_873],
      [['v4'], 180_209_117],
    ],
  },
  'docker.io/paulczar/gb-frontend': GB_FRONTEND,
  'us-docker.pkg.dev/google-samples/containers/gke/gb-redis-follower': GB_REDIS_FOLLOWER,
  'gcr.io/google-samples/gb-redis-follower': GB_REDIS_FOLLOWER,
  // corpus: the old guestbook's replica (guestbook/redis-slave-deployment.yaml): its run.sh
  // starts `redis-server --slaveof redis-master 6379`.
  'gcr.io/google_samples/gb-redisslave': {
    ...GB_REDIS_FOLLOWER,
    cmd: ['redis-server', '--slaveof', 'redis-master', '6379'],
    tags: [[['v1'], 34_221_405]],
  },
  // "HorizontalPodAutoscaler Walkthrough": php:5-apache with an index.php that burns CPU.
  'registry.k8s.io/hpa-example': {
    kind: 'server',
    entrypoint: ['docker-php-entrypoint'],
    cmd: ['apache2-foreground'],
    tags: [[['latest'], 180_771_256]],
    program: 'php-apache',
    bins: ['docker-php-entrypoint', 'apache2-foreground', 'apache2', 'php'],
    ports: [80],
  },
  // "Assign CPU Resources": a Go program that burns CPUs and allocates memory.
  'docker.io/vish/stress': {
    kind: 'stress',
    entrypoint: ['/stress'],
    cmd: ['-logtostderr'],
    tags: [[['latest'], 2_196_420]],
    program: 'vish-stress',
    base: 'scratch',
    bins: ['/stress'],
  },
  'gcr.io/google-samples/cassandra': {
    kind: 'server',
    entrypoint: ['/usr/bin/dumb-init', '/bin/bash', '/run.sh'],
    cmd: [],
    tags: [[['v13'], 114_322_510]],
    bins: [
      '/usr/bin/dumb-init',
      'dumb-init',
      '/run.sh',
      '/ready-probe.sh',
      'nodetool',
      'cassandra',
    ],
    ports: [7000, 7001, 7199, 9042],
  },
  'gcr.io/google-samples/xtrabackup': {
    kind: 'tool',
    entrypoint: [],
    cmd: ['bash'],
    tags: [[['1.0'], 96_514_302]],
    bins: ['xtrabackup', 'xbstream', 'innobackupex', 'ncat', 'nc', 'mysql', 'mysqladmin', 'perl'],
  },
  // The probe examples' image before the move to registry.k8s.io.
  // corpus: "Define Environment Variables" envFrom pod: `CMD node server.js` (node:4.4) on :8080.
  'gcr.io/google-samples/node-hello': {
    kind: 'server',
    entrypoint: [],
    // (The Dockerfile's CMD is the shell form of this.)
    cmd: ['node', 'server.js'],
    tags: [[['1.0'], 252_468_102]],
    program: 'node-hello',
    bins: ['node'],
    ports: [8080],
  },
  // corpus: the ambassador sidecar example: alpine with socat, ENTRYPOINT ["socat"].
  'docker.io/alpine/socat': {
    kind: 'tool',
    entrypoint: ['socat'],
    cmd: [],
    tags: [[['1.8.0.3', 'latest'], 4_468_721]],
    program: 'socat',
    base: 'busybox',
    bins: ['socat'],
  },
  // corpus: "Connect a Frontend to a Backend Using Services": a Go backend on :80 and an nginx
  // frontend that proxies to the `hello` Service.
  'gcr.io/google-samples/hello-go-gke': {
    kind: 'server',
    entrypoint: ['/hello'],
    cmd: [],
    tags: [[['1.0'], 4_195_224]],
    base: 'scratch',
    bins: ['/hello'],
    ports: [80],
  },
  'gcr.io/google-samples/hello-frontend': {
    kind: 'server',
    entrypoint: [],
    cmd: ['nginx', '-g', 'daemon off;'],
    tags: [[['1.0'], 44_719_311]],
    bins: ['nginx', '/usr/sbin/nginx'],
    ports: [80],
  },
  // corpus: the node-affinity examples' pause image, by its old name.
  'k8s.gcr.io/pause': {
    kind: 'pause',
    entrypoint: ['/pause'],
    cmd: [],
    tags: [[['2.0'], 350_562]],
  },
  'k8s.gcr.io/busybox': {
    kind: 'shell',
    entrypoint: [],
    cmd: ['sh'],
    tags: [
      [['latest'], 1_144_547],
      [['1.27.2'], 699_243],
    ],
    base: 'busybox',
  },
  'k8s.gcr.io/fluentd-elasticsearch': {
    kind: 'server',
    entrypoint: ['/run.sh'],
    cmd: [],
    tags: [[['1.20'], 136_215_018]],
    bins: ['/run.sh', 'td-agent', 'fluentd'],
    ports: [24231],
  },
  'quay.io/fluentd_elasticsearch/fluentd': {
    kind: 'server',
    entrypoint: ['/entrypoint.sh'],
    cmd: [],
    tags: [
      [['v5.0.1'], 152_640_871],
      [['v2.5.2'], 140_210_433],
    ],
    bins: ['/entrypoint.sh', 'fluentd'],
    ports: [24231],
  },
  // "Namespaces Walkthrough" (admin/snowflake-deployment.yaml): the Go server agnhost's
  // serve-hostname came from; it answers every request on :9376 with the pod's hostname.
  'registry.k8s.io/serve_hostname': {
    kind: 'server',
    entrypoint: ['/serve_hostname'],
    cmd: [],
    tags: [[['latest', '1.4', 'v1.4'], 2_408_416]],
    base: 'scratch',
    bins: ['/serve_hostname'],
    ports: [9376],
  },
  // "Configure Liveness, Readiness and Startup Probes": a TCP server on :8080.
  'registry.k8s.io/goproxy': {
    kind: 'server',
    entrypoint: ['/goproxy'],
    cmd: [],
    tags: [[['0.1'], 2_390_188]],
    base: 'scratch',
    bins: ['/goproxy'],
    ports: [8080],
  },
  'registry.k8s.io/nginx-slim': {
    kind: 'server',
    entrypoint: [],
    cmd: ['nginx', '-g', 'daemon off;'],
    tags: [
      [['0.27'], 51_322_801],
      [['0.24'], 50_201_994],
      [['0.8'], 50_031_112],
      // corpus-apps: application/web/web.yaml's older tag (from k8s.gcr.io, now registry.k8s.io).
      [['0.7'], 49_981_904],
    ],
    bins: ['nginx', 'nginx-debug'],
    ports: [80],
  },
  'registry.k8s.io/echoserver': {
    kind: 'server',
    entrypoint: [],
    cmd: ['/usr/local/bin/run.sh'],
    tags: [
      [['1.10'], 40_117_331],
      [['1.4'], 46_112_080],
    ],
    bins: ['/usr/local/bin/run.sh', 'nginx'],
    ports: [8080],
  },
  'registry.k8s.io/e2e-test-images/jessie-dnsutils': {
    kind: 'shell',
    entrypoint: [],
    cmd: ['bash'],
    tags: [[['1.3'], 111_308_244]],
    bins: ['dig', 'nslookup', 'host', 'ping', 'curl', 'wget'],
  },
  'registry.k8s.io/kubernetes-zookeeper': {
    kind: 'server',
    entrypoint: [],
    cmd: ['sh', '-c', 'start-zookeeper'],
    tags: [[['1.0-3.4.10'], 150_416_093]],
    bins: ['start-zookeeper', 'zookeeper-ready', 'zkServer.sh', 'zkCli.sh'],
    ports: [2181, 2888, 3888],
  },
  // corpus-apps: "Connecting Applications with Services": nginx (1.9, the image's FROM nginx of
  // 2016) with an index2.html, serving the ConfigMap's default.conf on :80 and :443.
  'docker.io/bprashanth/nginxhttps': {
    kind: 'server',
    entrypoint: [],
    cmd: ['nginx', '-g', 'daemon off;'],
    tags: [[['1.0'], 73_482_918]],
    bins: ['nginx'],
    ports: [80, 443],
  },
  // corpus-apps: the debug/ examples' agents (GKE's of 2016-2017). node-problem-detector
  // v0.1 watches the kernel log and reports node conditions, with no port of its own; the
  // event exporter serves its Prometheus metrics on :80; fluentd-gcp's /run.sh starts fluentd
  // (its monitoring port 24231). Sizes approximate.
  'registry.k8s.io/node-problem-detector': NODE_PROBLEM_DETECTOR,
  'k8s.gcr.io/node-problem-detector': NODE_PROBLEM_DETECTOR,
  'registry.k8s.io/event-exporter': {
    kind: 'server',
    entrypoint: ['/event-exporter'],
    cmd: [],
    tags: [[['v0.2.3'], 12_703_211]],
    base: 'scratch',
    bins: ['/event-exporter'],
    ports: [80],
  },
  // 1.30: the sidecar agent of "Logging Architecture" (its CMD `/run.sh $FLUENTD_ARGS`), with
  // a program of its own (userland/programs/servers/fluentdGcp.ts); 2.0.2 runs as a plain
  // server. The size of 1.30 is approximate.
  'registry.k8s.io/fluentd-gcp': {
    kind: 'server',
    entrypoint: ['/run.sh'],
    cmd: [],
    tags: [
      [['2.0.2'], 137_119_804],
      [['1.30'], 104_905_211],
    ],
    bins: ['/run.sh', 'fluentd', 'td-agent'],
    ports: [24231],
    program: 'fluentd-gcp',
  },
  // corpus-apps: the DRA tutorial's example kubelet plugin (its health check on :51515).
  'registry.k8s.io/dra-example-driver/dra-example-driver': {
    kind: 'server',
    entrypoint: [],
    cmd: ['dra-example-kubeletplugin'],
    tags: [[['v0.1.0'], 28_440_352]],
    bins: ['dra-example-kubeletplugin', 'dra-example-controller'],
    ports: [51515],
  },
  // "Autoscale the DNS Service in a Cluster" (admin/dns/dns-horizontal-autoscaler.yaml). Size
  // approximate.
  'registry.k8s.io/cpa/cluster-proportional-autoscaler': {
    kind: 'server',
    entrypoint: ['/cluster-proportional-autoscaler'],
    cmd: [],
    tags: [[['1.8.4'], 14_180_521]],
    base: 'scratch',
    bins: ['/cluster-proportional-autoscaler'],
    program: 'cluster-proportional-autoscaler',
  },
  // "Set up Konnectivity service" (admin/konnectivity/): static Go binaries FROM scratch
  // (apiserver-network-proxy artifacts/images/*-build.Dockerfile). Sizes approximate.
  'registry.k8s.io/kas-network-proxy/proxy-server': {
    kind: 'server',
    entrypoint: ['/proxy-server'],
    cmd: [],
    tags: [[['v0.0.32'], 9_521_408]],
    base: 'scratch',
    bins: ['/proxy-server'],
    program: 'proxy-server',
  },
  'us.gcr.io/k8s-artifacts-prod/kas-network-proxy/proxy-agent': {
    kind: 'server',
    entrypoint: ['/proxy-agent'],
    cmd: [],
    tags: [[['v0.0.37'], 8_863_744]],
    base: 'scratch',
    bins: ['/proxy-agent'],
    program: 'proxy-agent',
  },
  'registry.k8s.io/cluster-proportional-autoscaler-amd64': {
    kind: 'server',
    entrypoint: ['/cluster-proportional-autoscaler'],
    cmd: [],
    tags: [[['1.8.9', 'v1.8.9'], 14_250_661]],
    base: 'scratch',
    bins: ['/cluster-proportional-autoscaler'],
  },
};
