import { describe, expect, it } from 'vitest';
import { startProgram } from '..';
import type { Program, ProgramInput, ProgramStep } from '..';
import type { Mount } from '../../shell/types';
import { flagUsages } from './goCommand';

const base: ProgramInput = {
  image: '',
  env: {},
  containerName: 'c',
  podName: 'p',
  namespace: 'kube-system',
  hostname: 'p',
  podIP: '10.244.1.7',
};

function drain(p: Program, max = 300): ProgramStep[] {
  const out: ProgramStep[] = [];
  for (let i = 0; i < max; i++) {
    const s = p.next();
    if (!s) break;
    out.push(s);
    if (s.type === 'exit') break;
  }
  return out;
}
const lines = (steps: ProgramStep[]) => steps.flatMap((s) => (s.type === 'output' ? [s.text] : []));
/** A log line without klog's date: `I options.go:124] …`. */
const undated = (l: string) => l.replace(/^([IE])\d{4} \d\d:\d\d:\d\d\.\d{6} {7}1 /, '$1 ');
const mount = (path: string, files: Record<string, string>): Mount => ({
  path,
  files: new Map(Object.entries(files)),
  readOnly: true,
});

describe('proxy-server v0.0.32 (the Konnectivity server)', () => {
  const args = [
    '--logtostderr=true',
    '--uds-name=/etc/kubernetes/konnectivity-server/konnectivity-server.socket',
    '--cluster-cert=/etc/kubernetes/pki/apiserver.crt',
    '--cluster-key=/etc/kubernetes/pki/apiserver.key',
    '--mode=grpc',
    '--server-port=0',
    '--agent-port=8132',
    '--admin-port=8133',
    '--health-port=8134',
    '--agent-namespace=kube-system',
    '--agent-service-account=konnectivity-agent',
    '--kubeconfig=/etc/kubernetes/konnectivity-server.conf',
    '--authentication-audience=system:konnectivity-server',
  ];
  const server = (mounts: Mount[]) =>
    startProgram(
      {
        ...base,
        image: 'registry.k8s.io/kas-network-proxy/proxy-server:v0.0.32',
        command: ['/proxy-server'],
        args,
        mounts,
      },
      () => 0,
    );
  const kubeconfig = mount('/etc/kubernetes/konnectivity-server.conf', { '': '' });
  kubeconfig.file = true;
  kubeconfig.subPath = 'konnectivity-server.conf';
  kubeconfig.files = new Map([['/konnectivity-server.conf', '']]);

  it("on a worker (no API server key) fails Validate at --cluster-key: cobra's error and usage, main's log, exit 1", () => {
    const steps = drain(server([mount('/etc/kubernetes/pki', { '/ca.crt': 'x' }), kubeconfig]));
    const out = lines(steps).map(undated);
    expect(out.slice(0, 4)).toEqual([
      'I options.go:124] ServerCert set to "".',
      'I options.go:125] ServerKey set to "".',
      'I options.go:126] ServerCACert set to "".',
      'I options.go:127] ClusterCert set to "/etc/kubernetes/pki/apiserver.crt".',
    ]);
    expect(out).toContain('I options.go:133] Server port set to 0.');
    expect(out).toContain('I options.go:147] KubeconfigQPS set to 0.000000.');
    const err =
      'failed to validate server options with error checking cluster key /etc/kubernetes/pki/apiserver.key, got stat /etc/kubernetes/pki/apiserver.key: no such file or directory';
    const at = out.indexOf(`Error: ${err}`);
    expect(at).toBe(28);
    expect(out.slice(at + 1, at + 5)).toEqual(['Usage:', '  proxy [flags]', '', 'Flags:']);
    expect(out[at + 5]).toBe(
      '      --add-dir-header                     If true, adds the file directory to the header of the log messages',
    );
    expect(out).toContain('  -h, --help                               help for proxy');
    expect(out).toContain(
      '  -v, --v Level                            number for the log level verbosity (default 4)',
    );
    expect(out).toContain(
      '      --log-backtrace-at traceLocation     when logging hits line file:N, emit a stack trace (default :0)',
    );
    // 28 of the server's flags, 13 of klog's, --help.
    expect(out.length - (at + 5) - 1).toBe(42);
    expect(out.at(-1)).toBe(`E main.go:49] error: ${err}`);
    expect(steps.at(-1)).toMatchObject({ type: 'exit', code: 1 });
  });

  it('with the API server certificate and key on the node, it serves its health port', () => {
    const p = server([
      mount('/etc/kubernetes/pki', { '/apiserver.crt': 'c', '/apiserver.key': 'k' }),
      kubeconfig,
    ]);
    const steps = drain(p);
    expect(steps.some((s) => s.type === 'exit')).toBe(false);
    expect(p.listens).toEqual([8132, 8133, 8134]);
    expect(p.http(8134, '/healthz')).toEqual({ status: 200, body: 'ok' });
    expect(p.terminate().at(-1)).toMatchObject({ type: 'exit', code: 0 });
  });
});

describe('proxy-agent v0.0.37 (the Konnectivity agent)', () => {
  const mounts = [
    mount('/var/run/secrets/kubernetes.io/serviceaccount', { '/ca.crt': 'ca', '/token': 't' }),
    mount('/var/run/secrets/tokens', { '/konnectivity-agent-token': 't' }),
  ];
  const agent = (m: Mount[]) =>
    startProgram(
      {
        ...base,
        image: 'us.gcr.io/k8s-artifacts-prod/kas-network-proxy/proxy-agent:v0.0.37',
        command: ['/proxy-agent'],
        args: [
          '--logtostderr=true',
          '--ca-cert=/var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
          '--proxy-server-host=35.225.206.7',
          '--proxy-server-port=8132',
          '--admin-server-port=8133',
          '--health-server-port=8134',
          '--service-account-token-path=/var/run/secrets/tokens/konnectivity-agent-token',
        ],
        mounts: m,
      },
      () => 0,
    );

  it('retries the unreachable server forever, each dial ending after 20 s, backing off 1 s ×1.5 to 10 s', () => {
    const p = agent(mounts);
    const steps = drain(p, 21 + 10);
    const out = lines(steps).map(undated);
    expect(out[0]).toBe('I options.go:123] AgentCert set to "".');
    expect(out[6]).toBe('I options.go:129] HealthServerHost set to ');
    expect(out[20]).toBe('I options.go:143] SyncForever set to false.');
    expect(out[21]).toBe(
      'E clientset.go:188] "cannot connect once" err="rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error while dialing dial tcp 35.225.206.7:8132: i/o timeout\\""',
    );
    expect(steps.some((s) => s.type === 'exit')).toBe(false);
    const gaps = steps.slice(21).map((s) => s.afterMs);
    expect(gaps[0]).toBe(20_000);
    const sleeps = [1000, 1500, 2250, 3375, 5062.5, 7593.75, 10_000, 10_000, 10_000];
    sleeps.forEach((d, i) => {
      expect(gaps[i + 1]).toBeGreaterThanOrEqual(20_000 + d);
      expect(gaps[i + 1]).toBeLessThan(20_000 + 1.1 * d);
    });
    // Its health server answers whatever the tunnel does: liveness passes, the pod runs.
    expect(p.listens).toEqual([8134]);
    expect(p.http(8134, '/healthz')).toEqual({ status: 200, body: 'ok' });
    expect(p.terminate()).toEqual([expect.objectContaining({ type: 'exit', code: 2 })]);
  });

  it('fails Validate without its token, with the usage of `agent`', () => {
    const out = lines(drain(agent(mounts.slice(0, 1)))).map(undated);
    const err =
      'failed to validate agent options with error checking service account token path /var/run/secrets/tokens/konnectivity-agent-token, got stat /var/run/secrets/tokens/konnectivity-agent-token: no such file or directory';
    expect(out[21]).toBe(`Error: ${err}`);
    expect(out.slice(22, 24)).toEqual(['Usage:', '  agent [flags]']);
    expect(out).toContain(
      '      --alpn-proto strings                  Additional ALPN protocols to be presented when connecting to the server. Useful to distinguish between network proxy and apiserver connections that share the same destination address.',
    );
    expect(out.at(-1)).toBe(`E main.go:48] error: ${err}`);
  });
});

describe("pflag's usage column", () => {
  it('puts three spaces after the longest flag and aligns the others with it', () => {
    expect(
      flagUsages([
        { name: 'port', type: 'int', usage: 'The port.', def: '80' },
        { name: 'name', type: 'string', usage: 'The name.', def: 'x' },
        { name: 'verbose', type: 'bool', usage: 'Talk.', def: 'false' },
      ]),
    ).toEqual([
      '      --name string   The name. (default "x")',
      '      --port int      The port. (default 80)',
      '      --verbose       Talk.',
    ]);
  });
});
