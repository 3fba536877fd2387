import { describe as suite, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { describe, type DescribeRelated } from '.';

const now = Date.parse('2026-01-05T10:00:00Z');
const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-5948f7484f-x7k2p',
    namespace: 'default',
    uid: 'a1b2c3d4-0000-4000-8000-000000000001',
    creationTimestamp: '2026-01-05T09:00:05Z',
    generateName: 'web-5948f7484f-',
    labels: { app: 'web', 'pod-template-hash': '5948f7484f' },
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'web-5948f7484f',
        uid: 'rs-uid',
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  },
  spec: {
    nodeName: 'worker-1',
    serviceAccountName: 'default',
    priority: 0,
    containers: [
      {
        name: 'web',
        image: 'nginx:1.27',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
        readinessProbe: {
          httpGet: { path: '/', port: 80, scheme: 'HTTP' },
          timeoutSeconds: 1,
          periodSeconds: 10,
          successThreshold: 1,
          failureThreshold: 3,
        },
        env: [
          { name: 'MODE', value: 'prod' },
          {
            name: 'POD_IP',
            valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'status.podIP' } },
          },
        ],
        volumeMounts: [
          {
            name: 'kube-api-access-9zq4t',
            mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
            readOnly: true,
          },
        ],
      },
    ],
    volumes: [
      {
        name: 'kube-api-access-9zq4t',
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            {
              downwardAPI: {
                items: [
                  {
                    path: 'namespace',
                    fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
                  },
                ],
              },
            },
          ],
        },
      },
    ],
    tolerations: [
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ],
  },
  status: {
    phase: 'Running',
    hostIP: '10.0.1.2',
    podIP: '10.244.1.5',
    podIPs: [{ ip: '10.244.1.5' }],
    qosClass: 'Burstable',
    startTime: '2026-01-05T09:00:05Z',
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'True' },
      { type: 'Initialized', status: 'True' },
      { type: 'Ready', status: 'True' },
      { type: 'ContainersReady', status: 'True' },
      { type: 'PodScheduled', status: 'True' },
    ],
    containerStatuses: [
      {
        name: 'web',
        ready: true,
        started: true,
        restartCount: 3,
        image: 'docker.io/library/nginx:1.27',
        imageID: 'docker.io/library/nginx@sha256:0a1b',
        containerID: 'containerd://4f5e',
        state: { running: { startedAt: '2026-01-05T09:59:15Z' } },
        lastState: {
          terminated: {
            exitCode: 137,
            reason: 'Error',
            startedAt: '2026-01-05T09:50:00Z',
            finishedAt: '2026-01-05T09:59:15Z',
          },
        },
      },
    ],
  },
};
const events = [
  {
    metadata: { name: 'web.1', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web-5948f7484f-x7k2p', namespace: 'default' },
    reason: 'Scheduled',
    message: 'Successfully assigned default/web-5948f7484f-x7k2p to worker-1',
    source: { component: 'default-scheduler' },
    type: 'Normal',
    firstTimestamp: '2026-01-05T09:00:05Z',
    lastTimestamp: '2026-01-05T09:00:05Z',
    count: 1,
  },
  {
    metadata: { name: 'web.2', namespace: 'default' },
    involvedObject: {
      kind: 'Pod',
      name: 'web-5948f7484f-x7k2p',
      namespace: 'default',
      fieldPath: 'spec.containers{web}',
    },
    reason: 'Pulled',
    message: 'Container image "nginx:1.27" already present on machine',
    source: { component: 'kubelet', host: 'worker-1' },
    type: 'Normal',
    firstTimestamp: '2026-01-05T09:00:06Z',
    lastTimestamp: '2026-01-05T09:59:14Z',
    count: 4,
  },
  {
    metadata: { name: 'web.3', namespace: 'default' },
    involvedObject: {
      kind: 'Pod',
      name: 'web-5948f7484f-x7k2p',
      namespace: 'default',
      fieldPath: 'spec.containers{web}',
    },
    reason: 'BackOff',
    message:
      'Back-off restarting failed container web in pod web-5948f7484f-x7k2p_default(a1b2c3d4-0000-4000-8000-000000000001)',
    source: { component: 'kubelet', host: 'worker-1' },
    type: 'Warning',
    firstTimestamp: '2026-01-05T09:20:00Z',
    lastTimestamp: '2026-01-05T09:58:00Z',
    count: 5,
  },
];

const tmpl = {
  metadata: { labels: { app: 'web' } },
  spec: {
    containers: [
      { name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] },
    ],
  },
};
const dep = {
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'default',
    uid: 'dep-uid',
    creationTimestamp: '2026-01-05T09:00:00Z',
    labels: { app: 'web' },
    annotations: { 'deployment.kubernetes.io/revision': '2' },
  },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: tmpl,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    minReadySeconds: 0,
  },
  status: {
    replicas: 3,
    updatedReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
    ],
  },
};
const rsNew = {
  kind: 'ReplicaSet',
  metadata: {
    name: 'web-5948f7484f',
    namespace: 'default',
    uid: 'rs2',
    creationTimestamp: '2026-01-05T09:30:00Z',
    ownerReferences: [{ kind: 'Deployment', name: 'web', uid: 'dep-uid', controller: true }],
  },
  spec: {
    replicas: 3,
    template: {
      metadata: { labels: { app: 'web', 'pod-template-hash': '5948f7484f' } },
      spec: tmpl.spec,
    },
  },
  status: { replicas: 3 },
};
const rsOld = {
  kind: 'ReplicaSet',
  metadata: {
    name: 'web-7d4b9c8f6d',
    namespace: 'default',
    uid: 'rs1',
    creationTimestamp: '2026-01-05T09:00:00Z',
    ownerReferences: [{ kind: 'Deployment', name: 'web', uid: 'dep-uid', controller: true }],
  },
  spec: {
    replicas: 0,
    template: {
      metadata: { labels: { app: 'web', 'pod-template-hash': '7d4b9c8f6d' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.26' }] },
    },
  },
  status: { replicas: 0 },
};
const ev = [
  {
    type: 'Normal',
    reason: 'ScalingReplicaSet',
    message: 'Scaled up replica set web-5948f7484f from 0 to 3',
    source: { component: 'deployment-controller' },
    firstTimestamp: '2026-01-05T09:30:00Z',
    lastTimestamp: '2026-01-05T09:30:00Z',
    count: 1,
  },
];
const node = {
  kind: 'Node',
  metadata: {
    name: 'worker-1',
    creationTimestamp: '2026-01-03T07:00:00Z',
    labels: { 'kubernetes.io/hostname': 'worker-1', 'kubernetes.io/os': 'linux' },
    annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
  },
  spec: {
    podCIDR: '10.244.1.0/24',
    podCIDRs: ['10.244.1.0/24'],
    taints: [
      {
        key: 'node.kubernetes.io/unreachable',
        effect: 'NoExecute',
        timeAdded: '2026-01-05T09:59:00Z',
      },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
    ],
  },
  status: {
    capacity: { cpu: '2', memory: '4Gi', pods: '110', 'ephemeral-storage': '20Gi' },
    allocatable: { cpu: '2', memory: '4Gi', pods: '110', 'ephemeral-storage': '20Gi' },
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        lastHeartbeatTime: '2026-01-05T09:59:50Z',
        lastTransitionTime: '2026-01-03T07:00:30Z',
        reason: 'KubeletReady',
        message: 'kubelet is posting ready status',
      },
    ],
    addresses: [
      { type: 'InternalIP', address: '10.0.1.2' },
      { type: 'Hostname', address: 'worker-1' },
    ],
    nodeInfo: {
      machineID: 'm1',
      systemUUID: 's1',
      bootID: 'b1',
      kernelVersion: '6.8.0-51-generic',
      osImage: 'Ubuntu 24.04.1 LTS',
      operatingSystem: 'linux',
      architecture: 'amd64',
      containerRuntimeVersion: 'containerd://1.7.24',
      kubeletVersion: 'v1.31.4',
      kubeProxyVersion: 'v1.31.4',
    },
  },
};
const p = (name: string, ns: string, req: Record<string, string>, lim: Record<string, string>) => ({
  metadata: { name, namespace: ns, creationTimestamp: '2026-01-05T09:00:00Z' },
  spec: { containers: [{ name: 'c', resources: { requests: req, limits: lim } }] },
  status: { phase: 'Running' },
});
const lease = {
  spec: { holderIdentity: 'worker-1', renewTime: '2026-01-05T09:59:55.000000Z' },
};
const svc = {
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: {
    type: 'NodePort',
    selector: { app: 'web' },
    ipFamilyPolicy: 'SingleStack',
    ipFamilies: ['IPv4'],
    clusterIP: '10.96.12.7',
    clusterIPs: ['10.96.12.7'],
    ports: [{ port: 80, targetPort: 80, nodePort: 30080, protocol: 'TCP' }],
    sessionAffinity: 'None',
    externalTrafficPolicy: 'Cluster',
    internalTrafficPolicy: 'Cluster',
  },
};
const eps = {
  subsets: [
    {
      addresses: [{ ip: '10.244.1.5' }, { ip: '10.244.2.7' }],
      ports: [{ port: 80, protocol: 'TCP' }],
    },
  ],
};

const job = {
  metadata: { name: 'pi', namespace: 'default', labels: { 'batch.kubernetes.io/job-name': 'pi' } },
  spec: {
    parallelism: 1,
    completions: 1,
    completionMode: 'NonIndexed',
    suspend: false,
    backoffLimit: 6,
    selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'c0ffee' } },
    template: {
      metadata: { labels: { 'batch.kubernetes.io/job-name': 'pi' } },
      spec: {
        restartPolicy: 'Never',
        containers: [
          {
            name: 'pi',
            image: 'perl:5.34.0',
            command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'],
          },
        ],
      },
    },
  },
  status: {
    startTime: '2026-01-05T09:55:00Z',
    completionTime: '2026-01-05T09:55:12Z',
    succeeded: 1,
    ready: 0,
  },
};
const rs = {
  metadata: {
    name: 'web-5948f7484f',
    namespace: 'default',
    uid: 'rs2',
    labels: { app: 'web' },
    ownerReferences: [{ kind: 'Deployment', name: 'web', uid: 'd', controller: true }],
  },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
    },
  },
  status: { replicas: 2 },
};
const rsPods = [
  {
    metadata: { ownerReferences: [{ uid: 'rs2', controller: true }] },
    status: { phase: 'Running' },
  },
  {
    metadata: { ownerReferences: [{ uid: 'rs2', controller: true }] },
    status: { phase: 'Pending' },
  },
  { metadata: {}, status: { phase: 'Running' } },
];
const ep = {
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  subsets: [
    {
      addresses: [{ ip: '10.244.1.5' }],
      notReadyAddresses: [{ ip: '10.244.2.7' }],
      ports: [{ port: 80, protocol: 'TCP' }],
    },
  ],
};
const ns = {
  metadata: { name: 'default', labels: { 'kubernetes.io/metadata.name': 'default' } },
  status: { phase: 'Active' },
};
const pending = {
  ...pod,
  metadata: {
    ...pod.metadata,
    deletionTimestamp: '2026-01-05T09:59:55Z',
    deletionGracePeriodSeconds: 30,
  },
  spec: { ...pod.spec, nodeName: undefined },
  status: {
    phase: 'Pending',
    qosClass: 'BestEffort',
    conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }],
  },
};
const podRelated = { events };
const pendingRelated = { events: [] };
const depRelated = { events: ev, replicaSets: [rsNew, rsOld] };
const nodeRelated = {
  events: [],
  nodePods: [
    p('web-1', 'default', { cpu: '100m', memory: '128Mi' }, { memory: '256Mi' }),
    p('kube-proxy-x2x9z', 'kube-system', {}, {}),
  ],
  lease,
};
const svcRelated = { events: [], endpoints: eps };
const jobRelated = { events: [] };
const rsRelated = { events: [], pods: rsPods };
const epRelated = { events: [] };
const nsRelated = { events: [] };

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

suite('describe Deployment', () => {
  it('prints replicas, strategy, the pod template and old/new replica sets', () => {
    expect(
      describe(
        'Deployment',
        dep as unknown as KubeObject,
        depRelated as unknown as DescribeRelated,
        now,
      ),
    ).toBe(
      'Name:                   web\n' +
        'Namespace:              default\n' +
        'CreationTimestamp:      Mon, 05 Jan 2026 09:00:00 +0000\n' +
        'Labels:                 app=web\n' +
        'Annotations:            deployment.kubernetes.io/revision: 2\n' +
        'Selector:               app=web\n' +
        'Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable\n' +
        'StrategyType:           RollingUpdate\n' +
        'MinReadySeconds:        0\n' +
        'RollingUpdateStrategy:  25% max unavailable, 25% max surge\n' +
        'Pod Template:\n' +
        '  Labels:  app=web\n' +
        '  Containers:\n' +
        '   web:\n' +
        '    Image:         nginx:1.27\n' +
        '    Port:          80/TCP\n' +
        '    Host Port:     0/TCP\n' +
        '    Environment:   <none>\n' +
        '    Mounts:        <none>\n' +
        '  Volumes:         <none>\n' +
        '  Node-Selectors:  <none>\n' +
        '  Tolerations:     <none>\n' +
        'Conditions:\n' +
        '  Type           Status  Reason\n' +
        '  ----           ------  ------\n' +
        '  Available      True    MinimumReplicasAvailable\n' +
        '  Progressing    True    NewReplicaSetAvailable\n' +
        'OldReplicaSets:  web-7d4b9c8f6d (0/0 replicas created)\n' +
        'NewReplicaSet:   web-5948f7484f (3/3 replicas created)\n' +
        'Events:\n' +
        '  Type    Reason             Age   From                   Message\n' +
        '  ----    ------             ----  ----                   -------\n' +
        '  Normal  ScalingReplicaSet  30m   deployment-controller  Scaled up replica set web-5948f7484f from 0 to 3\n',
    );
  });
});

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

suite('describe Service', () => {
  it('prints ports, target ports, node ports and endpoints', () => {
    expect(
      describe(
        'Service',
        svc as unknown as KubeObject,
        svcRelated as unknown as DescribeRelated,
        now,
      ),
    ).toBe(
      'Name:                     web\n' +
        'Namespace:                default\n' +
        'Labels:                   app=web\n' +
        'Annotations:              <none>\n' +
        'Selector:                 app=web\n' +
        'Type:                     NodePort\n' +
        'IP Family Policy:         SingleStack\n' +
        'IP Families:              IPv4\n' +
        'IP:                       10.96.12.7\n' +
        'IPs:                      10.96.12.7\n' +
        'Port:                     <unset>  80/TCP\n' +
        'TargetPort:               80/TCP\n' +
        'NodePort:                 <unset>  30080/TCP\n' +
        'Endpoints:                10.244.1.5:80,10.244.2.7:80\n' +
        'Session Affinity:         None\n' +
        'External Traffic Policy:  Cluster\n' +
        'Internal Traffic Policy:  Cluster\n' +
        'Events:                   <none>\n',
    );
  });
});

suite('describe Job', () => {
  it('prints completions, duration and pod statuses', () => {
    expect(
      describe('Job', job as unknown as KubeObject, jobRelated as unknown as DescribeRelated, now),
    ).toBe(
      'Name:             pi\n' +
        'Namespace:        default\n' +
        'Selector:         batch.kubernetes.io/controller-uid=c0ffee\n' +
        'Labels:           batch.kubernetes.io/job-name=pi\n' +
        'Annotations:      <none>\n' +
        'Parallelism:      1\n' +
        'Completions:      1\n' +
        'Completion Mode:  NonIndexed\n' +
        'Suspend:          false\n' +
        'Backoff Limit:    6\n' +
        'Start Time:       Mon, 05 Jan 2026 09:55:00 +0000\n' +
        'Completed At:     Mon, 05 Jan 2026 09:55:12 +0000\n' +
        'Duration:         12s\n' +
        'Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed\n' +
        'Pod Template:\n' +
        '  Labels:  batch.kubernetes.io/job-name=pi\n' +
        '  Containers:\n' +
        '   pi:\n' +
        '    Image:      perl:5.34.0\n' +
        '    Port:       <none>\n' +
        '    Host Port:  <none>\n' +
        '    Command:\n' +
        '      perl\n' +
        '      -Mbignum=bpi\n' +
        '      -wle\n' +
        '      print bpi(2000)\n' +
        '    Environment:   <none>\n' +
        '    Mounts:        <none>\n' +
        '  Volumes:         <none>\n' +
        '  Node-Selectors:  <none>\n' +
        '  Tolerations:     <none>\n' +
        'Events:            <none>\n',
    );
  });
});

suite('describe ReplicaSet', () => {
  it('counts the pods it controls by phase', () => {
    expect(
      describe(
        'ReplicaSet',
        rs as unknown as KubeObject,
        rsRelated as unknown as DescribeRelated,
        now,
      ),
    ).toBe(
      'Name:           web-5948f7484f\n' +
        'Namespace:      default\n' +
        'Selector:       app=web\n' +
        'Labels:         app=web\n' +
        'Annotations:    <none>\n' +
        'Controlled By:  Deployment/web\n' +
        'Replicas:       2 current / 2 desired\n' +
        'Pods Status:    1 Running / 1 Waiting / 0 Succeeded / 0 Failed\n' +
        'Pod Template:\n' +
        '  Labels:  app=web\n' +
        '  Containers:\n' +
        '   web:\n' +
        '    Image:         nginx:1.27\n' +
        '    Port:          <none>\n' +
        '    Host Port:     <none>\n' +
        '    Environment:   <none>\n' +
        '    Mounts:        <none>\n' +
        '  Volumes:         <none>\n' +
        '  Node-Selectors:  <none>\n' +
        '  Tolerations:     <none>\n' +
        'Events:            <none>\n',
    );
  });
});

suite('describe Endpoints', () => {
  it('prints each subset with its ports table', () => {
    expect(
      describe(
        'Endpoints',
        ep as unknown as KubeObject,
        epRelated as unknown as DescribeRelated,
        now,
      ),
    ).toBe(
      'Name:         web\n' +
        'Namespace:    default\n' +
        'Labels:       app=web\n' +
        'Annotations:  <none>\n' +
        'Subsets:\n' +
        '  Addresses:          10.244.1.5\n' +
        '  NotReadyAddresses:  10.244.2.7\n' +
        '  Ports:\n' +
        '    Name     Port  Protocol\n' +
        '    ----     ----  --------\n' +
        '    <unset>  80    TCP\n' +
        '\n' +
        'Events:  <none>\n',
    );
  });
});

suite('describe Namespace', () => {
  it('prints status and the empty quota and limit range sections', () => {
    expect(
      describe(
        'Namespace',
        ns as unknown as KubeObject,
        nsRelated as unknown as DescribeRelated,
        now,
      ),
    ).toBe(
      'Name:         default\n' +
        'Labels:       kubernetes.io/metadata.name=default\n' +
        'Annotations:  <none>\n' +
        'Status:       Active\n' +
        '\n' +
        'No resource quota.\n' +
        '\n' +
        'No LimitRange resource.\n',
    );
  });
});
