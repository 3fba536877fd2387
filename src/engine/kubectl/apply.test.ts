/**
 * `kubectl apply -f`: what it refuses before sending anything, which documents it sends when one
 * is bad (kubectl's partial-apply rule), `kind: List`, and the requests client-side apply sends —
 * checked against a golden transcript of those requests (testdata/apply-requests.golden.txt;
 * regenerate with `UPDATE_GOLDEN=1` and review).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { resourceForPlural } from '../api/resources';
import type { KubeObject } from '../api/types';
import { kubectlSync } from '../scenario/runner';
import { applyManifest, type DocumentOutcome, type Requester } from './apply';
import { sortedJson } from './threeWayPatch';

const here = dirname(fileURLToPath(import.meta.url));

function newCluster(): Cluster {
  return new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 7 }).start();
}

function apply(cluster: Cluster, text: string, args = '') {
  return kubectlSync(cluster, `apply -f m.yaml${args}`, { 'm.yaml': text });
}

const cm = (name: string, data = 'k: v') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  ${data}\n`;

const exists = (cluster: Cluster, name: string) =>
  kubectlSync(cluster, `get cm ${name} -o name`).exitCode === 0;

describe('kubectl apply refuses input with no objects', () => {
  for (const [what, text] of [
    ['an empty file', ''],
    ['only comments', '# nothing here\n'],
    ['a lone ---', '---\n'],
    ['null', 'null\n'],
    ['--- between nulls', 'null\n---\n---\n'],
  ]) {
    it(`${what}: error: no objects passed to apply, exit 1`, () => {
      const r = apply(newCluster(), text);
      expect(r).toEqual({ stdout: '', stderr: 'error: no objects passed to apply\n', exitCode: 1 });
    });
  }
  it('kubectl delete -f deletes nothing and says so, exit 0', () => {
    expect(kubectlSync(newCluster(), 'delete -f m.yaml', { 'm.yaml': '' })).toEqual({
      stdout: 'No resources found\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('kubectl create -f says create', () => {
    const r = kubectlSync(newCluster(), 'create -f m.yaml', { 'm.yaml': '---\n' });
    expect(r.stderr).toBe('error: no objects passed to create\n');
    expect(r.exitCode).toBe(1);
  });
});

describe("kubectl's partial-apply rule", () => {
  it('stops at a document with a YAML error: those before are applied, none after', () => {
    const c = newCluster();
    const r = apply(c, `${cm('one')}---\nkind: ConfigMap\n  bad: : indent\n---\n${cm('three')}`);
    expect(r.stdout).toBe('configmap/one created\n');
    expect(r.stderr).toMatch(
      /^error: error parsing m\.yaml: error converting YAML to JSON: yaml: line \d+: /,
    );
    expect(r.exitCode).toBe(1);
    expect(exists(c, 'one')).toBe(true);
    expect(exists(c, 'three')).toBe(false);
  });

  it('stops at a document that fails client-side validation (no kind)', () => {
    const c = newCluster();
    const r = apply(
      c,
      `${cm('one')}---\napiVersion: v1\nmetadata: {name: two}\n---\n${cm('three')}`,
    );
    expect(r.stdout).toBe('configmap/one created\n');
    expect(r.stderr).toContain('error validating "m.yaml": error validating data: kind not set');
    expect(exists(c, 'three')).toBe(false);
  });

  it('goes on after a kind the server does not serve, and after a server-side error', () => {
    const c = newCluster();
    const r = apply(
      c,
      `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n---\n` +
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n---\n${cm('three')}`,
    );
    expect(r.stdout).toBe('configmap/three created\n');
    const lines = r.stderr.trimEnd().split('\n');
    // Several errors print as kubectl's aggregate: each as it says itself, no `error: ` prefix
    // (checked against kubectl v1.31).
    expect(lines[0]).toBe(
      'resource mapping not found for name: "w" namespace: "" from "m.yaml": no matches for kind "Widget" in version "example.com/v1"',
    );
    expect(lines[1]).toBe('ensure CRDs are installed first');
    expect(lines[2]).toMatch(
      /^Error from server \(Invalid\): error when creating "m\.yaml": ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value/,
    );
    expect(r.exitCode).toBe(1);
  });
});

describe('kind: List', () => {
  it('applies each item on its own, as kubectl flattens a list', () => {
    const c = newCluster();
    const list = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: a}
- apiVersion: v1
  kind: Service
  metadata: {name: s}
  spec:
    ports: [{port: 80}]
`;
    const r = apply(c, list);
    expect(r).toEqual({
      stdout: 'configmap/a created\nservice/s created\n',
      stderr: '',
      exitCode: 0,
    });
    expect(apply(c, list).stdout).toBe('configmap/a unchanged\nservice/s unchanged\n');
  });

  it('an empty list is no objects', () => {
    expect(apply(newCluster(), 'apiVersion: v1\nkind: List\nitems: []\n').stderr).toBe(
      'error: no objects passed to apply\n',
    );
  });
});

/** Runs `kubectl apply -f` through applyManifest, writing each request and its answer. */
function recordApply(cluster: Cluster, text: string): string {
  let log = '';
  let outcomes: DocumentOutcome[] | undefined;
  const request: Requester = (req, cb) => {
    const info = resourceForPlural(req.resource)!;
    const base = info.group ? `/apis/${info.apiVersion}` : '/api/v1';
    const path = `${base}/namespaces/${req.namespace}/${req.resource}${req.name ? `/${req.name}` : ''}`;
    const method = { get: 'GET', create: 'POST', patch: 'PATCH' }[req.verb as string] ?? req.verb;
    const type = req.patchType === 'strategic' ? ' (application/strategic-merge-patch+json)' : '';
    const params = [
      req.fieldManager && `fieldManager=${req.fieldManager}`,
      req.fieldValidation && `fieldValidation=${req.fieldValidation}`,
    ].filter(Boolean);
    const query = params.length ? `?${params.join('&')}` : '';
    log += `${method} ${path}${query}${type}\n`;
    if (req.body !== undefined) log += `  ${sortedJson(req.body)}\n`;
    cluster.request(req, (r) => {
      log += `  → ${r.code}\n`;
      cb(r);
    });
  };
  applyManifest(text, 'web.yaml', 'default', request, (o) => (outcomes = o), 'apply', {
    fieldValidation: 'Strict',
  });
  cluster.clock.runUntilCondition(() => outcomes !== undefined, 60_000);
  for (const o of outcomes ?? []) log += `${o.ok ? '' : 'stderr: '}${o.message}\n`;
  return log;
}

const deployment = (image: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
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

describe('client-side apply sends the requests kubectl v1.31 sends', () => {
  it('first apply, the same again, a changed field, a field removed', () => {
    const c = newCluster();
    // Compared with what kubectl v1.31.9 sent to a recording server for the same five files: the
    // same requests and bodies (src/server/applyGolden.test.ts checks three of them against the
    // real binary's recording).
    let out = '';
    const step = (title: string, text: string) => {
      out += `# ${title}\n${recordApply(c, text)}\n`;
      c.clock.advance(5_000);
    };
    const env = '        env:\n        - name: MODE\n          value: fast\n';
    step(
      'first apply: GET (404), then POST with the last-applied annotation',
      deployment('nginx:1.27', env),
    );
    step('the same file again: GET, an empty patch, no request', deployment('nginx:1.27', env));
    step(
      'image changed: GET, then a strategic merge PATCH of that field',
      deployment('nginx:1.28', env),
    );
    step('env removed: the patch deletes it by its merge key', deployment('nginx:1.28'));
    step(
      'replicas removed from the file: null in the patch',
      deployment('nginx:1.28').replace('  replicas: 2\n', ''),
    );
    const file = join(here, 'testdata', 'apply-requests.golden.txt');
    if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, out);
    expect(out).toBe(readFileSync(file, 'utf8'));

    // And the object is what the file says: replicas back to the default, env gone.
    const live = JSON.parse(kubectlSync(c, 'get deploy web -o json').stdout) as KubeObject & {
      spec: {
        replicas: number;
        template: { spec: { containers: { image: string; env?: unknown }[] } };
      };
    };
    expect(live.spec.replicas).toBe(1);
    expect(live.spec.template.spec.containers[0]).toMatchObject({ image: 'nginx:1.28' });
  });

  it('warns when the live object has no last-applied annotation, and patches it in', () => {
    const c = newCluster();
    expect(kubectlSync(c, 'create -f m.yaml', { 'm.yaml': cm('plain') }).exitCode).toBe(0);
    const r = apply(c, cm('plain'));
    expect(r.stderr).toBe(
      'Warning: resource configmaps/plain is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
    );
    expect(r.stdout).toBe('configmap/plain configured\n');
    expect(apply(c, cm('plain'))).toEqual({
      stdout: 'configmap/plain unchanged\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('removes one item of a keyed list (an env var) from the live object', () => {
    const c = newCluster();
    const two = '        env:\n        - {name: A, value: "1"}\n        - {name: B, value: "2"}\n';
    expect(apply(c, deployment('nginx:1.27', two)).exitCode).toBe(0);
    const one = '        env:\n        - {name: A, value: "1"}\n';
    expect(apply(c, deployment('nginx:1.27', one)).stdout).toBe('deployment.apps/web configured\n');
    const env = kubectlSync(
      c,
      'get deploy web -o jsonpath={.spec.template.spec.containers[0].env}',
    );
    expect(JSON.parse(env.stdout)).toEqual([{ name: 'A', value: '1' }]);
    expect(apply(c, deployment('nginx:1.27', one)).stdout).toBe('deployment.apps/web unchanged\n');
  });

  it('changes the second port of a Service without touching the first', () => {
    const c = newCluster();
    const svc = (target: number) =>
      `apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: s}\n  ports:\n  - {name: http, port: 80, targetPort: 8080}\n  - {name: https, port: 443, targetPort: ${target}}\n`;
    apply(c, svc(8443));
    expect(apply(c, svc(9443)).stdout).toBe('service/s configured\n');
    const ports = JSON.parse(kubectlSync(c, 'get svc s -o jsonpath={.spec.ports}').stdout) as {
      port: number;
      targetPort: number;
    }[];
    expect(ports.map((p) => [p.port, p.targetPort])).toEqual([
      [80, 8080],
      [443, 9443],
    ]);
  });

  it('refuses generateName, which create accepts', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: job-\n';
    expect(apply(newCluster(), text)).toEqual({
      stdout: '',
      stderr: 'error: from job-: cannot use generate name with apply\n',
      exitCode: 1,
    });
    const created = kubectlSync(newCluster(), 'create -f m.yaml', { 'm.yaml': text });
    expect(created.stdout).toMatch(/^configmap\/job-\w{5} created\n$/);
  });

  it('exits 1 when the server refuses a patch', () => {
    const c = newCluster();
    apply(c, deployment('nginx:1.27'));
    const r = apply(c, deployment('nginx:1.27').replace('replicas: 2', 'replicas: -1'));
    expect(r.stderr).toContain('The Deployment "web" is invalid: spec.replicas: Invalid value: -1');
    expect(r.exitCode).toBe(1);
  });
});

describe('kubectl apply --dry-run and -o', () => {
  const dry = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: drynew}\ndata: {a: "1"}\n';

  it('client: reads, prints what it would do, writes nothing', () => {
    const c = newCluster();
    expect(apply(c, dry, ' --dry-run=client').stdout).toBe('configmap/drynew created (dry run)\n');
    expect(exists(c, 'drynew')).toBe(false);
    apply(c, dry);
    const changed = apply(c, dry.replace('"1"', '"2"'), ' --dry-run=client');
    expect(changed.stdout).toBe('configmap/drynew configured (dry run)\n');
    expect(kubectlSync(c, 'get cm drynew -o jsonpath={.data.a}').stdout).toBe('1');
    expect(apply(c, dry, ' --dry-run=server').stdout).toBe(
      'configmap/drynew unchanged (server dry run)\n',
    );
  });

  it('-o yaml prints the object as kubectl v1.31.9 does', () => {
    expect(apply(newCluster(), dry, ' --dry-run=client -o yaml').stdout).toBe(
      `apiVersion: v1
data:
  a: "1"
kind: ConfigMap
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"drynew","namespace":"default"}}
  name: drynew
  namespace: default
`,
    );
  });

  it("-o name, and kubectl's errors for a bad --dry-run or -o", () => {
    expect(apply(newCluster(), `${cm('a')}---\n${cm('b')}`, ' -o name').stdout).toBe(
      'configmap/a\nconfigmap/b\n',
    );
    expect(apply(newCluster(), dry, ' --dry-run=bogus').stderr).toBe(
      'error: Invalid dry-run value (bogus). Must be "none", "server", or "client".\n',
    );
    expect(apply(newCluster(), dry, ' -o wide').stderr).toBe(
      'error: unable to match a printer suitable for the output format "wide", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n',
    );
  });
});

describe('kubectl sends fieldValidation as --validate says (default strict)', () => {
  const typo = `apiVersion: v1
kind: Pod
metadata:
  name: typo
spec:
  containers:
  - name: web
    image: nginx:1.27
    imagePullPolice: Always
`;
  it('strict by default: the server refuses the unknown field, nothing is created', () => {
    const c = newCluster();
    const r = apply(c, typo);
    expect(r.stderr).toBe(
      'Error from server (BadRequest): error when creating "m.yaml": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagePullPolice"\n',
    );
    expect(r.exitCode).toBe(1);
    expect(kubectlSync(c, 'get pod typo').exitCode).toBe(1);
    // kubectl create -f is strict too.
    expect(kubectlSync(c, 'create -f m.yaml', { 'm.yaml': typo }).stderr).toContain(
      'strict decoding error: unknown field "spec.containers[0].imagePullPolice"',
    );
  });
  it('--validate=warn creates the pod and prints the server warning', () => {
    const c = newCluster();
    const r = apply(c, typo, ' --validate=warn');
    expect(r.stdout).toBe('pod/typo created\n');
    expect(r.stderr).toBe('Warning: unknown field "spec.containers[0].imagePullPolice"\n');
  });
  it('--validate=false and ignore drop the field silently; a bad value is refused', () => {
    for (const flag of [' --validate=false', ' --validate=ignore']) {
      const r = apply(newCluster(), typo, flag);
      expect(r).toEqual({ stdout: 'pod/typo created\n', stderr: '', exitCode: 0 });
    }
    // A bare --validate means strict and does not take the next argument as its value.
    expect(
      kubectlSync(newCluster(), 'apply --validate -f m.yaml', { 'm.yaml': typo }).stderr,
    ).toContain('strict decoding error');
    expect(apply(newCluster(), typo, ' --validate=bogus').stderr).toBe(
      'error: invalid - validate option "bogus"; must be one of: strict (or true), warn, ignore (or false)\n',
    );
  });
});
