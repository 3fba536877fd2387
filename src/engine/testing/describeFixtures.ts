/**
 * Objects shared by the `kubectl describe` tests (kubectl/describe/pod.test.ts, node.test.ts,
 * workloads.test.ts, network.test.ts), as the API server would return them, and the related
 * objects `describe` is given for each.
 */

/** The instant the tests describe at: 2026-01-05 10:00:00 UTC. */
export const now = Date.parse('2026-01-05T10:00:00Z');
export const pod = {
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
export const dep = {
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
export const node = {
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
export const svc = {
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

export const job = {
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
export const rs = {
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
export const ep = {
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  subsets: [
    {
      addresses: [{ ip: '10.244.1.5' }],
      notReadyAddresses: [{ ip: '10.244.2.7' }],
      ports: [{ port: 80, protocol: 'TCP' }],
    },
  ],
};
export const ns = {
  metadata: { name: 'default', labels: { 'kubernetes.io/metadata.name': 'default' } },
  status: { phase: 'Active' },
};
export const pending = {
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
export const podRelated = { events };
export const pendingRelated = { events: [] };
export const depRelated = { events: ev, replicaSets: [rsNew, rsOld] };
export const nodeRelated = {
  events: [],
  nodePods: [
    p('web-1', 'default', { cpu: '100m', memory: '128Mi' }, { memory: '256Mi' }),
    p('kube-proxy-x2x9z', 'kube-system', {}, {}),
  ],
  lease,
};
export const svcRelated = { events: [], endpoints: eps };
export const jobRelated = { events: [] };
export const rsRelated = { events: [], pods: rsPods };
export const epRelated = { events: [] };
export const nsRelated = { events: [] };
