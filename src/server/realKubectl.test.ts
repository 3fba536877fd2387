/**
 * Real kubectl v1.31 against `sim serve`, beside our kubectl on the same cluster: the same
 * commands (get pods -o wide, apply first and second, describe, logs, scale, rollout status,
 * delete) must print the same text, ages aside. Also records the requests real kubectl's apply
 * sends (first apply, a changed field, a field removed) into testdata/real-kubectl-apply.golden.txt
 * (regenerate with UPDATE_GOLDEN=1 and review).
 *
 * Then, each on a cluster of its own: `auth can-i` / `whoami` / `--as` (the access reviews and
 * impersonation headers), whose transcript must be our kubectl's golden rbac-can-i.golden.txt;
 * a CustomResourceDefinition and its custom resources (apply, get with the CRD's printer
 * columns, -o yaml, describe, explain, field selectors, watch, delete); and
 * HorizontalPodAutoscalers read at autoscaling/v1.
 *
 * The binary: $KUBEGLASS_REAL_KUBECTL, else the `kubectl.1.31` the Debian kubectl package installs.
 * Without one the suite is skipped and says so; CI does not depend on it.
 */
import { execFile, execSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../engine/cluster';
import { CAN_I } from '../engine/testing/canISteps';
import { clusterEnv } from '../engine/kubectl/env';
import { runKubectl, type KubectlResult } from '../engine/kubectl/run';
import { serve, type RecordedRequest, type SimServer } from './http';
import { writeKubeconfig } from './kubeconfig';
import { selfSignedCertificate } from './tls';

const here = dirname(fileURLToPath(import.meta.url));

function findKubectl(): string | undefined {
  const fromEnv = process.env.KUBEGLASS_REAL_KUBECTL;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  try {
    const listed = execSync('dpkg -L kubectl 2>/dev/null', { encoding: 'utf8' });
    return listed.split('\n').find((l) => l.endsWith('kubectl.1.31'));
  } catch {
    return undefined;
  }
}

const KUBECTL = findKubectl();
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

/** Ages and column padding aside: `5s`, `3m12s`, `334d` become AGE; runs of spaces one space. */
function normalize(text: string): string {
  return text
    .replace(/(?<=\s|\()(\d+d)?(\d+h)?(\d+m)?(\d+s)?(?=\s|\)|$)/gm, (m) => (m ? 'AGE' : m))
    .replace(/<invalid>/g, 'AGE')
    .replace(/[ \t]+/g, ' ')
    .replace(/ $/gm, '');
}

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

/** A cluster of its own served over HTTPS, with real kubectl and ours beside it. */
async function served(seed: number) {
  const cluster = new Cluster({ workers: 2, cpu: '4', memory: '8Gi', seed }).start();
  const server = await serve(cluster, {
    port: 0,
    address: '127.0.0.1',
    speed: 20,
    requireToken: true,
    tls: selfSignedCertificate(['127.0.0.1']),
  });
  const dir = mkdtempSync(join(tmpdir(), 'kubeglass-real-kubectl-'));
  writeKubeconfig(join(dir, 'kubeconfig'), server.url, server.token, server.caCert);
  const args = (a: string[]) => [
    '--kubeconfig',
    join(dir, 'kubeconfig'),
    '--cache-dir',
    join(dir, 'cache'),
    ...a,
  ];
  const real = (a: string[]): Promise<KubectlResult> =>
    new Promise((resolve) => {
      execFile(KUBECTL!, args(a), { timeout: 60_000 }, (err, stdout, stderr) =>
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
  /** Both print the same for one command (read-only, or on twins), ages aside. */
  const same = async (
    line: string,
    opts: { ours?: string; files?: Record<string, string>; sub?: (t: string) => string } = {},
  ) => {
    const r = await real(line.split(' '));
    const o = await ours(opts.ours ?? line, opts.files);
    const n = (t: string) => normalize(opts.sub ? opts.sub(t) : t);
    expect({ cmd: line, out: n(o.stdout), err: n(o.stderr), code: o.exitCode }).toEqual({
      cmd: line,
      out: normalize(r.stdout),
      err: normalize(r.stderr),
      code: r.exitCode,
    });
    return r;
  };
  /** Real kubectl's `-w`, stopped after `ms`; `during` runs while it watches. */
  const watchFor = (a: string[], ms: number, during: () => Promise<unknown>) =>
    new Promise<string>((resolve) => {
      const child = spawn(KUBECTL!, args(a));
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.on('close', () => resolve(out));
      setTimeout(() => void during(), 1_500);
      setTimeout(() => child.kill(), ms);
    });
  return { cluster, server, real, ours, file, same, watchFor };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!KUBECTL)('real kubectl v1.31: access reviews and impersonation', () => {
  let s: Awaited<ReturnType<typeof served>>;
  beforeAll(async () => {
    s = await served(7);
  });
  afterAll(() => s?.server.close());

  it("prints our kubectl's rbac-can-i golden transcript", async () => {
    // As a terminal shows it: cani.go's warnings come before the answer.
    let out = '';
    for (const step of CAN_I) {
      const r = await s.real(step.split(' '));
      out += `$ kubectl ${step}\n`;
      out += r.stderr.startsWith('Warning:') ? r.stderr + r.stdout : r.stdout + r.stderr;
      if (r.exitCode !== 0) out += `[exit ${r.exitCode}]\n`;
    }
    const golden = join(here, '../engine/kubectl/testdata/rbac-can-i.golden.txt');
    expect(out).toBe(readFileSync(golden, 'utf8'));
  }, 60_000);

  it('answers can-i, whoami and --as as ours does', async () => {
    await s.same('auth can-i create pods');
    await s.same('auth can-i --list');
    await s.same('auth whoami -o yaml');
    await s.same('auth can-i get pods --as=system:serviceaccount:default:default');
    await s.same('auth can-i get pods/log --as=jane');
    await s.same('auth can-i list pods --as=nobody --as-group=system:masters');
    await s.same('auth whoami --as=jane --as-group=devs');
    // The impersonated uid reaches the SelfSubjectReview (our kubectl has no --as-uid).
    const uid = await s.real(['auth', 'whoami', '--as=jane', '--as-uid=42']);
    expect(uid.stdout).toMatch(/^UID +42$/m);
    const forbidden = await s.real(['--as=jane', 'get', 'pods', '-n', 'kube-system']);
    expect(forbidden.stderr).toBe(
      'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "kube-system"\n',
    );
    // Watches are authorized as the impersonated user too.
    const watched = await s.real(['--as=jane', 'get', 'secrets', '-w', '--request-timeout=5s']);
    expect(watched.stderr).toContain('User "jane" cannot list resource "secrets"');
  }, 60_000);
});

const CRONTAB_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                cronSpec:
                  type: string
                image:
                  type: string
                replicas:
                  type: integer
                size:
                  type: string
                  enum: [S, M, L]
      additionalPrinterColumns:
      - name: Spec
        type: string
        description: The cron spec defining the interval a CronJob is run
        jsonPath: .spec.cronSpec
      - name: Replicas
        type: integer
        description: The number of jobs launched by the CronJob
        jsonPath: .spec.replicas
      - name: Image
        type: string
        priority: 1
        jsonPath: .spec.image
      - name: Age
        type: date
        jsonPath: .metadata.creationTimestamp
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames:
    - ct
`;

const crontab = (name: string, image: string, extra = '') => `apiVersion: "stable.example.com/v1"
kind: CronTab
metadata:
  name: ${name}
spec:
  cronSpec: "* * * * */5"
  image: ${image}
${extra}`;

describe.skipIf(!KUBECTL)('real kubectl v1.31: custom resources', () => {
  let s: Awaited<ReturnType<typeof served>>;
  beforeAll(async () => {
    s = await served(11);
  });
  afterAll(() => s?.server.close());

  it('applies, gets, explains, watches and deletes custom resources as ours does', async () => {
    const crd = await s.real(['apply', '-f', s.file('crd.yaml', CRONTAB_CRD)]);
    expect(crd.stdout).toBe(
      'customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n',
    );
    await sleep(1_000); // Established, and in discovery.
    const twin = (t: string) => t.replaceAll('cron-b', 'cron-a');
    // Real kubectl works on cron-a, ours on its twin cron-b.
    await s.same(`apply -f ${s.file('ct.yaml', crontab('cron-a', 'my-awesome-cron-image'))}`, {
      ours: 'apply -f ct.yaml',
      files: { 'ct.yaml': crontab('cron-b', 'my-awesome-cron-image') },
      sub: twin,
    });
    await s.same('get crontabs');
    await s.same('get ct -o wide');
    await s.same('get crontab.v1.stable.example.com cron-a -o yaml');
    await s.same('get ct cron-a -o json');
    await s.same('get ct -o name');
    await s.same('get ct --show-labels');
    await s.same('describe ct cron-a');
    await s.same('explain crontab');
    await s.same('explain crontab.spec');
    await s.same('api-resources --api-group=stable.example.com');
    // A second apply: a JSON merge patch (no strategic merge for a custom resource).
    const v2 = (n: string) => crontab(n, 'my-awesome-cron-image:2', '  replicas: 3\n');
    await s.same(`apply -f ${s.file('ct.yaml', v2('cron-a'))}`, {
      ours: 'apply -f ct.yaml',
      files: { 'ct.yaml': v2('cron-b') },
      sub: twin,
    });
    await s.same('get ct');
    // The schema refuses what it does not allow.
    const bad = (n: string) => crontab(n, 'x', '  size: XL\n');
    await s.same(`apply -f ${s.file('bad.yaml', bad('cron-c'))}`, {
      ours: 'apply -f bad.yaml',
      files: { 'bad.yaml': bad('cron-c') },
    });
    // A watch sees the resources there, then one created while it watches.
    const watched = await s.watchFor(['get', 'ct', '-w'], 5_000, () =>
      s.ours('apply -f w.yaml', { 'w.yaml': crontab('cron-w', 'w') }),
    );
    const names = watched
      .split('\n')
      .slice(1)
      .map((l) => l.split(/\s+/)[0])
      .filter(Boolean);
    expect(watched.split('\n')[0]).toMatch(/^NAME +SPEC +REPLICAS +AGE$/);
    expect(names).toEqual(['cron-a', 'cron-b', 'cron-w']);
    // Server-side apply (with the kubectl-last-applied patch that follows it) keeps the spec.
    const ssa = await s.real(['apply', '--server-side', '-f', s.file('ct.yaml', v2('cron-a'))]);
    expect(ssa.stdout).toBe('crontab.stable.example.com/cron-a serverside-applied\n');
    const spec = await s.real(['get', 'ct', 'cron-a', '-o', 'jsonpath={.spec}']);
    expect(JSON.parse(spec.stdout)).toEqual({
      cronSpec: '* * * * */5',
      image: 'my-awesome-cron-image:2',
      replicas: 3,
    });
    // kubectl patch's default strategic merge patch is refused for a custom resource (415, which
    // kubectl words as its own error).
    const strategic = await s.real(['patch', 'ct', 'cron-a', '-p', '{"spec":{"replicas":4}}']);
    expect(strategic.stderr).toBe(
      'error: application/strategic-merge-patch+json is not supported by stable.example.com/v1, Kind=CronTab: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n',
    );
    const merged = await s.real([
      'patch',
      'ct',
      'cron-a',
      '--type=merge',
      '-p',
      '{"spec":{"replicas":4}}',
    ]);
    expect(merged.stdout).toBe('crontab.stable.example.com/cron-a patched\n');
    await s.same('delete ct cron-a', { ours: 'delete ct cron-b', sub: twin });
    await s.same('get ct');
  }, 120_000);

  it('serves the shirt example with its printer columns and selectable fields', async () => {
    const dir = join(here, '../engine/testing/k8s-examples/customresourcedefinition');
    const crd = await s.real(['apply', '-f', join(dir, 'shirt-resource-definition.yaml')]);
    expect(crd.stderr).toBe('');
    await sleep(1_000);
    const shirts = await s.real(['apply', '-f', join(dir, 'shirt-resources.yaml')]);
    expect(shirts.stdout).toBe(
      [1, 2, 3].map((i) => `shirt.stable.example.com/example${i} created\n`).join(''),
    );
    await s.same('get shirts');
    await s.same('get shirts --field-selector spec.color=blue');
    await s.same('get shirts --field-selector spec.color=blue,spec.size=M -o name');
    await s.same('get shirts --field-selector spec.colour=blue');
  }, 60_000);
});

describe.skipIf(!KUBECTL)('real kubectl v1.31: HorizontalPodAutoscalers at autoscaling/v1', () => {
  let s: Awaited<ReturnType<typeof served>>;
  beforeAll(async () => {
    s = await served(13);
  });
  afterAll(() => s?.server.close());

  it('reads autoscaling/v1 as ours does', async () => {
    const hpa = `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: php}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: php}
  minReplicas: 1
  maxReplicas: 10
  targetCPUUtilizationPercentage: 50
`;
    expect((await s.real(['create', 'deployment', 'php', '--image=nginx'])).exitCode).toBe(0);
    const applied = await s.real(['apply', '-f', s.file('hpa.yaml', hpa)]);
    expect(applied.stdout).toBe('horizontalpodautoscaler.autoscaling/php created\n');
    await sleep(2_000);
    // A short name drops the version (hpa.v1.autoscaling reads the preferred v2); the full
    // name reads autoscaling/v1, with v1's round-trip annotations.
    await s.same('get hpa.v1.autoscaling');
    await s.same('get hpa.v1.autoscaling php -o yaml');
    await s.same('get horizontalpodautoscalers.v1.autoscaling php -o yaml');
    await s.same('get horizontalpodautoscaler.v1.autoscaling -o wide');
    await s.same('get horizontalpodautoscalers.v9.autoscaling');
    const v1 = await s.real([
      'get',
      'horizontalpodautoscalers.v1.autoscaling',
      'php',
      '-o',
      'yaml',
    ]);
    expect(v1.stdout).toContain('targetCPUUtilizationPercentage: 50');
    expect(v1.stdout).toContain('autoscaling.alpha.kubernetes.io/conditions');
    // A patch at v1 changes the stored v2 object.
    const patched = await s.real([
      'patch',
      'horizontalpodautoscalers.v1.autoscaling',
      'php',
      '-p',
      '{"spec":{"targetCPUUtilizationPercentage":70}}',
    ]);
    expect(patched.stdout).toBe('horizontalpodautoscaler.autoscaling/php patched\n');
    const v2 = await s.real([
      'get',
      'hpa',
      'php',
      '-o',
      'jsonpath={.spec.metrics[0].resource.target}',
    ]);
    expect(JSON.parse(v2.stdout)).toEqual({ averageUtilization: 70, type: 'Utilization' });
  }, 60_000);
});
