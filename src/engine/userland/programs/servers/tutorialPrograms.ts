/**
 * The programs of the images kubernetes.io's examples run (perl computing π for the Job example,
 * the HPA walkthrough's php-apache, the guestbook, hello-app, vish/stress, hello-world, socat,
 * node-hello). Only a learner's manifest runs these images, so they load on demand
 * (../../../onDemand.ts); ./tutorials.ts picks the program of an image.
 */
import { formatDate } from '../../shell/date';
import { flag, frac, type ServerSpec, type Timeline } from '../timeline';
import { perl } from './perl';
import type { ImageProgramInput } from './tutorials';

/** The programs by catalogue name; one may decline a tag it does not know (the default process). */
export const tutorialPrograms: Record<string, (p: ImageProgramInput) => ServerSpec | undefined> = {
  perl: ({ args, start }) => perl(args, start),
  'hello-app': helloApp,
  'php-apache': (p) =>
    apachePhp(p, 'Apache/2.4.10 (Debian) PHP/5.6.14', () => 'OK!', HPA_EXAMPLE_REQUEST_CPU_MS),
  'gb-frontend': (p) => apachePhp(p, 'Apache/2.4.38 (Debian) PHP/7.3.33', guestbookPage),
  'apache-php': (p) => apachePhp(p, 'Apache/2.4.62 (Debian) PHP/8.2.26', () => ''),
  'hello-world': ({ start }) => ({ start: start.wait(5).out(HELLO_WORLD).exit(0) }),
  'vish-stress': ({ args, start }) => vishStress(args, start),
  // corpus: socat (the ambassador sidecar example) listens where its first address says
  // (`tcp-listen:5432,fork`) and connects on to the second per connection; TERM ends it.
  socat: ({ args, start }) => {
    const port = /^tcp-listen:(\d+)/i.exec(args[0] ?? '')?.[1];
    if (!port || args.length < 2)
      return { start: start.wait(5).err('socat: at least two addresses required').exit(1) };
    return { start: start.wait(5), listens: [Number(port)], onStop: (tl) => tl.exit(143) };
  },
  // corpus: node-hello's server.js answers every request `Hello World!` on :8080. Node as PID 1
  // with no SIGTERM handler ignores the stop signal: no onStop, killed after the grace period.
  'node-hello': ({ start }) => ({
    start: start.wait(200),
    listens: [8080],
    http: (p) => (p === 8080 ? { status: 200, body: 'Hello World!' } : undefined),
  }),
};

/** gcr.io/google-samples/hello-app: "Hello, world!", its version and the pod's hostname. */
function helloApp({ img, input, start }: ImageProgramInput): ServerSpec {
  const port = Number(input.env.PORT ?? 8080);
  const version = `${/^\d+\.\d+/.exec(img.tag)?.[0] ?? '1.0'}.0`;
  start
    .wait(3)
    .err(`${formatDate(start.wall(), '%Y/%m/%d %H:%M:%S')} Server listening on port ${port}`);
  return {
    start,
    listens: [port],
    http: (p) =>
      p === port
        ? { status: 200, body: `Hello, world!\nVersion: ${version}\nHostname: ${input.hostname}\n` }
        : undefined,
    // Go's runtime as PID 1: SIGTERM re-raised finds no default action, so it exits 2.
    onStop: (tl) => tl.exit(2),
  };
}

/**
 * hpa: the CPU one request to registry.k8s.io/hpa-example costs at a full core: its index.php
 * runs `$x += sqrt($x)` a million times (PHP 5.6: about 0.1 s). Under the walkthrough's 500m
 * limit one pod serves a sequential client at its quota (250 % of the 200m request), and the load
 * settles near 7 replicas, as the page shows.
 */
export const HPA_EXAMPLE_REQUEST_CPU_MS = 100;

/** The php:*-apache images: Apache's start-up lines on stderr, then pages on :80. */
function apachePhp(
  { input, start }: ImageProgramInput,
  server: string,
  page: (path: string) => string,
  cpuMs?: number,
): ServerSpec {
  const fqdn = `AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using ${input.podIP}. Set the 'ServerName' directive globally to suppress this message`;
  const stamp = (tl: Timeline) =>
    `[${formatDate(tl.wall(), '%a %b %d %H:%M:%S')}.${frac(tl.wall(), 6)} ${formatDate(tl.wall(), '%Y')}]`;
  start.wait(40).err([fqdn, fqdn]);
  start
    .wait(10)
    .err([
      `${stamp(start)} [mpm_prefork:notice] [pid 1] AH00163: ${server} configured -- resuming normal operations`,
      `${stamp(start)} [core:notice] [pid 1] AH00094: Command line: 'apache2 -D FOREGROUND'`,
    ]);
  return {
    start,
    listens: [80],
    http: (p, path) => (p === 80 ? { status: 200, body: page(path), cpuMs } : undefined),
    onStop: (tl) =>
      tl
        .err(`${stamp(tl)} [mpm_prefork:notice] [pid 1] AH00169: caught SIGTERM, shutting down`)
        .wait(50)
        .exit(0),
  };
}

/** The guestbook's index page and its PHP endpoint (`guestbook.php?cmd=get&key=messages`). */
function guestbookPage(path: string): string {
  if (path.startsWith('/guestbook.php')) return '{"data": ""}';
  return [
    '<html ng-app="redis">',
    '  <head>',
    '    <title>Guestbook</title>',
    '    <link rel="stylesheet" href="//netdna.bootstrapcdn.com/bootstrap/3.1.1/css/bootstrap.min.css">',
    '  </head>',
    '  <body ng-controller="RedisCtrl">',
    '    <div style="width: 50%; margin-left: 20px">',
    '      <h2>Guestbook</h2>',
    '',
  ].join('\n');
}

/** `docker run hello-world`'s text (hello-world's /hello). */
const HELLO_WORLD = `
Hello from Docker!
This message shows that your installation appears to be working correctly.

To generate this message, Docker took the following steps:
 1. The Docker client contacted the Docker daemon.
 2. The Docker daemon pulled the "hello-world" image from the Docker Hub.
    (amd64)
 3. The Docker daemon created a new container from that image which runs the
    executable that produces the output you are currently reading.
 4. The Docker daemon streamed that output to the Docker client, which sent it
    to your terminal.

To try something more ambitious, you can run an Ubuntu container with:
 $ docker run -it ubuntu bash

Share images, automate workflows, and more with a free Docker ID:
 https://hub.docker.com/

For more examples and ideas, visit:
 https://docs.docker.com/get-started/
`;

/** Kubernetes quantities as vish/stress reads them (`150Mi`, `1Gi`, `100M`). */
function quantityBytes(q: string | undefined): number {
  const m = /^(\d+)(Ki|Mi|Gi|k|M|G)?$/.exec(q ?? '');
  if (!m) return 0;
  const unit = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, k: 1e3, M: 1e6, G: 1e9 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * unit;
}

/**
 * vish/stress ("Assign CPU Resources to Containers and Pods"): `-cpus N` spins N threads;
 * `-mem-total` allocates in `-mem-alloc-size` chunks every `-mem-alloc-sleep`, then holds it.
 */
function vishStress(args: string[], start: Timeline): ServerSpec {
  const klog = (line: string, msg: string) =>
    `I${formatDate(start.wall(), '%m%d %H:%M:%S')}.${frac(start.wall(), 6)}       1 main.go:${line}] ${msg}`;
  const total = flag(args, 'mem-total') ?? '0';
  const chunk = flag(args, 'mem-alloc-size') ?? '4Ki';
  const sleep = flag(args, 'mem-alloc-sleep') ?? '1ms';
  start.wait(5);
  const cpus = Number(flag(args, 'cpus') ?? 0);
  if (cpus > 0) start.err(klog('26', `Spawning ${cpus} threads to consume CPU`)).cpu(cpus);
  const bytes = quantityBytes(total);
  if (bytes > 0) {
    start.err(
      klog(
        '26',
        `Allocating "${total}" memory, in "${chunk}" chunks, with a ${sleep} sleep between allocations`,
      ),
    );
    const step = Math.max(quantityBytes(chunk), 1);
    const sleepMs = /^(\d+)(ms|s)$/.exec(sleep);
    const every = sleepMs ? Number(sleepMs[1]) * (sleepMs[2] === 's' ? 1000 : 1) : 1;
    const chunks = Math.ceil(bytes / step);
    // Memory steps every 10 % of the way keep the timeline short for large totals.
    for (let i = 1; i <= 10; i++)
      start.wait(Math.round((chunks * every) / 10)).memory(Math.round((bytes * i) / 10) + 2 ** 20);
    start.err(klog('39', `Allocated "${total}" memory`));
  }
  // Go's runtime as PID 1: SIGTERM re-raised finds no default action, so it exits 2.
  return { start, onStop: (tl) => tl.exit(2) };
}
