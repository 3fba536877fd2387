import { describe as suite, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { describe, type DescribeRelated } from '.';
import { now, pending, pendingRelated, pod, podRelated } from '../../testing/describeFixtures';

suite('describe Pod', () => {
  it('prints the v1.31 sections, containers, projected volume, tolerations and aggregated events', () => {
    expect(
      describe('Pod', pod as unknown as KubeObject, podRelated as unknown as DescribeRelated, now),
    ).toBe(
      'Name:             web-5948f7484f-x7k2p\n' +
        'Namespace:        default\n' +
        'Priority:         0\n' +
        'Service Account:  default\n' +
        'Node:             worker-1/10.0.1.2\n' +
        'Start Time:       Mon, 05 Jan 2026 09:00:05 +0000\n' +
        'Labels:           app=web\n' +
        '                  pod-template-hash=5948f7484f\n' +
        'Annotations:      <none>\n' +
        'Status:           Running\n' +
        'IP:               10.244.1.5\n' +
        'IPs:\n' +
        '  IP:           10.244.1.5\n' +
        'Controlled By:  ReplicaSet/web-5948f7484f\n' +
        'Containers:\n' +
        '  web:\n' +
        '    Container ID:   containerd://4f5e\n' +
        '    Image:          nginx:1.27\n' +
        '    Image ID:       docker.io/library/nginx@sha256:0a1b\n' +
        '    Port:           80/TCP\n' +
        '    Host Port:      0/TCP\n' +
        '    State:          Running\n' +
        '      Started:      Mon, 05 Jan 2026 09:59:15 +0000\n' +
        '    Last State:     Terminated\n' +
        '      Reason:       Error\n' +
        '      Exit Code:    137\n' +
        '      Started:      Mon, 05 Jan 2026 09:50:00 +0000\n' +
        '      Finished:     Mon, 05 Jan 2026 09:59:15 +0000\n' +
        '    Ready:          True\n' +
        '    Restart Count:  3\n' +
        '    Limits:\n' +
        '      memory:  256Mi\n' +
        '    Requests:\n' +
        '      cpu:      100m\n' +
        '      memory:   128Mi\n' +
        '    Readiness:  http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3\n' +
        '    Environment:\n' +
        '      MODE:    prod\n' +
        '      POD_IP:  10.244.1.5 (v1:status.podIP)\n' +
        '    Mounts:\n' +
        '      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-9zq4t (ro)\n' +
        'Conditions:\n' +
        '  Type                        Status\n' +
        '  PodReadyToStartContainers   True \n' +
        '  Initialized                 True \n' +
        '  Ready                       True \n' +
        '  ContainersReady             True \n' +
        '  PodScheduled                True \n' +
        'Volumes:\n' +
        '  kube-api-access-9zq4t:\n' +
        '    Type:                    Projected (a volume that contains injected data from multiple sources)\n' +
        '    TokenExpirationSeconds:  3607\n' +
        '    ConfigMapName:           kube-root-ca.crt\n' +
        '    ConfigMapOptional:       <nil>\n' +
        '    DownwardAPI:             true\n' +
        'QoS Class:                   Burstable\n' +
        'Node-Selectors:              <none>\n' +
        'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n' +
        '                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n' +
        'Events:\n' +
        '  Type     Reason     Age                From               Message\n' +
        '  ----     ------     ----               ----               -------\n' +
        '  Normal   Scheduled  59m                default-scheduler  Successfully assigned default/web-5948f7484f-x7k2p to worker-1\n' +
        '  Warning  BackOff    2m (x5 over 40m)   kubelet            Back-off restarting failed container web in pod web-5948f7484f-x7k2p_default(a1b2c3d4-0000-4000-8000-000000000001)\n' +
        '  Normal   Pulled     46s (x4 over 59m)  kubelet            Container image "nginx:1.27" already present on machine\n',
    );
  });
});

suite('describe Pod (deleting, unscheduled)', () => {
  it('shows Terminating (lasts …), Node <none> and Events <none>', () => {
    expect(
      describe(
        'Pod',
        pending as unknown as KubeObject,
        pendingRelated as unknown as DescribeRelated,
        now,
      ),
    ).toBe(
      'Name:                      web-5948f7484f-x7k2p\n' +
        'Namespace:                 default\n' +
        'Priority:                  0\n' +
        'Service Account:           default\n' +
        'Node:                      <none>\n' +
        'Labels:                    app=web\n' +
        '                           pod-template-hash=5948f7484f\n' +
        'Annotations:               <none>\n' +
        'Status:                    Terminating (lasts 5s)\n' +
        'Termination Grace Period:  30s\n' +
        'IP:                        \n' +
        'IPs:                       <none>\n' +
        'Controlled By:             ReplicaSet/web-5948f7484f\n' +
        'Containers:\n' +
        '  web:\n' +
        '    Image:      nginx:1.27\n' +
        '    Port:       80/TCP\n' +
        '    Host Port:  0/TCP\n' +
        '    Limits:\n' +
        '      memory:  256Mi\n' +
        '    Requests:\n' +
        '      cpu:      100m\n' +
        '      memory:   128Mi\n' +
        '    Readiness:  http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3\n' +
        '    Environment:\n' +
        '      MODE:    prod\n' +
        '      POD_IP:   (v1:status.podIP)\n' +
        '    Mounts:\n' +
        '      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-9zq4t (ro)\n' +
        'Conditions:\n' +
        '  Type           Status\n' +
        '  PodScheduled   False \n' +
        'Volumes:\n' +
        '  kube-api-access-9zq4t:\n' +
        '    Type:                    Projected (a volume that contains injected data from multiple sources)\n' +
        '    TokenExpirationSeconds:  3607\n' +
        '    ConfigMapName:           kube-root-ca.crt\n' +
        '    ConfigMapOptional:       <nil>\n' +
        '    DownwardAPI:             true\n' +
        'QoS Class:                   BestEffort\n' +
        'Node-Selectors:              <none>\n' +
        'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n' +
        '                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n' +
        'Events:                      <none>\n',
    );
  });
});
