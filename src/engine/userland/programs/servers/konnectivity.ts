/**
 * The Konnectivity images of "Set up Konnectivity service" (admin/konnectivity/), from
 * kubernetes-sigs/apiserver-network-proxy at the tags the manifests name.
 *
 * proxy-server v0.0.32 (cmd/server: cobra v0.0.3, pflag v1.0.5, klog v2.4.0 at -v=4): run()
 * logs its options (options.go Print), then Validate stats the certificates and keys it is
 * given. Applied as a plain Pod the manifest lands on a worker, whose /etc/kubernetes/pki holds
 * no API server key: RunE fails, cobra prints `Error: …` and the usage, main logs the error and
 * exits 1 (CrashLoopBackOff). With every file in place it serves (the agent, admin and health
 * ports); the tunnel itself is not simulated.
 *
 * proxy-agent v0.0.37 (cmd/agent: cobra v1.4.0, klog v2.70.1 at -v=4): it logs its options,
 * validates them, starts the sync loop (pkg/agent/clientset.go) in the background and serves
 * /healthz (always `ok`) on its health port. The loop dials the proxy server with gRPC (v1.40):
 * a server outside the cluster cannot be reached without internet access, so each attempt ends
 * after gRPC's 20 s connect timeout with `cannot connect once`, then sleeps a back-off of 1 s
 * growing ×1.5 to 10 s (+10 % jitter) and tries again, forever: the pod stays Running and Ready.
 */
import { sha256, toHex, utf8 } from '../../../node/runtime/sha256';
import { FileStore } from '../../shell/fileStore';
import { containerFiles } from '../../shell/mounts';
import type { ServerSpec } from '../timeline';
import { cobraFailure, klog, klogFlags, parseFlags, type GoFlag } from './goCommand';
import type { ImageProgramInput } from './tutorials';

/** A uuid.New() the process draws, fixed by its pod and start (the simulation is deterministic). */
function uuid(seed: string): string {
  const h = toHex(sha256(utf8(seed)));
  const variant = '89ab'[parseInt(h[16], 16) % 4];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Go's %q of a plain string. */
const q = (s: string) => JSON.stringify(s);

const str = (name: string, usage: string, def = ''): GoFlag => ({
  name,
  type: 'string',
  usage,
  def,
});
const bool = (name: string, usage: string): GoFlag => ({ name, type: 'bool', usage, def: 'false' });

/** cmd/server/app/options/options.go Flags(), with NewProxyRunOptions' defaults. */
function serverFlags(serverID: string): GoFlag[] {
  const uint = (name: string, usage: string, def: string): GoFlag => ({
    name,
    type: 'uint',
    usage,
    def,
  });
  return [
    str('server-cert', 'If non-empty secure communication with this cert.'),
    str('server-key', 'If non-empty secure communication with this key.'),
    str('server-ca-cert', 'If non-empty the CA we use to validate KAS clients.'),
    str('cluster-cert', 'If non-empty secure communication with this cert.'),
    str('cluster-key', 'If non-empty secure communication with this key.'),
    str('cluster-ca-cert', 'If non-empty the CA we use to validate Agent clients.'),
    str('mode', "mode can be either 'grpc' or 'http-connect'.", 'grpc'),
    str('uds-name', 'uds-name should be empty for TCP traffic. For UDS set to its name.'),
    bool(
      'delete-existing-uds-file',
      'If true and if file UdsName already exists, delete the file before listen on that UDS file',
    ),
    uint('server-port', 'Port we listen for server connections on. Set to 0 for UDS.', '8090'),
    uint('agent-port', 'Port we listen for agent connections on.', '8091'),
    uint('admin-port', 'Port we listen for admin connections on.', '8095'),
    uint('health-port', 'Port we listen for health connections on.', '8092'),
    {
      name: 'keepalive-time',
      type: 'duration',
      usage: 'Time for gRPC agent server keepalive.',
      def: '1h0m0s',
    },
    {
      name: 'frontend-keepalive-time',
      type: 'duration',
      usage: 'Time for gRPC frontend server keepalive.',
      def: '1h0m0s',
    },
    bool('enable-profiling', 'enable pprof at host:admin-port/debug/pprof'),
    bool(
      'enable-contention-profiling',
      'enable contention profiling at host:admin-port/debug/pprof/block. "--enable-profiling" must also be set.',
    ),
    str('server-id', 'The unique ID of this server.', serverID),
    uint(
      'server-count',
      'The number of proxy server instances, should be 1 unless it is an HA server.',
      '1',
    ),
    str(
      'agent-namespace',
      "Expected agent's namespace during agent authentication (used with agent-service-account, authentication-audience, kubeconfig).",
    ),
    str(
      'agent-service-account',
      "Expected agent's service account during agent authentication (used with agent-namespace, authentication-audience, kubeconfig).",
    ),
    str(
      'kubeconfig',
      'absolute path to the kubeconfig file (used with agent-namespace, agent-service-account, authentication-audience).',
    ),
    {
      name: 'kubeconfig-qps',
      type: 'float32',
      usage: 'Maximum client QPS (proxy server uses this client to authenticate agent tokens).',
      def: '0',
    },
    {
      name: 'kubeconfig-burst',
      type: 'int',
      usage: 'Maximum client burst (proxy server uses this client to authenticate agent tokens).',
      def: '0',
    },
    str(
      'authentication-audience',
      "Expected agent's token authentication audience (used with agent-namespace, agent-service-account, kubeconfig).",
    ),
    str(
      'proxy-strategies',
      'The list of proxy strategies used by the server to pick a backend/tunnel, available strategies are: default, destHost.',
      'default',
    ),
    bool(
      'warn-on-channel-limit',
      'Turns on a warning if the system is going to push to a full channel. The check involves an unsafe read.',
    ),
    str(
      'cipher-suites',
      'The comma separated list of allowed cipher suites. Has no effect on TLS1.3. Empty means allow default list.',
    ),
  ];
}

/** Go's os.Stat of a path in the container, as Validate's `os.IsNotExist` checks see it. */
function statError(input: ImageProgramInput['input'], path: string): string | undefined {
  return containerFiles(new FileStore(), input.mounts).has(path)
    ? undefined
    : `stat ${path}: no such file or directory`;
}

/** proxy-server v0.0.32. */
export function proxyServer({ args, input, start }: ImageProgramInput): ServerSpec {
  const flags = [
    ...serverFlags(uuid(`${input.namespace}/${input.podName}/${start.wall()}/server`)),
    ...klogFlags('4', '2.4'),
  ];
  const o = parseFlags(args, flags);
  const get = (name: string) => o.get(name) ?? '';
  start.wait(5);
  const at = (line: number) => `options.go:${line}`;
  if (Number(get('v')) >= 1) {
    // options.go Print: klog.V(1).Infof, one line each.
    const lines: [string, string][] = [
      ['ServerCert', q(get('server-cert'))],
      ['ServerKey', q(get('server-key'))],
      ['ServerCACert', q(get('server-ca-cert'))],
      ['ClusterCert', q(get('cluster-cert'))],
      ['ClusterKey', q(get('cluster-key'))],
      ['ClusterCACert', q(get('cluster-ca-cert'))],
      ['Mode', q(get('mode'))],
      ['UDSName', q(get('uds-name'))],
      ['DeleteUDSFile', get('delete-existing-uds-file')],
      ['Server port', get('server-port')],
      ['Agent port', get('agent-port')],
      ['Admin port', get('admin-port')],
      ['Health port', get('health-port')],
      ['Keepalive time', get('keepalive-time')],
      ['Frontend keepalive time', get('frontend-keepalive-time')],
      ['EnableProfiling', get('enable-profiling')],
      ['EnableContentionProfiling', get('enable-contention-profiling')],
      ['ServerID', get('server-id')],
      ['ServerCount', get('server-count')],
      ['AgentNamespace', q(get('agent-namespace'))],
      ['AgentServiceAccount', q(get('agent-service-account'))],
      ['AuthenticationAudience', q(get('authentication-audience'))],
      ['KubeconfigPath', q(get('kubeconfig'))],
      ['KubeconfigQPS', Number(get('kubeconfig-qps')).toFixed(6)],
      ['KubeconfigBurst', get('kubeconfig-burst')],
      ['ProxyStrategies', q(get('proxy-strategies'))],
      ['WarnOnChannelLimit', get('warn-on-channel-limit')],
      ['CipherSuites', q(get('cipher-suites'))],
    ];
    start.err(
      lines.map(([what, value], i) =>
        klog('I', start.wall(), at(124 + i), `${what} set to ${value}.`),
      ),
    );
  }
  const invalid = validateServer(input, get);
  if (invalid) {
    const err = `failed to validate server options with ${invalid}`;
    start.err(cobraFailure('proxy', flags, err));
    start.err(klog('E', start.wall(), 'main.go:49', `error: ${err}`));
    return { start: start.exit(1) };
  }
  const health = Number(get('health-port'));
  return {
    start,
    listens: [Number(get('agent-port')), Number(get('admin-port')), health],
    http: (port, path) =>
      port === health && (path === '/healthz' || path === '/ready')
        ? { status: 200, body: 'ok' }
        : undefined,
    // SetupSignalHandler: SIGTERM closes stopCh, run() returns nil.
    onStop: (tl) =>
      tl
        .err(klog('I', tl.wall(), 'server.go:135', 'Shutting down server.'))
        .wait(5)
        .exit(0),
  };
}

/** options.go Validate, in its order (the file checks are os.Stat's). */
function validateServer(
  input: ImageProgramInput['input'],
  get: (name: string) => string,
): string | undefined {
  const files: [flag: string, what: string, pair?: [string, string]][] = [
    ['server-key', 'server key', ['server-cert', 'server cert']],
    ['server-cert', 'server cert', ['server-key', 'server key']],
    ['server-ca-cert', 'server CA cert'],
    ['cluster-key', 'cluster key', ['cluster-cert', 'cluster cert']],
    ['cluster-cert', 'cluster cert', ['cluster-key', 'cluster key']],
    ['cluster-ca-cert', 'cluster CA cert'],
  ];
  for (const [flag, what, pair] of files) {
    const path = get(flag);
    if (!path) continue;
    const missing = statError(input, path);
    if (missing) return `error checking ${what} ${path}, got ${missing}`;
    if (pair && !get(pair[0]))
      return `cannot have ${pair[1]} empty when ${what} is set to ${q(path)}`;
  }
  const mode = get('mode');
  if (mode !== 'grpc' && mode !== 'http-connect')
    return `mode must be set to either 'grpc' or 'http-connect' not ${q(mode)}`;
  const uds = get('uds-name');
  if (uds) {
    if (get('server-port') !== '0')
      return `server port should be set to 0 not ${get('server-port')} for UDS`;
    if (get('server-key')) return 'server key should not be set for UDS';
    if (get('server-cert')) return 'server cert should not be set for UDS';
    if (get('server-ca-cert')) return 'server ca cert should not be set for UDS';
  }
  const ports = ['server', 'agent', 'admin', 'health'] as const;
  for (const p of ports)
    if (Number(get(`${p}-port`)) > 49151)
      return `please do not try to use ephemeral port ${get(`${p}-port`)} for the ${p} port`;
  for (const p of ports)
    if (Number(get(`${p}-port`)) < 1024 && (p !== 'server' || !uds))
      return `please do not try to use reserved port ${get(`${p}-port`)} for the ${p} port`;
  const kubeconfig = get('kubeconfig');
  if (kubeconfig && get('agent-namespace')) {
    const missing = statError(input, kubeconfig);
    if (missing) return `error checking KubeconfigPath ${q(kubeconfig)}, got ${missing}`;
  }
  return undefined;
}

/** cmd/agent/app/options/options.go Flags(), with NewGrpcProxyAgentOptions' defaults. */
function agentFlags(agentID: string): GoFlag[] {
  const int = (name: string, usage: string, def: string): GoFlag => ({
    name,
    type: 'int',
    usage,
    def,
  });
  const duration = (name: string, usage: string, def: string): GoFlag => ({
    name,
    type: 'duration',
    usage,
    def,
  });
  return [
    str('agent-cert', 'If non-empty secure communication with this cert.'),
    str('agent-key', 'If non-empty secure communication with this key.'),
    str('ca-cert', 'If non-empty the CAs we use to validate clients.'),
    str('proxy-server-host', 'The hostname to use to connect to the proxy-server.', '127.0.0.1'),
    int('proxy-server-port', 'The port the proxy server is listening on.', '8091'),
    {
      name: 'alpn-proto',
      type: 'stringSlice',
      usage:
        'Additional ALPN protocols to be presented when connecting to the server. Useful to distinguish between network proxy and apiserver connections that share the same destination address.',
      def: '[]',
    },
    str('health-server-host', 'The host address to listen on, without port.'),
    int('health-server-port', 'The port the health server is listening on.', '8093'),
    int('admin-server-port', 'The port the admin server is listening on.', '8094'),
    str(
      'admin-bind-address',
      'Bind address for admin connections. If empty, we will bind to all interfaces.',
      '127.0.0.1',
    ),
    bool('enable-profiling', 'enable pprof at host:admin-port/debug/pprof'),
    bool(
      'enable-contention-profiling',
      'enable contention profiling at host:admin-port/debug/pprof/block. "--enable-profiling" must also be set.',
    ),
    str(
      'agent-id',
      "The unique ID of this agent. Can also be set by the 'PROXY_AGENT_ID' environment variable. Default to a generated uuid if not set.",
      agentID,
    ),
    duration(
      'sync-interval',
      'The initial interval by which the agent periodically checks if it has connections to all instances of the proxy server.',
      '1s',
    ),
    duration(
      'probe-interval',
      'The interval by which the agent periodically checks if its connections to the proxy server are ready.',
      '1s',
    ),
    duration(
      'sync-interval-cap',
      'The maximum interval for the SyncInterval to back off to when unable to connect to the proxy server',
      '10s',
    ),
    duration('keepalive-time', 'Time for gRPC agent server keepalive.', '1h0m0s'),
    str(
      'service-account-token-path',
      'If non-empty proxy agent uses this token to prove its identity to the proxy server.',
    ),
    str(
      'agent-identifiers',
      'Identifiers of the agent that will be used by the server when choosing agent. N.B. the list of identifiers must be in URL encoded format. e.g.,host=localhost&host=node1.mydomain.com&cidr=127.0.0.1/16&ipv4=1.2.3.4&ipv4=5.6.7.8&ipv6=:::::&default-route=true',
    ),
    bool(
      'warn-on-channel-limit',
      'Turns on a warning if the system is going to push to a full channel. The check involves an unsafe read.',
    ),
    bool(
      'sync-forever',
      'If true, the agent continues syncing, in order to support server count changes.',
    ),
  ];
}

/** A Go duration flag's value (`1s`, `1m30s`, `500ms`) in ms, for the back-off. */
function durationMs(d: string): number {
  let ms = 0;
  for (const [, n, unit] of d.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g))
    ms += Number(n) * { h: 3_600_000, m: 60_000, s: 1000, ms: 1 }[unit as 'h' | 'm' | 's' | 'ms'];
  return ms;
}

/** proxy-agent v0.0.37. */
export function proxyAgent({ args, input, start }: ImageProgramInput): ServerSpec {
  const id =
    input.env.PROXY_AGENT_ID || uuid(`${input.namespace}/${input.podName}/${start.wall()}`);
  const flags = [...agentFlags(id), ...klogFlags('4', '2.70')];
  const o = parseFlags(args, flags);
  const get = (name: string) => o.get(name) ?? '';
  start.wait(5);
  if (Number(get('v')) >= 1) {
    const alpn = get('alpn-proto');
    const lines: [string, string][] = [
      ['AgentCert', ` set to ${q(get('agent-cert'))}.`],
      ['AgentKey', ` set to ${q(get('agent-key'))}.`],
      ['CACert', ` set to ${q(get('ca-cert'))}.`],
      ['ProxyServerHost', ` set to ${q(get('proxy-server-host'))}.`],
      ['ProxyServerPort', ` set to ${get('proxy-server-port')}.`],
      // %+s of a []string.
      ['ALPNProtos', ` set to [${alpn === '[]' ? '' : alpn.split(',').join(' ')}].`],
      ['HealthServerHost', ` set to ${get('health-server-host')}`],
      ['HealthServerPort', ` set to ${get('health-server-port')}.`],
      ['Admin bind address', ` set to ${q(get('admin-bind-address'))}.`],
      ['AdminServerPort', ` set to ${get('admin-server-port')}.`],
      ['EnableProfiling', ` set to ${get('enable-profiling')}.`],
      ['EnableContentionProfiling', ` set to ${get('enable-contention-profiling')}.`],
      ['AgentID', ` set to ${get('agent-id')}.`],
      ['SyncInterval', ` set to ${get('sync-interval')}.`],
      ['ProbeInterval', ` set to ${get('probe-interval')}.`],
      ['SyncIntervalCap', ` set to ${get('sync-interval-cap')}.`],
      ['Keepalive time', ` set to ${get('keepalive-time')}.`],
      ['ServiceAccountTokenPath', ` set to ${q(get('service-account-token-path'))}.`],
      ['AgentIdentifiers', ` set to ${get('agent-identifiers')}.`],
      ['WarnOnChannelLimit', ` set to ${get('warn-on-channel-limit')}.`],
      ['SyncForever', ` set to ${get('sync-forever')}.`],
    ];
    start.err(
      lines.map(([what, rest], i) =>
        klog('I', start.wall(), `options.go:${123 + i}`, `${what}${rest}`),
      ),
    );
  }
  const invalid = validateAgent(input, get);
  if (invalid) {
    const err = `failed to validate agent options with ${invalid}`;
    start.err(cobraFailure('agent', flags, err));
    start.err(klog('E', start.wall(), 'main.go:48', `error: ${err}`));
    return { start: start.exit(1) };
  }
  // clientset.go sync: connectOnce, then backoff.Step() (wait.Backoff: ×1.5 up to the cap,
  // jitter 0.1) before the next attempt.
  const address = `${get('proxy-server-host')}:${get('proxy-server-port')}`;
  const cap = durationMs(get('sync-interval-cap'));
  let step = durationMs(get('sync-interval'));
  let jitter = parseInt(id.replace(/-/g, '').slice(0, 8), 16) || 1;
  let sleep = 0;
  const health = Number(get('health-server-port'));
  return {
    start,
    listens: [health],
    http: (port, path) => {
      if (port !== health) return undefined;
      if (path === '/healthz' || path === '/ready' || path === '/readyz')
        return { status: 200, body: 'ok' };
      return { status: 404, body: '404 page not found\n' };
    },
    loop: (tl) => {
      // grpc-go 1.40: the dial gives up after its 20 s minimum connect timeout, and the Connect
      // stream (not wait-for-ready) fails with the connection's error.
      tl.wait(sleep + 20_000).err(
        klog(
          'E',
          tl.wall(),
          'clientset.go:188',
          `"cannot connect once" err=${q(`rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial tcp ${address}: i/o timeout"`)}`,
        ),
      );
      jitter = (jitter * 1_103_515_245 + 12_345) % 2 ** 31;
      sleep = step * (1 + (0.1 * jitter) / 2 ** 31);
      step = Math.min(step * 1.5, cap);
    },
    // No signal handler: Go's runtime as PID 1 finds SIGTERM's default action ignored, exits 2.
    onStop: (tl) => tl.exit(2),
  };
}

/** cmd/agent/app/options/options.go Validate, in its order. */
function validateAgent(
  input: ImageProgramInput['input'],
  get: (name: string) => string,
): string | undefined {
  const files: [flag: string, what: string, pair?: [string, string]][] = [
    ['agent-key', 'agent key', ['agent-cert', 'agent cert']],
    ['agent-cert', 'agent cert', ['agent-key', 'agent key']],
    ['ca-cert', 'agent CA cert'],
  ];
  for (const [flag, what, pair] of files) {
    const path = get(flag);
    if (!path) continue;
    const missing = statError(input, path);
    if (missing) return `error checking ${what} ${path}, got ${missing}`;
    if (pair && !get(pair[0]))
      return `cannot have ${pair[1]} empty when ${what} is set to "${path}"`;
  }
  for (const [flag, what] of [
    ['proxy-server-port', 'proxy server port'],
    ['health-server-port', 'health server port'],
    ['admin-server-port', 'admin server port'],
  ])
    if (Number(get(flag)) <= 0) return `${what} ${get(flag)} must be greater than 0`;
  const token = get('service-account-token-path');
  if (token) {
    const missing = statError(input, token);
    if (missing) return `error checking service account token path ${token}, got ${missing}`;
  }
  return undefined;
}
