/**
 * The output options tutorials use, against a running cluster: `-o custom-columns`,
 * `-o go-template`, `--sort-by`, `-L`, `logs --since`, and the qualified resource forms
 * (`deployment.v1.apps`, `deployments.apps`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { applySync, kubectlSync } from '../scenario/runner';

let cluster: Cluster;
const k = (line: string) => kubectlSync(cluster, line);

beforeAll(() => {
  cluster = new Cluster({ workers: 2, cpu: '4', memory: '8Gi', seed: 11 }).start();
  const pod = (name: string, labels: string, image: string, command = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {${labels}}
spec:
  containers:
  - name: main
    image: ${image}
${command}---
`;
  const r = applySync(
    cluster,
    pod('zeta', 'app: web, tier: front, app.kubernetes.io/name: shop', 'nginx:1.27') +
      pod('alpha', 'app: db', 'redis:7.4') +
      pod(
        'ticker',
        'app: ticker',
        'busybox:1.36',
        "    command: ['sh', '-c', 'while true; do echo tick; sleep 5; done']\n",
      ),
    'pods.yaml',
  );
  expect(r.exitCode).toBe(0);
  cluster.clock.advance(60_000);
});

describe('-o custom-columns', () => {
  it('prints the headers as written and one row per object, <none> for a missing field', () => {
    const r = k(
      'get pods -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image,TIER:{.metadata.labels.tier}',
    );
    expect(r.stdout).toBe(
      'NAME     IMAGE          TIER\n' +
        'alpha    redis:7.4      <none>\n' +
        'ticker   busybox:1.36   <none>\n' +
        'zeta     nginx:1.27     front\n',
    );
  });

  it('refuses a column without a path', () => {
    const r = k('get pods -o custom-columns=NAME');
    expect(r.stderr).toBe(
      'error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n',
    );
    expect(r.exitCode).toBe(1);
  });
});

describe('-o go-template', () => {
  it('ranges over the items of a list', () => {
    const r = k(
      `get pods -o go-template='{{range .items}}{{.metadata.name}}:{{.status.phase}}{{"\\n"}}{{end}}'`,
    );
    expect(r.stdout).toBe('alpha:Running\nticker:Running\nzeta:Running\n');
  });

  it('reads one object, with index for keys that are not identifiers', () => {
    const r = k(
      `get pod zeta -o go-template='{{index .metadata.labels "app.kubernetes.io/name"}}/{{.metadata.labels.nope}}'`,
    );
    expect(r.stdout).toBe('shop/<no value>');
  });
});

describe('--sort-by and -L', () => {
  it('sorts by a field: the name, then the first image', () => {
    const names = k('get pods --sort-by=.metadata.name -o name').stdout;
    expect(names).toBe('pod/alpha\npod/ticker\npod/zeta\n');
    const byImage = k('get pods --sort-by={.spec.containers[0].image} -o name').stdout;
    expect(byImage).toBe('pod/ticker\npod/zeta\npod/alpha\n');
  });

  it('refuses to sort by a map', () => {
    const r = k('get pods --sort-by=.metadata.labels');
    expect(r.stderr).toBe(
      'error: Field {.metadata.labels} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable type: map[string]interface {}\n',
    );
  });

  it('adds a column per label, headed by the last segment of the key', () => {
    const r = k('get pods -L app -L app.kubernetes.io/name,tier --sort-by=.metadata.name');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+APP\s+NAME\s+TIER$/);
    expect(lines[1]).toMatch(/^alpha\s.*\sdb\s*$/);
    expect(lines[3]).toMatch(/^zeta\s.*\sweb\s+shop\s+front$/);
  });
});

describe('qualified resource names', () => {
  it('accepts kind.version.group and resource.group', () => {
    expect(k('create deployment web --image=nginx:1.27').exitCode).toBe(0);
    for (const form of [
      'deployment.v1.apps',
      'deployments.v1.apps',
      'deployments.apps',
      'deploy',
    ]) {
      expect(k(`get ${form} web -o name`).stdout, form).toBe('deployment.apps/web\n');
    }
    expect(k('get pods.v1. alpha -o name').stdout).toBe('pod/alpha\n');
    // Real kubectl v1.31.9 names the resource part, and expands a short name without its
    // version (client-go's shortcut expander), so `deploy.v2.apps` reads apps/v1.
    expect(k('get deployment.v2.apps web').stderr).toBe(
      'error: the server doesn\'t have a resource type "deployment"\n',
    );
    expect(k('get deploy.v2.apps web -o name').stdout).toBe('deployment.apps/web\n');
  });
});

describe('logs --since', () => {
  it('prints only the lines written in the last interval', () => {
    const all = k('logs ticker').stdout.trimEnd().split('\n');
    const recent = k('logs ticker --since=12s').stdout.trimEnd().split('\n');
    expect(all.length).toBeGreaterThan(5);
    expect(recent.length).toBeGreaterThanOrEqual(2);
    expect(recent.length).toBeLessThanOrEqual(3);
    expect(recent.every((l) => l === 'tick')).toBe(true);
    const stamped = k('logs ticker --since=12s --timestamps').stdout.trimEnd().split('\n');
    expect(stamped).toHaveLength(recent.length);
    expect(stamped[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z tick$/);
  });

  it('cuts the first part of a followed log too', () => {
    const r = k('logs ticker -f --since=12s --request-timeout=6s');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeLessThanOrEqual(5);
    expect(lines.every((l) => l === 'tick')).toBe(true);
  });

  it('refuses --since with --since-time, and a non-positive duration', () => {
    expect(k('logs ticker --since=1m --since-time=2026-01-05T09:00:00Z').stderr).toBe(
      'error: at most one of `sinceTime` or `sinceSeconds` may be specified\n',
    );
    expect(k('logs ticker --since=0s').stderr).toBe('error: --since must be greater than 0\n');
  });
});
