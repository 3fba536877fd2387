/**
 * Real kubectl v1.31 against `sim serve`, beside our kubectl on the same cluster: the same
 * commands (get pods -o wide, apply first and second, describe, logs, scale, rollout status,
 * delete) must print the same text, ages aside. Also records the requests real kubectl's apply
 * sends (first apply, a changed field, a field removed) into testdata/real-kubectl-apply.golden.txt
 * (regenerate with UPDATE_GOLDEN=1 and review).
 *
 * realKubectlApis.test.ts does the same for access reviews, custom resources and autoscaling/v1.
 *
 * The binary: $KUBEGLASS_REAL_KUBECTL, else the `kubectl.1.31` the Debian kubectl package installs.
 * Without one the suite is skipped and says so; CI does not depend on it.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../engine/cluster';
import { clusterEnv } from '../engine/kubectl/env';
import { runKubectl, type KubectlResult } from '../engine/kubectl/run';
import { serve, type RecordedRequest, type SimServer } from './http';
import { writeKubeconfig } from './kubeconfig';
import { KUBECTL, normalize } from './realKubectlHarness';
import { selfSignedCertificate } from './tls';

const here = dirname(fileURLToPath(import.meta.url));

if (!KUBECTL)
  console.log(
    'real kubectl comparison skipped: no kubectl v1.31 binary (install the kubectl package, or set KUBEGLASS_REAL_KUBECTL)',
  );

const web = (image: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${image}
${extra}`;
const env = '        env:\n        - name: MODE\n          value: fast\n';

describe.skipIf(!KUBECTL)('real kubectl v1.31 against sim serve, beside our kubectl', () => {
  let server: SimServer;
  let cluster: Cluster;
  let dir: string;
  let recorded: RecordedRequest[] = [];
  beforeAll(async () => {
    cluster = new Cluster({ workers: 3, cpu: '4', memory: '8Gi', seed: 5 }).start();
    server = await serve(cluster, {
      port: 0,
      address: '127.0.0.1',
      speed: 20,
      requireToken: true,
      tls: selfSignedCertificate(['127.0.0.1']),
      onRequest: (r) => recorded.push(r),
    });
    dir = mkdtempSync(join(tmpdir(), 'kubeglass-real-kubectl-'));
    writeKubeconfig(join(dir, 'kubeconfig'), server.url, server.token, server.caCert);
  });
  afterAll(() => server?.close());

  const real = (args: string[]): Promise<KubectlResult> =>
    new Promise((resolve) => {
      execFile(
        KUBECTL!,
        ['--kubeconfig', join(dir, 'kubeconfig'), '--cache-dir', join(dir, 'cache'), ...args],
        { timeout: 60_000 },
        (err, stdout, stderr) =>
          resolve({ stdout, stderr, exitCode: err ? ((err as { code?: number }).code ?? 1) : 0 }),
      );
    });
  const ours = (line: string, files: Record<string, string> = {}): Promise<KubectlResult> =>
    new Promise((resolve) =>
      runKubectl(clusterEnv(cluster, { readFile: (n) => files[n] }), line, resolve),
    );
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('prints what ours prints for the same commands on the same cluster', async () => {
    // Real kubectl works on `web`; ours on `web2`, a twin, where a command changes the cluster.
    const twin = (t: string) => t.replaceAll('name: web\n', 'name: web2\n');
    const same = async (
      args: string[],
      oursLine: string,
      files: Record<string, string> = {},
      twinned = oursLine.includes('web2') || Object.keys(files).length > 0,
    ) => {
      const r = await real(args);
      const o = await ours(oursLine, files);
      const sub = (t: string) => normalize(twinned ? t.replaceAll('web2', 'web') : t);
      expect({ cmd: args.join(' '), out: sub(o.stdout), err: sub(o.stderr) }).toEqual({
        cmd: args.join(' '),
        out: normalize(r.stdout),
        err: normalize(r.stderr),
      });
    };
    const v1 = web('nginx:1.27', env);
    await same(['apply', '-f', file('web.yaml', v1)], 'apply -f web.yaml', {
      'web.yaml': twin(v1),
    });
    const rolled = await real(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    expect(rolled.stdout.trim().split('\n').pop()).toBe('deployment "web" successfully rolled out');
    const oursRolled = await ours('rollout status deployment/web2');
    expect(oursRolled.stdout.trim().split('\n').pop()).toBe(
      'deployment "web2" successfully rolled out',
    );

    await same(['get', 'pods', '-o', 'wide'], 'get pods -o wide');
    await same(['describe', 'deployment', 'web'], 'describe deployment web');
    const pod = (await real(['get', 'pods', '-o', 'name'])).stdout.split('\n')[0];
    await same(['logs', pod], `logs ${pod}`);
    await same(['scale', 'deployment/web', '--replicas=2'], 'scale deployment/web2 --replicas=2');
    const v2 = web('nginx:1.26', env);
    await same(['apply', '-f', file('web.yaml', v2)], 'apply -f web.yaml', {
      'web.yaml': twin(v2),
    });
    // explain reads the OpenAPI v3 documents; exec is refused with a clear 501.
    const explained = await real(['explain', 'pod.spec.restartPolicy']);
    expect(explained.stdout).toContain('Restart policy for all containers within the pod');
    const current = (await real(['get', 'pods', '-o', 'name'])).stdout.split('\n')[0];
    const exec = await real(['exec', current, '--', 'ls']);
    expect(exec.stderr).toMatch(
      /^Error from server \(NotImplemented\): pods\/exec is not available/,
    );
    await same(['delete', 'deployment', 'web'], 'delete deployment web2');
  }, 120_000);

  // quota: describe is printed client-side by real kubectl, so this compares our describers
  // for ResourceQuota, LimitRange and ReplicationController, and the admission refusals.
  it('describes quotas, limit ranges and RCs as ours does', async () => {
    const quota = `apiVersion: v1
kind: ResourceQuota
metadata: {name: mem-cpu-demo, namespace: q}
spec:
  hard: {requests.cpu: "1", requests.memory: 1Gi, limits.cpu: "2", limits.memory: 2Gi, pods: "3"}
`;
    const limits = `apiVersion: v1
kind: LimitRange
metadata: {name: lr, namespace: q}
spec:
  limits:
  - {type: Container, max: {cpu: 800m, memory: 1Gi}, min: {cpu: 100m}, default: {memory: 512Mi}}
  - {type: Pod, max: {cpu: "2"}, maxLimitRequestRatio: {memory: "4"}}
`;
    const rc = `apiVersion: v1
kind: ReplicationController
metadata: {name: rc1, namespace: q}
spec:
  replicas: 2
  template:
    metadata: {labels: {app: rc1}}
    spec:
      containers: [{name: nginx, image: nginx, resources: {limits: {cpu: 200m, memory: 128Mi}}}]
`;
    expect((await real(['create', 'namespace', 'q'])).exitCode).toBe(0);
    for (const [name, text] of [
      ['quota.yaml', quota],
      ['lr.yaml', limits],
      ['rc.yaml', rc],
    ])
      expect((await real(['apply', '-f', file(name, text)])).stderr).toBe('');
    await new Promise((r) => setTimeout(r, 3000));
    // kubectl walks a Go map for a LimitRange item's resources: their order varies run to run.
    const same = async (args: string[], anyOrder = false) => {
      const r = await real(args);
      const o = await ours(args.join(' '));
      const n = (t: string) =>
        anyOrder ? normalize(t).split('\n').sort().join('\n') : normalize(t);
      expect({ cmd: args.join(' '), out: n(o.stdout), err: n(o.stderr) }).toEqual({
        cmd: args.join(' '),
        out: n(r.stdout),
        err: n(r.stderr),
      });
    };
    await same(['describe', 'quota', 'mem-cpu-demo', '-n', 'q']);
    await same(['describe', 'limitrange', 'lr', '-n', 'q'], true);
    await same(['describe', 'rc', 'rc1', '-n', 'q']);
    await same(['describe', 'namespace', 'q'], true);
    await same(['get', 'quota,limits,rc', '-n', 'q']);
    const bigPod = `apiVersion: v1
kind: Pod
metadata: {name: big, namespace: q}
spec:
  containers: [{name: c, image: nginx, resources: {limits: {cpu: "1", memory: 2Gi}}}]
`;
    const big = await real(['apply', '-f', file('big.yaml', bigPod)]);
    expect(big.stderr).toContain(
      'pods "big" is forbidden: [maximum cpu usage per Container is 800m, but limit is 1, maximum memory usage per Container is 1Gi, but limit is 2Gi]',
    );
  }, 60_000);

  it("records real kubectl's apply requests (golden)", async () => {
    const steps: [string, string][] = [
      [
        'first apply: GET (404), then POST with the last-applied annotation',
        web('nginx:1.27', env),
      ],
      ['image changed: GET, then a strategic merge PATCH', web('nginx:1.26', env)],
      ['env removed: the patch deletes it by its merge key', web('nginx:1.26')],
    ];
    let out = '';
    for (const [title, text] of steps) {
      recorded = [];
      const r = await real([
        'apply',
        '-f',
        file('cm.yaml', text.replace('name: web\n', 'name: rec\n')),
      ]);
      out += `# ${title}\n`;
      for (const q of recorded.filter((x) => x.url.includes('/deployments'))) {
        const type = q.contentType && q.method === 'PATCH' ? ` (${q.contentType})` : '';
        out += `${q.method} ${q.url}${type}\n`;
        if (q.body) out += `  ${JSON.stringify(JSON.parse(q.body))}\n`;
      }
      out += r.stdout + r.stderr + '\n';
    }
    await real(['delete', 'deployment', 'rec']);
    const golden = join(here, 'testdata', 'real-kubectl-apply.golden.txt');
    if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, out);
    expect(out).toBe(readFileSync(golden, 'utf8'));
  }, 60_000);
});
