import { describe as suite, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { describe, type DescribeRelated } from '.';
import { node, nodeRelated, now } from '../../testing/describeFixtures';

suite('describe Node', () => {
  it('prints taints, lease, conditions, system info and the allocated resources with percentages', () => {
    expect(
      describe(
        'Node',
        node as unknown as KubeObject,
        nodeRelated as unknown as DescribeRelated,
        now,
      ),
    ).toBe(
      'Name:               worker-1\n' +
        'Roles:              <none>\n' +
        'Labels:             kubernetes.io/hostname=worker-1\n' +
        '                    kubernetes.io/os=linux\n' +
        'Annotations:        node.alpha.kubernetes.io/ttl: 0\n' +
        'CreationTimestamp:  Sat, 03 Jan 2026 07:00:00 +0000\n' +
        'Taints:             node.kubernetes.io/unreachable:NoExecute\n' +
        '                    node.kubernetes.io/unreachable:NoSchedule\n' +
        'Unschedulable:      false\n' +
        'Lease:\n' +
        '  HolderIdentity:  worker-1\n' +
        '  AcquireTime:     <unset>\n' +
        '  RenewTime:       Mon, 05 Jan 2026 09:59:55 +0000\n' +
        'Conditions:\n' +
        '  Type    Status  LastHeartbeatTime                 LastTransitionTime                Reason         Message\n' +
        '  ----    ------  -----------------                 ------------------                ------         -------\n' +
        '  Ready   True    Mon, 05 Jan 2026 09:59:50 +0000   Sat, 03 Jan 2026 07:00:30 +0000   KubeletReady   kubelet is posting ready status\n' +
        'Addresses:\n' +
        '  InternalIP:  10.0.1.2\n' +
        '  Hostname:    worker-1\n' +
        'Capacity:\n' +
        '  cpu:                2\n' +
        '  ephemeral-storage:  20Gi\n' +
        '  memory:             4Gi\n' +
        '  pods:               110\n' +
        'Allocatable:\n' +
        '  cpu:                2\n' +
        '  ephemeral-storage:  20Gi\n' +
        '  memory:             4Gi\n' +
        '  pods:               110\n' +
        'System Info:\n' +
        '  Machine ID:                 m1\n' +
        '  System UUID:                s1\n' +
        '  Boot ID:                    b1\n' +
        '  Kernel Version:             6.8.0-51-generic\n' +
        '  OS Image:                   Ubuntu 24.04.1 LTS\n' +
        '  Operating System:           linux\n' +
        '  Architecture:               amd64\n' +
        '  Container Runtime Version:  containerd://1.7.24\n' +
        '  Kubelet Version:            v1.31.4\n' +
        '  Kube-Proxy Version:         v1.31.4\n' +
        'PodCIDR:                      10.244.1.0/24\n' +
        'PodCIDRs:                     10.244.1.0/24\n' +
        'Non-terminated Pods:          (2 in total)\n' +
        '  Namespace                   Name                CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age\n' +
        '  ---------                   ----                ------------  ----------  ---------------  -------------  ---\n' +
        '  default                     web-1               100m (5%)     0 (0%)      128Mi (3%)       256Mi (6%)     60m\n' +
        '  kube-system                 kube-proxy-x2x9z    0 (0%)        0 (0%)      0 (0%)           0 (0%)         60m\n' +
        'Allocated resources:\n' +
        '  (Total limits may be over 100 percent, i.e., overcommitted.)\n' +
        '  Resource           Requests    Limits\n' +
        '  --------           --------    ------\n' +
        '  cpu                100m (5%)   0 (0%)\n' +
        '  memory             128Mi (3%)  256Mi (6%)\n' +
        '  ephemeral-storage  0 (0%)      0 (0%)\n' +
        'Events:              <none>\n',
    );
  });
});
