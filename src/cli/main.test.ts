import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const tsx = join(root, 'node_modules/.bin/tsx');
const main = join(root, 'src/cli/main.ts');

function sim(...args: string[]) {
  const r = spawnSync(tsx, [main, ...args], { cwd: root, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

describe('npm run sim', () => {
  it('applies three pods and prints them Running with their events, the same twice', () => {
    const a = sim('apply', '-f', 'public/examples/three-pods.yaml', '--seed', '5', '--for', '1m');
    const b = sim('apply', '-f', 'public/examples/three-pods.yaml', '--seed', '5', '--for', '1m');
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('pod/web created\npod/cache created\npod/ticker created\n');
    expect(
      a.stdout.match(
        /^\S+\s+1\/1\s+Running\s+0\s+\S+\s+10\.244\.\d\.\d+\s+worker-\d\s+<none>\s+<none>$/gm,
      ),
    ).toHaveLength(3);
    for (const reason of ['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']) {
      expect(a.stdout.match(new RegExp(`Normal\\s+${reason}\\s`, 'g'))).toHaveLength(3);
    }
    const pods = a.stdout.slice(0, a.stdout.indexOf('$ kubectl get events'));
    expect(pods).not.toMatch(/control-plane/);
    expect(b.stdout).toBe(a.stdout);
  });

  it('--metrics-server runs the addon: an autoscaler reads CPU and scales up under load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-'));
    const file = join(dir, 'hpa.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: php-apache}\nspec:\n  selector: {matchLabels: {run: php-apache}}\n  template:\n    metadata: {labels: {run: php-apache}}\n    spec:\n      containers: [{name: php-apache, image: registry.k8s.io/hpa-example, resources: {limits: {cpu: 500m}, requests: {cpu: 200m}}}]',
        'apiVersion: v1\nkind: Service\nmetadata: {name: php-apache}\nspec: {ports: [{port: 80}], selector: {run: php-apache}}',
        'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: php-apache}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: php-apache}\n  minReplicas: 1\n  maxReplicas: 10\n  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]',
        'apiVersion: v1\nkind: Pod\nmetadata: {name: load}\nspec:\n  containers: [{name: load, image: busybox:1.28, command: [sh, -c, "while sleep 0.01; do wget -q -O- http://php-apache; done"]}]',
      ].join('\n---\n'),
    );
    const running = (out: string) => (out.match(/^php-apache-\S+\s+1\/1\s+Running/gm) ?? []).length;
    const on = sim('apply', '-f', file, '--for', '3m', '--metrics-server');
    expect(on.code).toBe(0);
    expect(running(on.stdout)).toBeGreaterThan(1);
    expect(on.stdout).toMatch(
      /SuccessfulRescale\s+horizontalpodautoscaler\/php-apache\s+New size: \d+; reason: cpu resource utilization \(percentage of request\) above target/,
    );
    // Without it, as on kind, the autoscaler cannot read CPU and leaves one Pod.
    const off = sim('apply', '-f', file, '--for', '3m');
    expect(running(off.stdout)).toBe(1);
    expect(off.stdout).toContain('FailedGetResourceMetric');
  });

  it("prints kubectl's error for an invalid manifest and exits non-zero", () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: -1\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: nginx, image: nginx}]\n',
    );
    const r = sim('apply', '-f', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
    );
  });

  it('names the file, line and column of a YAML syntax error, with no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n spec: oops\n');
    const r = sim('apply', '-f', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^error: error parsing ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: error converting YAML to JSON: yaml: line 5: .+ \\(column \\d+\\)\\n$`,
      ),
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 1 with kubectl's error for a file with no objects, and runs nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-'));
    const file = join(dir, 'empty.yaml');
    writeFileSync(file, '---\nnull\n');
    const r = sim('apply', '-f', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: no objects passed to apply\n');
    expect(r.stdout).toBe('');
  });

  it('exits 1 when one document fails, after applying the ones before it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-'));
    const file = join(dir, 'partial.yaml');
    writeFileSync(
      file,
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: ConfigMap\ndata:\n  a: b\n   c: d\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n',
    );
    const r = sim('apply', '-f', file, '--for', '1s');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^configmap\/a created\n/);
    expect(r.stdout).not.toContain('configmap/c');
    expect(r.stderr).toMatch(
      /^error: error parsing .*partial\.yaml: error converting YAML to JSON/,
    );
  });

  it("refuses bytes that are not UTF-8 with the YAML reader's error, applying only the documents before them", () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-'));
    const file = join(dir, 'latin1.yaml');
    const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n';
    const bad = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {drink: caf';
    writeFileSync(
      file,
      Buffer.concat([Buffer.from(head + bad), Buffer.from([0xe9]), Buffer.from('}\n')]),
    );
    const r = sim('apply', '-f', file, '--for', '1s');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^configmap\/a created\n/);
    expect(r.stdout).not.toContain('configmap/b');
    expect(r.stdout).not.toContain('\ufffd');
    expect(r.stderr.split('\n')[0]).toBe(
      `error: error parsing ${file}: error converting YAML to JSON: yaml: invalid trailing UTF-8 octet (line 8, column 18)`,
    );
    // A scenario file is read the same way: refused whole, nothing run.
    const scenario = join(dir, 'bad-scenario.yaml');
    writeFileSync(
      scenario,
      Buffer.concat([Buffer.from('steps:\n  - narrate: caf'), Buffer.from([0xc3])]),
    );
    const s = sim('scenario', scenario);
    expect(s.code).toBe(1);
    expect(s.stdout).toBe('');
    expect(s.stderr).toMatch(/yaml: incomplete UTF-8 octet sequence \(line 2, column 17\)\n$/);
  });

  it('prints usage for an unknown flag or command', () => {
    const r = sim('apply', '--bogus');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown flag: --bogus\n\nkubeglass sim/);
    expect(sim('frobnicate').stderr).toMatch(/^error: unknown command "frobnicate"/);
  });

  it('runs a scenario, echoing kubectl steps and failing on an unmet expectation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kg-'));
    const file = join(dir, 's.yaml');
    writeFileSync(
      file,
      [
        'cluster: { workers: 2, cpu: "4", memory: 8Gi, seed: 3 }',
        'steps:',
        '  - apply: |',
        '      apiVersion: v1',
        '      kind: Pod',
        '      metadata: { name: web }',
        '      spec: { containers: [{ name: nginx, image: nginx:1.27 }] }',
        '  - wait: 30s',
        '  - kubectl: get pods',
        '  - expect: { kind: Pod, phase: Running, count: 1 }',
        '  - expect: { kind: Pod, phase: Running, count: 2 }',
      ].join('\n'),
    );
    const r = sim('scenario', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '$ kubectl get pods\nNAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          30s\n',
    );
    expect(r.stdout).toContain('✓ expect Pod phase=Running count=1');
    expect(r.stdout).toMatch(
      /✗ line 11: expect Pod phase=Running count=2: expected 2 matching Pod\(s\), found 1/,
    );
  });
});
