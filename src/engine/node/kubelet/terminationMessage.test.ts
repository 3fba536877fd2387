/** corpus-apps: the termination message ("Determine the Reason for Pod Failure"). */
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import { Cluster } from '../../cluster';
import { applySync } from '../../scenario/actions';
import { objectsOf } from '../../testing/testCluster';

const manifest = (script: string) => `apiVersion: v1
kind: Pod
metadata:
  name: termination-demo
spec:
  restartPolicy: Never
  containers:
  - name: demo
    image: debian
    command: ["/bin/sh", "-c", ${JSON.stringify(script)}]
`;

function terminated(script: string) {
  const cluster = new Cluster({ workers: 1, cpu: '2', memory: '4Gi', seed: 3 }).start();
  applySync(cluster, manifest(script), 'pod.yaml');
  cluster.clock.advance(60_000);
  const pod = objectsOf<Pod>(cluster, 'Pod').find((p) => p.metadata?.name === 'termination-demo');
  return pod?.status?.containerStatuses?.[0]?.state?.terminated;
}

describe('the termination message', () => {
  it('is what the container wrote to /dev/termination-log', () => {
    const t = terminated('sleep 1 && echo Sleep expired > /dev/termination-log');
    expect(t?.reason).toBe('Completed');
    expect(t?.message).toBe('Sleep expired\n');
  });

  it('is absent when the container wrote none', () => {
    const t = terminated('exit 3');
    expect(t?.exitCode).toBe(3);
    expect(t?.message).toBeUndefined();
  });
});
