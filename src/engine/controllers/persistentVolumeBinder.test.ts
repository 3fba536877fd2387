import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { Cluster } from '../cluster';
import { diskOf } from '../node/hostDisk';
import { applySync, kubectlSync, storedObjects } from '../scenario/runner';

const pod = (c: Cluster, name: string) =>
  storedObjects(c).find((o) => o.kind === 'Pod' && o.metadata?.name === name) as Pod | undefined;

/** Runs `argv` in the pod's first container (CRI ExecSync, as `kubectl exec` reaches it). */
function exec(c: Cluster, name: string, argv: string[]) {
  const p = pod(c, name)!;
  const node = c.nodes.find((n) => n.name === p.spec!.nodeName)!;
  const id = p.status!.containerStatuses![0].containerID!.replace(/^[a-z-]+:\/\//, '');
  return node.runtime.exec(id, argv, 5000);
}

// content/en/examples/pods/storage/pv-volume.yaml, pv-claim.yaml and pv-pod.yaml of
// kubernetes/website ("Configure a Pod to Use a PersistentVolume for Storage").
const PV = `apiVersion: v1
kind: PersistentVolume
metadata:
  name: task-pv-volume
  labels:
    type: local
spec:
  storageClassName: manual
  capacity:
    storage: 10Gi
  accessModes:
    - ReadWriteOnce
  hostPath:
    path: "/mnt/data"
`;
const PVC = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: task-pv-claim
spec:
  storageClassName: manual
  accessModes:
    - ReadWriteOnce
  resources:
    requests:
      storage: 3Gi
`;
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: task-pv-pod
spec:
  volumes:
    - name: task-pv-storage
      persistentVolumeClaim:
        claimName: task-pv-claim
  containers:
    - name: task-pv-container
      image: nginx
      ports:
        - containerPort: 80
          name: "http-server"
      volumeMounts:
        - mountPath: "/usr/share/nginx/html"
          name: task-pv-storage
`;

describe('Configure a Pod to Use a PersistentVolume for Storage', () => {
  const c = new Cluster({ workers: 1, cpu: '4', memory: '8Gi', seed: 11 }).start();
  // "In your shell on that Node": sudo sh -c "echo 'Hello from Kubernetes storage' > /mnt/data/index.html"
  diskOf(c.nodes[1].runtime).dir('/mnt/data').set('/index.html', 'Hello from Kubernetes storage\n');

  it('shows the new volume Available', () => {
    applySync(c, PV, 'pv-volume.yaml');
    c.clock.advance(4_000);
    expect(kubectlSync(c, 'get pv task-pv-volume').stdout).toBe(
      'NAME             CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS      CLAIM   STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE\n' +
        'task-pv-volume   10Gi       RWO            Retain           Available           manual         <unset>                          4s\n',
    );
  });

  it('binds the claim to it', () => {
    applySync(c, PVC, 'pv-claim.yaml');
    c.clock.advance(30_000);
    expect(kubectlSync(c, 'get pv task-pv-volume').stdout).toBe(
      'NAME             CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM                   STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE\n' +
        'task-pv-volume   10Gi       RWO            Retain           Bound    default/task-pv-claim   manual         <unset>                          34s\n',
    );
    expect(kubectlSync(c, 'get pvc task-pv-claim').stdout).toBe(
      'NAME            STATUS   VOLUME           CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n' +
        'task-pv-claim   Bound    task-pv-volume   10Gi       RWO            manual         <unset>                 30s\n',
    );
  });

  it('serves the node’s index.html from the hostPath volume', () => {
    applySync(c, POD, 'pv-pod.yaml');
    c.clock.advance(60_000);
    expect(pod(c, 'task-pv-pod')!.status!.phase).toBe('Running');
    expect(exec(c, 'task-pv-pod', ['curl', '-s', 'http://localhost/']).output).toBe(
      'Hello from Kubernetes storage\n',
    );
  });

  it('keeps what the pod wrote after the pod is gone', () => {
    exec(c, 'task-pv-pod', ['sh', '-c', 'echo kept > /usr/share/nginx/html/note']);
    kubectlSync(c, 'delete pod task-pv-pod');
    c.clock.advance(40_000);
    applySync(c, POD, 'pv-pod.yaml');
    c.clock.advance(60_000);
    expect(exec(c, 'task-pv-pod', ['cat', '/usr/share/nginx/html/note']).output).toBe('kept\n');
  });

  it('releases the volume when the claim is deleted (Retain keeps it)', () => {
    kubectlSync(c, 'delete pod task-pv-pod');
    c.clock.advance(40_000);
    kubectlSync(c, 'delete pvc task-pv-claim');
    c.clock.advance(5_000);
    expect(kubectlSync(c, 'get pv task-pv-volume').stdout).toMatch(/ Released /);
  });
});
