import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { lookupImage } from '../../node/runtime/images';
import { startProgram } from '.';
import type { Program, ProgramInput, ProgramStep } from '.';
import { piDigits } from './servers/perl';

const base: ProgramInput = {
  image: 'docker.io/library/perl:latest',
  env: {},
  containerName: 'app',
  podName: 'pi-x7k2p',
  namespace: 'default',
  hostname: 'pi-x7k2p',
  podIP: '10.244.1.7',
};

function drain(p: Program, max = 200): ProgramStep[] {
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
const exitOf = (steps: ProgramStep[]) => steps.find((s) => s.type === 'exit');
const start = (over: Partial<ProgramInput>) => startProgram({ ...base, ...over }, () => 0);

describe('perl (the Job example)', () => {
  it('computes π to the significant digits asked, rounded in the last one', () => {
    expect(piDigits(50)).toBe('3.1415926535897932384626433832795028841971693993751');
    // …3.14159 26535 8979: the 14th digit 7 is followed by 9, so 13 digits round up to …898
    expect(piDigits(13)).toBe('3.141592653590');
    expect(piDigits(2000)).toHaveLength(2001);
  });

  it("prints bpi(2000) and exits 0, as the docs' Job log shows", () => {
    const steps = drain(start({ command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }));
    const out = lines(steps);
    expect(out).toHaveLength(1);
    expect(out[0].startsWith('3.14159265358979323846264338327950288419716939937510')).toBe(true);
    expect(out[0]).toHaveLength(2001);
    expect(exitOf(steps)).toMatchObject({ code: 0 });
  });

  it('warns about a quoted script (a useless constant) and exits 0', () => {
    const steps = drain(start({ command: ['perl', '-Mbignum=bpi', '-wle', '"print bpi(2000)"'] }));
    expect(lines(steps)).toEqual([
      'Useless use of a constant ("print bpi(2000)") in void context at -e line 1.',
    ]);
    expect(exitOf(steps)).toMatchObject({ code: 0 });
  });

  it('fails without the bignum module, as perl does', () => {
    const steps = drain(start({ command: ['perl', '-wle', 'print bpi(10)'] }));
    expect(lines(steps)).toEqual(['Undefined subroutine &main::bpi called at -e line 1.']);
    expect(exitOf(steps)).toMatchObject({ code: 255 });
  });
});

describe('servers of the tutorials', () => {
  it('hello-app answers its version and the pod hostname on :8080', () => {
    const p = start({ image: 'gcr.io/google-samples/hello-app:2.0', hostname: 'web-1' });
    const steps = drain(p);
    expect(lines(steps)[0]).toMatch(
      /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d Server listening on port 8080$/,
    );
    expect(p.listens).toEqual([8080]);
    expect(p.http(8080, '/')?.body).toBe('Hello, world!\nVersion: 2.0.0\nHostname: web-1\n');
  });

  it("php-apache (the HPA walkthrough) prints Apache's start-up and answers OK!", () => {
    const p = start({ image: 'registry.k8s.io/hpa-example:latest' });
    const out = lines(drain(p));
    expect(out[0]).toMatch(/^AH00558: apache2: Could not reliably determine/);
    expect(out.some((l) => l.includes('AH00163: Apache/2.4.10 (Debian) PHP/5.6.14'))).toBe(true);
    expect(p.http(80, '/')?.body).toBe('OK!');
  });

  it('the guestbook frontend serves its page', () => {
    const p = start({ image: 'us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5' });
    drain(p);
    expect(p.http(80, '/')?.body).toContain('<title>Guestbook</title>');
  });

  it('hello-world prints its greeting and exits 0', () => {
    const steps = drain(start({ image: 'docker.io/library/hello-world:latest' }));
    expect(lines(steps)).toContain('Hello from Docker!');
    expect(exitOf(steps)).toMatchObject({ code: 0 });
  });

  it('vish/stress grows to -mem-total and holds it', () => {
    const steps = drain(
      start({
        image: 'docker.io/vish/stress:latest',
        args: ['-mem-total', '150Mi', '-mem-alloc-size', '10Mi', '-mem-alloc-sleep', '1s'],
      }),
    );
    const mem = steps.filter((s) => s.type === 'memory').map((s) => s.bytes);
    expect(Math.max(...mem)).toBeGreaterThanOrEqual(150 * 1024 ** 2);
    expect(exitOf(steps)).toBeUndefined();
  });

  it("an official image's server keeps running on its ports and stops on SIGTERM", () => {
    const p = start({ image: 'docker.io/library/haproxy:3.1' });
    expect(exitOf(drain(p))).toBeUndefined();
    expect(p.listens).toEqual([80]);
    expect(p.terminate().some((s) => s.type === 'exit' && s.code === 0)).toBe(true);
  });
});

describe('cluster-proportional-autoscaler 1.8.4 ("Autoscale the DNS Service")', () => {
  const cpa = (target: string) =>
    start({
      image: 'registry.k8s.io/cpa/cluster-proportional-autoscaler:1.8.4',
      namespace: 'kube-system',
      command: [
        '/cluster-proportional-autoscaler',
        '--namespace=kube-system',
        '--configmap=kube-dns-autoscaler',
        `--target=${target}`,
        '--logtostderr=true',
      ],
    });

  it("refuses the page's <SCALE_TARGET> placeholder and exits 1, as its flag validation does", () => {
    const steps = drain(cpa('<SCALE_TARGET>'));
    expect(lines(steps).map((l) => l.replace(/^E\d{4} [\d:.]+ +1 /, ''))).toEqual([
      'options.go:86] Target format error. Please use deployment/*, replicationcontroller/* or replicaset/* (not case sensitive).',
      'autoscaler.go:45] failed to validate all input parameters',
    ]);
    expect(exitOf(steps)).toMatchObject({ code: 1 });
  });

  it('with a target it logs what it scales and keeps running', () => {
    const steps = drain(cpa('Deployment/coredns'));
    expect(lines(steps)[0]).toMatch(
      /^I\d{4} .* autoscaler.go:49\] Scaling Namespace: kube-system, Target: deployment\/coredns$/,
    );
    expect(exitOf(steps)).toBeUndefined();
  });
});

// corpus-apps: "Running ZooKeeper" starts its server through `sh -c "start-zookeeper …"`.
describe('a shell whose -c script is one command of the image', () => {
  const zk = 'registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10';
  it("execs the image's own server, which keeps listening", () => {
    const p = start({
      image: zk,
      command: ['sh', '-c', 'start-zookeeper --servers=3 --heap=512M'],
    });
    expect(exitOf(drain(p))).toBeUndefined();
    expect(p.listens).toEqual([2181, 2888, 3888]);
  });
  it('runs a script with more than one command as a script (it ends)', () => {
    const p = start({ image: zk, command: ['sh', '-c', 'start-zookeeper --servers=3; echo done'] });
    expect(lines(drain(p))).toContain('done');
  });
});

describe('the catalogue covers the kubernetes.io examples', () => {
  const dir = join(__dirname, '../../testing/k8s-examples');
  const files = (d: string): string[] =>
    readdirSync(d).flatMap((n) =>
      statSync(join(d, n)).isDirectory()
        ? files(join(d, n))
        : /\.ya?ml$/.test(n)
          ? [join(d, n)]
          : [],
    );
  const images = new Set<string>();
  for (const f of files(dir))
    for (const doc of parseAllDocuments(readFileSync(f, 'utf8')))
      JSON.stringify(doc.toJS()).replace(/"image":"([^"]+)"/g, (_, i: string) => {
        images.add(i);
        return '';
      });

  // A placeholder the reader replaces (pods/private-reg-pod.yaml): InvalidImageName, as it should;
  // an image the page means not to exist (job-pod-failure-policy-config-issue.yaml); and one in a
  // file v1.31 refuses (pods/resource/pod-level-resize.yaml), so it is never pulled.
  for (const i of [
    '<your-private-image>',
    'non-existing-repo/non-existing-image:example',
    'registry.k8s.io/nginx:latest',
    // corpus-policy: the second scheduler's image the page builds and pushes itself
    // (admin/sched/my-scheduler.yaml: ErrImagePull, as it should), and the CCM DaemonSet's,
    // which selects no kind node and so is never pulled (admin/cloud/ccm-example.yaml).
    'gcr.io/my-gcp-project/my-kube-scheduler:1.0',
    'k8s.gcr.io/cloud-controller-manager:v1.8.0',
    // corpus-policy: images of admin/ examples whose entries are still `todo` for want of them
    // (../../testing/k8sExamplesAdmin.ts says so): the catalogue does not have them yet.
    'registry.k8s.io/fluentd-gcp:1.30',
    'registry.k8s.io/kas-network-proxy/proxy-server:v0.0.32',
    'us.gcr.io/k8s-artifacts-prod/kas-network-proxy/proxy-agent:v0.0.37',
  ])
    images.delete(i);
  // corpus-apps: the work-queue Jobs' images, which the reader builds and pushes to a project of
  // their own: a placeholder (InvalidImageName) and a project that is not theirs (ErrImagePull).
  for (const i of ['gcr.io/<project>/job-wq-1', 'gcr.io/myproject/job-wq-2']) images.delete(i);
  // corpus-apps: the windows/ examples' Windows-only images, which kind's Linux nodes never run
  // (the pods select Windows nodes and stay Pending, or fail to pull on Linux).
  for (const i of images) if (/microsoft|nanoserver/.test(i)) images.delete(i);
  it.each([...images].sort())('%s resolves in the registry', (image) => {
    expect(lookupImage(image).ok).toBe(true);
  });

  it('a tag that does not exist fails as containerd reports a registry 404', () => {
    const r = lookupImage('perl:5.99');
    expect(r).toEqual({
      ok: false,
      grpcCode: 'NotFound',
      error:
        'failed to pull and unpack image "docker.io/library/perl:5.99": failed to resolve reference "docker.io/library/perl:5.99": docker.io/library/perl:5.99: not found',
    });
  });
});
