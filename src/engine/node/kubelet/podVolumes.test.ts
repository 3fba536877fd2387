import { describe, expect, it } from 'vitest';
import type { Event, Pod } from '../../api/types';
import { Cluster } from '../../cluster';
import { applySync, storedObjects } from '../../scenario/runner';

const pod = (c: Cluster, name: string) =>
  storedObjects(c).find((o) => o.kind === 'Pod' && o.metadata?.name === name) as Pod | undefined;

/**
 * Runs `argv` in a running container of a pod, as `kubectl exec` does (CRI ExecSync). Its output
 * is read line by line, so a file without a final newline still prints as a line.
 */
function exec(c: Cluster, name: string, argv: string[], container?: string) {
  const p = pod(c, name)!;
  const node = c.nodes.find((n) => n.name === p.spec!.nodeName)!;
  const st = p.status!.containerStatuses!.find((s) => !container || s.name === container)!;
  const id = st.containerID!.replace(/^[a-z-]+:\/\//, '');
  return node.runtime.exec(id, argv, 5000);
}

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata: {name: special-config}
data: {special.level: very, special.type: charm}
`;

describe('configMap volumes', () => {
  const c = new Cluster({ workers: 2, cpu: '4', memory: '8Gi', seed: 5 }).start();
  applySync(c, CONFIGMAP, 'cm.yaml');
  applySync(
    c,
    `apiVersion: v1
kind: Pod
metadata: {name: dapi-test-pod}
spec:
  containers:
  - name: test-container
    image: busybox:1.36
    command: ['sh', '-c', 'sleep 3600']
    volumeMounts:
    - {name: config-volume, mountPath: /etc/config}
    - {name: config-volume, mountPath: /etc/level, subPath: special.level}
  volumes:
  - name: config-volume
    configMap: {name: special-config}
`,
    'pod.yaml',
  );
  c.clock.advance(30_000);

  it('projects every key as a file, as `ls /etc/config/` lists them', () => {
    expect(pod(c, 'dapi-test-pod')!.status!.phase).toBe('Running');
    expect(exec(c, 'dapi-test-pod', ['ls', '/etc/config/']).output).toBe(
      'special.level\nspecial.type\n',
    );
    expect(exec(c, 'dapi-test-pod', ['cat', '/etc/config/special.level']).output).toBe('very\n');
    expect(exec(c, 'dapi-test-pod', ['cat', '/etc/level']).output).toBe('very\n');
  });

  it('mounts it read-only', () => {
    const r = exec(c, 'dapi-test-pod', ['sh', '-c', 'echo x > /etc/config/new']);
    expect(r.exitCode).not.toBe(0);
    expect(r.output).toBe("sh: can't create /etc/config/new: Read-only file system\n");
  });

  it('shows a changed ConfigMap within the sync period, but not through a subPath', () => {
    applySync(c, CONFIGMAP.replace('very', 'extremely'), 'cm.yaml');
    c.clock.advance(5_000);
    expect(exec(c, 'dapi-test-pod', ['cat', '/etc/config/special.level']).output).toBe('very\n');
    c.clock.advance(60_000);
    expect(exec(c, 'dapi-test-pod', ['cat', '/etc/config/special.level']).output).toBe(
      'extremely\n',
    );
    expect(exec(c, 'dapi-test-pod', ['cat', '/etc/level']).output).toBe('very\n');
  });

  it('projects the service-account token, ca.crt and namespace', () => {
    const dir = '/var/run/secrets/kubernetes.io/serviceaccount';
    expect(exec(c, 'dapi-test-pod', ['ls', dir]).output).toBe('ca.crt\nnamespace\ntoken\n');
    expect(exec(c, 'dapi-test-pod', ['cat', `${dir}/namespace`]).output).toBe('default\n');
    expect(exec(c, 'dapi-test-pod', ['cat', `${dir}/ca.crt`]).output).toMatch(
      /^-----BEGIN CERTIFICATE-----/,
    );
    const token = exec(c, 'dapi-test-pod', ['cat', `${dir}/token`]).output;
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(claims.sub).toBe('system:serviceaccount:default:default');
    expect(claims['kubernetes.io'].pod.name).toBe('dapi-test-pod');
    // Issued when the volume was set up (before the containers started), not when first read
    // ~95 s later, and the same on every read and across resyncs.
    const started = Date.parse(pod(c, 'dapi-test-pod')!.status!.startTime!) / 1000;
    expect(claims.iat).toBeGreaterThanOrEqual(started - 1);
    expect(claims.iat).toBeLessThanOrEqual(started + 5);
    c.clock.advance(61_000);
    expect(exec(c, 'dapi-test-pod', ['cat', `${dir}/token`]).output).toBe(token);
  });
});

describe('a missing ConfigMap', () => {
  const c = new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 6 }).start();
  applySync(
    c,
    `apiVersion: v1
kind: Pod
metadata: {name: waits}
spec:
  containers:
  - {name: app, image: busybox:1.36, command: ['sleep', '3600'], volumeMounts: [{name: cfg, mountPath: /cfg}]}
  volumes:
  - {name: cfg, configMap: {name: absent}}
`,
    'pod.yaml',
  );
  c.clock.advance(20_000);

  it('keeps the pod in ContainerCreating with the FailedMount event', () => {
    const p = pod(c, 'waits')!;
    expect(p.status!.phase).toBe('Pending');
    expect(p.status!.containerStatuses![0].state!.waiting!.reason).toBe('ContainerCreating');
    const ev = (storedObjects(c) as Event[]).find(
      (e) => e.kind === 'Event' && e.reason === 'FailedMount',
    )!;
    expect(ev.type).toBe('Warning');
    expect(ev.message).toBe(
      'MountVolume.SetUp failed for volume "cfg" : configmap "absent" not found',
    );
  });

  it('starts it once the ConfigMap exists', () => {
    applySync(c, CONFIGMAP.replace('special-config', 'absent'), 'cm.yaml');
    c.clock.advance(130_000);
    expect(pod(c, 'waits')!.status!.phase).toBe('Running');
    expect(exec(c, 'waits', ['ls', '/cfg']).output).toBe('special.level\nspecial.type\n');
  });
});

describe('emptyDir, secret and downwardAPI volumes', () => {
  const c = new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 7 }).start();
  applySync(
    c,
    `apiVersion: v1
kind: Secret
metadata: {name: creds}
data: {username: YWRtaW4=}
---
apiVersion: v1
kind: Pod
metadata: {name: two, labels: {zone: us-est-coast, cluster: test-cluster1}}
spec:
  containers:
  - name: writer
    image: debian:12
    command: ['/bin/sh', '-c', 'echo Hello from the debian container > /pod-data/index.html; sleep 3600']
    volumeMounts: [{name: shared, mountPath: /pod-data}]
  - name: reader
    image: busybox:1.36
    command: ['sleep', '3600']
    volumeMounts:
    - {name: shared, mountPath: /data}
    - {name: creds, mountPath: /etc/creds, readOnly: true}
    - {name: podinfo, mountPath: /etc/podinfo}
  volumes:
  - {name: shared, emptyDir: {}}
  - name: creds
    secret: {secretName: creds, items: [{key: username, path: user/name}]}
  - name: podinfo
    downwardAPI:
      items:
      - {path: labels, fieldRef: {fieldPath: metadata.labels}}
      - {path: cpu_limit, resourceFieldRef: {containerName: reader, resource: limits.cpu}}
`,
    'pod.yaml',
  );
  c.clock.advance(40_000);

  it('shares an emptyDir between the pod’s containers', () => {
    expect(exec(c, 'two', ['cat', '/data/index.html'], 'reader').output).toBe(
      'Hello from the debian container\n',
    );
    exec(c, 'two', ['sh', '-c', 'echo back > /data/reply'], 'reader');
    expect(exec(c, 'two', ['cat', '/pod-data/reply'], 'writer').output).toBe('back\n');
  });

  it('decodes secret keys into their item paths', () => {
    expect(exec(c, 'two', ['cat', '/etc/creds/user/name'], 'reader').output).toBe('admin\n');
  });

  it('writes labels and limits as the downward API formats them', () => {
    expect(exec(c, 'two', ['cat', '/etc/podinfo/labels'], 'reader').output).toBe(
      'cluster="test-cluster1"\nzone="us-est-coast"\n',
    );
    // No limit set: the node's allocatable cpu, in whole cores.
    expect(exec(c, 'two', ['cat', '/etc/podinfo/cpu_limit'], 'reader').output).toBe('4\n');
  });
});

describe('the two-container pod of “Communicate Between Containers in the Same Pod”', () => {
  const c = new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 8 }).start();
  // content/en/examples/pods/two-container-pod.yaml of kubernetes/website.
  applySync(
    c,
    `apiVersion: v1
kind: Pod
metadata: {name: two-containers}
spec:
  restartPolicy: Never
  volumes: [{name: shared-data, emptyDir: {}}]
  containers:
  - name: nginx-container
    image: nginx
    volumeMounts: [{name: shared-data, mountPath: /usr/share/nginx/html}]
  - name: debian-container
    image: debian
    volumeMounts: [{name: shared-data, mountPath: /pod-data}]
    command: [/bin/sh]
    args: [-c, echo Hello from the debian container > /pod-data/index.html]
`,
    'two-container-pod.yaml',
  );
  c.clock.advance(60_000);

  it('serves the page the debian container wrote, from nginx’s document root', () => {
    const r = exec(c, 'two-containers', ['curl', '-s', 'localhost'], 'nginx-container');
    expect(r.output).toBe('Hello from the debian container\n');
  });
});
