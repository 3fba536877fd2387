/**
 * Real kubectl v1.31 against `sim serve` on the APIs beyond the built-in resources, each on a
 * cluster of its own: `auth can-i` / `whoami` / `--as` (the access reviews and impersonation
 * headers), whose transcript must be our kubectl's golden rbac-can-i.golden.txt; a
 * CustomResourceDefinition and its custom resources (apply, server-side apply, get with the
 * CRD's printer columns, -o yaml, describe, explain, field selectors, watch, patch, delete); and
 * HorizontalPodAutoscalers read at autoscaling/v1. Skipped, saying so, without the binary.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAN_I } from '../engine/testing/canISteps';
import { KUBECTL, served } from './realKubectlHarness';

const here = dirname(fileURLToPath(import.meta.url));

if (!KUBECTL)
  console.log(
    'real kubectl comparison skipped: no kubectl v1.31 binary (install the kubectl package, or set KUBEGLASS_REAL_KUBECTL)',
  );

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

  it('lists the resources and versions it serves as ours does', async () => {
    await s.same('api-resources');
    await s.same('api-resources -o wide');
    await s.same('api-versions');
    // Deprecated since v1.19: the server's Warning header, printed by real kubectl.
    await s.same('get cs');
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
