/**
 * `npm run sim -- serve [--port 6443] [--speed 1] [--address A] [scenario or manifest]`: build a
 * cluster (from a scenario's steps or a manifest applied to it), then serve it as the Kubernetes
 * API (src/server) with its clock at real time × speed, and write a kubeconfig for it.
 */
import { readFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, KUBECTL } from '../engine/cluster';
import { parseScenario, ScenarioError } from '../engine/scenario/format';
import { applySync, runScenario } from '../engine/scenario/runner';
import { isLoopback, serve } from '../server/http';
import { hasPage, WWW_PREFIX } from '../server/www';
import { writeKubeconfig } from '../server/kubeconfig';
import { selfSignedCertificate } from '../server/tls';

export const SERVE_USAGE = `  npm run sim -- serve [--port 6443] [--speed 1] [--address 127.0.0.1] [FILE]
      Serve the simulated cluster as the Kubernetes API, so real kubectl and client
      libraries can use it; FILE is a scenario (run first) or a manifest (applied).
      Writes a kubeconfig: kubectl --kubeconfig FILE get pods. Beyond 127.0.0.1
      (--address) every request must carry the kubeconfig's bearer token.
      --kubeconfig FILE       where to write it (default: kubeglass-PORT.kubeconfig
                              in the temporary directory)
      --trace                 print each request from outside as it travels
                              (kubectl (you) → kube-apiserver) and its answer
      --watch-cache-size N    events the watch cache keeps (default 20000); a watch
                              from an older resourceVersion gets 410 Gone
      --www DIR               the built page to serve at /kubeglass/ (default: dist,
                              when npm run build has made it): open it to see this
                              cluster drawn, with every outside request
`;

export interface ServeArgs {
  port: number;
  speed: number;
  address: string;
  file?: string;
  kubeconfig?: string;
  workers: number;
  seed: string;
  watchCacheSize?: number;
  trace: boolean;
  www?: string;
}

/** Parse the serve flags; `fail` exits with a message. */
export function parseServeArgs(rest: string[], fail: (m: string) => never): ServeArgs {
  const a: ServeArgs = {
    port: 6443,
    speed: 1,
    address: '127.0.0.1',
    workers: 3,
    seed: '42',
    trace: false,
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.indexOf('=');
    const [flag, inline] =
      arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = () => inline ?? rest[++i] ?? fail(`error: flag needs an argument: ${flag}`);
    const int = (v: string, lo: number, hi: number, what: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < lo || n > hi)
        fail(`error: ${what} must be a whole number from ${lo} to ${hi}`);
      return n;
    };
    if (flag === '--port') a.port = int(value(), 0, 65535, '--port');
    else if (flag === '--speed') {
      a.speed = Number(value());
      if (!(a.speed > 0 && a.speed <= 1000))
        fail('error: --speed must be a number above 0, at most 1000');
    } else if (flag === '--address') a.address = value();
    else if (flag === '--kubeconfig') a.kubeconfig = value();
    else if (flag === '--workers') a.workers = int(value(), 1, 500, '--workers');
    else if (flag === '--seed') a.seed = value();
    else if (flag === '--trace') a.trace = true;
    else if (flag === '--www') a.www = value();
    else if (flag === '--watch-cache-size')
      a.watchCacheSize = int(value(), 10, 1_000_000, '--watch-cache-size');
    else if (!flag.startsWith('-') && !a.file) a.file = arg;
    else fail(`error: unknown flag: ${flag}`);
  }
  return a;
}

function clusterFor(args: ServeArgs, fail: (m: string) => never): Cluster {
  const seed = /^\d+$/.test(args.seed) ? Number(args.seed) : args.seed;
  const fresh = () =>
    new Cluster({
      workers: args.workers,
      cpu: '4',
      memory: '8Gi',
      seed,
      watchCacheSize: args.watchCacheSize,
    }).start();
  if (!args.file) return fresh();
  let text: string;
  try {
    text = readFileSync(args.file, 'utf8');
  } catch {
    fail(`error: the path "${args.file}" does not exist`);
  }
  if (/^steps\s*:/m.test(text)) {
    try {
      const out = runScenario(parseScenario(text), { file: args.file });
      process.stdout.write(out.lines.join('\n') + '\n');
      return out.cluster;
    } catch (e) {
      if (e instanceof ScenarioError) fail(`error: ${args.file}: ${e.message}`);
      throw e;
    }
  }
  const cluster = fresh();
  const applied = applySync(cluster, text, args.file);
  process.stdout.write(applied.stdout);
  process.stderr.write(applied.stderr);
  return cluster;
}

/** Run `sim serve` until SIGINT/SIGTERM. */
export async function runServe(rest: string[], fail: (m: string) => never): Promise<void> {
  const args = parseServeArgs(rest, fail);
  const cluster = clusterFor(args, fail);
  const requireToken = !isLoopback(args.address);
  // Listening on every interface (0.0.0.0): the class reaches this machine by its LAN address,
  // which the kubeconfig names and the certificate covers.
  const wildcard = args.address === '0.0.0.0' || args.address === '::';
  const lan = Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && i.family === 'IPv4' && !i.internal)
    .map((i) => i!.address);
  // HTTPS whenever openssl can make a certificate: kubectl sends its token only over TLS.
  const tls = selfSignedCertificate([args.address, ...(wildcard ? lan : [])]);
  if (!tls && requireToken)
    fail(
      'error: --address needs TLS (kubectl sends its token only over HTTPS), and openssl is not installed to make a certificate',
    );
  // The built page beside the API: --www DIR, or dist when a build is there.
  const www = args.www ?? (hasPage('dist') ? 'dist' : undefined);
  if (args.www && !hasPage(args.www))
    fail(`error: --www ${args.www}: no index.html there (build the page with npm run build)`);
  const server = await serve(cluster, {
    www,
    port: args.port,
    address: args.address,
    speed: args.speed,
    requireToken,
    tls,
  }).catch((e: Error) =>
    fail(`error: cannot listen on ${args.address}:${args.port}: ${e.message}`),
  );
  const file = args.kubeconfig ?? join(tmpdir(), `kubeglass-${server.port}.kubeconfig`);
  const reachable =
    wildcard && lan.length ? server.url.replace(/\/\/[^/]+:/, `//${lan[0]}:`) : server.url;
  writeKubeconfig(file, reachable, server.token, server.caCert);
  process.stdout.write(
    `Serving the simulated cluster at ${reachable} (virtual time at ${args.speed}× real time)\n` +
      (requireToken ? `Every request must carry the bearer token in the kubeconfig.\n` : '') +
      `Kubeconfig: ${file}\n  kubectl --kubeconfig ${file} get pods\n` +
      (www
        ? // The page reads the token from its address's fragment, which browsers never send.
          `The page, drawing this cluster: ${reachable}${WWW_PREFIX}${requireToken ? `#token=${server.token}` : ''}\n` +
          `  (the certificate is self-signed: accept it once in the browser)\n`
        : `No page served (build it with npm run build, or pass --www DIR).\n`),
  );
  if (args.trace) {
    // The trace events of the outside client's flows, as the diagram would draw them.
    cluster.onTrace((e) => {
      if (e.from === KUBECTL && e.kind === 'request')
        process.stdout.write(
          `[${cluster.clock.timestamp()}] kubectl (you) → ${e.to}: ${e.summary}\n`,
        );
      else if (e.to === KUBECTL && e.kind === 'response')
        process.stdout.write(
          `[${cluster.clock.timestamp()}] ${e.from} → kubectl (you): ${e.summary}\n`,
        );
    });
  }
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
