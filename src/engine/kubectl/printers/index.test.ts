import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { printGet, printName } from '.';

const now = Date.parse('2026-01-05T10:00:00Z');
const meta = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  namespace: 'default',
  creationTimestamp: '2026-01-05T09:55:00Z',
  ...extra,
});
const o = (x: unknown) => x as KubeObject;

const webPod = o({
  kind: 'Pod',
  metadata: meta('web-5948f7484f-x7k2p', {
    labels: { app: 'web', 'pod-template-hash': '5948f7484f' },
  }),
  spec: { nodeName: 'worker-1', containers: [{ name: 'web', image: 'nginx:1.27' }] },
  status: {
    phase: 'Running',
    podIP: '10.244.1.5',
    podIPs: [{ ip: '10.244.1.5' }],
    containerStatuses: [{ name: 'web', ready: true, restartCount: 0, state: { running: {} } }],
  },
});
const pendingPod = o({
  kind: 'Pod',
  metadata: meta('big', { namespace: 'team-a', creationTimestamp: '2026-01-05T09:59:15Z' }),
  spec: { containers: [{ name: 'big', image: 'busybox' }] },
  status: { phase: 'Pending' },
});

describe('printGet Pod', () => {
  it('prints NAME READY STATUS RESTARTS AGE', () => {
    expect(printGet('Pod', [webPod], { now })).toBe(
      'NAME                   READY   STATUS    RESTARTS   AGE\n' +
        'web-5948f7484f-x7k2p   1/1     Running   0          5m\n',
    );
  });

  it('adds IP NODE NOMINATED NODE READINESS GATES for -o wide, <none> when unset', () => {
    expect(printGet('Pod', [webPod, pendingPod], { now, wide: true })).toBe(
      'NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE       NOMINATED NODE   READINESS GATES\n' +
        'web-5948f7484f-x7k2p   1/1     Running   0          5m    10.244.1.5   worker-1   <none>           <none>\n' +
        'big                    0/1     Pending   0          45s   <none>       <none>     <none>           <none>\n',
    );
  });

  it('adds NAMESPACE first for -A and LABELS last for --show-labels', () => {
    expect(
      printGet('Pod', [webPod, pendingPod], { now, allNamespaces: true, showLabels: true }),
    ).toBe(
      'NAMESPACE   NAME                   READY   STATUS    RESTARTS   AGE   LABELS\n' +
        'default     web-5948f7484f-x7k2p   1/1     Running   0          5m    app=web,pod-template-hash=5948f7484f\n' +
        'team-a      big                    0/1     Pending   0          45s   <none>\n',
    );
  });

  it('names rows kind/name as in kubectl get all', () => {
    expect(printGet('Pod', [webPod], { now, showKind: true })).toBe(
      'NAME                       READY   STATUS    RESTARTS   AGE\n' +
        'pod/web-5948f7484f-x7k2p   1/1     Running   0          5m\n',
    );
  });

  it('prints nothing for no objects (kubectl writes "No resources found" to stderr)', () => {
    expect(printGet('Pod', [], { now })).toBe('');
  });
});

describe('printGet Node', () => {
  const node = (
    name: string,
    labels: Record<string, string>,
    ready: string,
    extra: Record<string, unknown> = {},
  ) =>
    o({
      kind: 'Node',
      metadata: { name, labels, creationTimestamp: '2026-01-03T07:00:00Z' },
      spec: extra,
      status: {
        conditions: [
          { type: 'MemoryPressure', status: 'False' },
          { type: 'Ready', status: ready },
        ],
        addresses: [
          { type: 'InternalIP', address: name === 'control-plane' ? '10.0.0.10' : '10.0.1.2' },
          { type: 'Hostname', address: name },
        ],
        nodeInfo: {
          kubeletVersion: 'v1.31.4',
          osImage: 'Ubuntu 24.04.1 LTS',
          kernelVersion: '6.8.0-51-generic',
          containerRuntimeVersion: 'containerd://1.7.24',
        },
      },
    });
  const nodes = [
    node('control-plane', { 'node-role.kubernetes.io/control-plane': '' }, 'True'),
    node('worker-1', {}, 'True', { unschedulable: true }),
    node('worker-2', {}, 'Unknown'),
  ];

  it('prints STATUS with SchedulingDisabled, ROLES from node-role labels', () => {
    expect(printGet('Node', nodes, { now })).toBe(
      'NAME            STATUS                     ROLES           AGE    VERSION\n' +
        'control-plane   Ready                      control-plane   2d3h   v1.31.4\n' +
        'worker-1        Ready,SchedulingDisabled   <none>          2d3h   v1.31.4\n' +
        'worker-2        NotReady                   <none>          2d3h   v1.31.4\n',
    );
  });

  it('adds INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME for -o wide', () => {
    expect(printGet('Node', nodes.slice(0, 1), { now, wide: true })).toBe(
      'NAME            STATUS   ROLES           AGE    VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION     CONTAINER-RUNTIME\n' +
        'control-plane   Ready    control-plane   2d3h   v1.31.4   10.0.0.10     <none>        Ubuntu 24.04.1 LTS   6.8.0-51-generic   containerd://1.7.24\n',
    );
  });
});

describe('printGet Event', () => {
  const ev = (name: string, extra: Record<string, unknown>) =>
    o({ kind: 'Event', metadata: { name, namespace: 'default' }, ...extra });
  const events = [
    ev('web-5948f7484f-x7k2p.181a', {
      involvedObject: { kind: 'Pod', name: 'web-5948f7484f-x7k2p' },
      reason: 'Scheduled',
      message: 'Successfully assigned default/web-5948f7484f-x7k2p to worker-1',
      type: 'Normal',
      firstTimestamp: '2026-01-05T09:55:00Z',
      lastTimestamp: '2026-01-05T09:55:00Z',
    }),
    ev('web.181b', {
      involvedObject: { kind: 'Deployment', name: 'web' },
      reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set web-5948f7484f from 0 to 3',
      type: 'Normal',
      firstTimestamp: '2026-01-05T09:54:58Z',
      lastTimestamp: '2026-01-05T09:54:58Z',
    }),
  ];

  it('prints LAST SEEN TYPE REASON OBJECT MESSAGE in the API order (by name)', () => {
    expect(printGet('Event', events, { now })).toBe(
      'LAST SEEN   TYPE     REASON              OBJECT                     MESSAGE\n' +
        '5m          Normal   Scheduled           pod/web-5948f7484f-x7k2p   Successfully assigned default/web-5948f7484f-x7k2p to worker-1\n' +
        '5m2s        Normal   ScalingReplicaSet   deployment/web             Scaled up replica set web-5948f7484f from 0 to 3\n',
    );
  });
});

describe('printGet workloads', () => {
  const template = {
    metadata: { labels: { app: 'web' } },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
  };
  const deploy = o({
    kind: 'Deployment',
    metadata: meta('web'),
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
    status: { replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 },
  });
  const rs = o({
    kind: 'ReplicaSet',
    metadata: meta('web-5948f7484f'),
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web', 'pod-template-hash': '5948f7484f' } },
      template,
    },
    status: { replicas: 3, readyReplicas: 2 },
  });

  it('prints a Deployment, with CONTAINERS IMAGES SELECTOR for -o wide', () => {
    expect(printGet('Deployment', [deploy], { now })).toBe(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2/3     3            2           5m\n',
    );
    expect(printGet('Deployment', [deploy], { now, wide: true })).toBe(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR\n' +
        'web    2/3     3            2           5m    web          nginx:1.27   app=web\n',
    );
  });

  it('prints a ReplicaSet as DESIRED CURRENT READY', () => {
    expect(printGet('ReplicaSet', [rs], { now, wide: true, showKind: true })).toBe(
      'NAME                             DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES       SELECTOR\n' +
        'replicaset.apps/web-5948f7484f   3         3         2       5m    web          nginx:1.27   app=web,pod-template-hash=5948f7484f\n',
    );
  });

  it('prints Job STATUS COMPLETIONS DURATION', () => {
    const job = (
      name: string,
      status: Record<string, unknown>,
      spec: Record<string, unknown> = { completions: 1 },
    ) => o({ kind: 'Job', metadata: meta(name), spec: { ...spec, template }, status });
    const jobs = [
      job('pi', {
        succeeded: 1,
        startTime: '2026-01-05T09:55:00Z',
        completionTime: '2026-01-05T09:55:12Z',
        conditions: [
          { type: 'SuccessCriteriaMet', status: 'True' },
          { type: 'Complete', status: 'True' },
        ],
      }),
      job('crunch', { active: 2, startTime: '2026-01-05T09:57:00Z' }, { parallelism: 2 }),
      job('flaky', {
        failed: 7,
        startTime: '2026-01-05T09:55:00Z',
        conditions: [{ type: 'Failed', status: 'True' }],
      }),
    ];
    expect(printGet('Job', jobs, { now })).toBe(
      'NAME     STATUS     COMPLETIONS   DURATION   AGE\n' +
        'pi       Complete   1/1           12s        5m\n' +
        'crunch   Running    0/1 of 2      3m         5m\n' +
        'flaky    Failed     0/1           5m         5m\n',
    );
  });
});

describe('printGet Service, Endpoints, EndpointSlice', () => {
  const svc = (name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}) =>
    o({ kind: 'Service', metadata: meta(name), spec, status });
  const services = [
    svc('kubernetes', {
      type: 'ClusterIP',
      clusterIP: '10.96.0.1',
      clusterIPs: ['10.96.0.1'],
      ports: [{ name: 'https', port: 443, protocol: 'TCP' }],
    }),
    svc('web', {
      type: 'NodePort',
      clusterIPs: ['10.96.12.7'],
      selector: { app: 'web' },
      ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }],
    }),
    svc('shop', {
      type: 'LoadBalancer',
      clusterIPs: ['10.96.40.2'],
      selector: { app: 'shop' },
      ports: [
        { port: 80, nodePort: 31234, protocol: 'TCP' },
        { port: 443, nodePort: 31235, protocol: 'TCP' },
      ],
    }),
    svc(
      'api',
      {
        type: 'LoadBalancer',
        clusterIPs: ['10.96.40.3'],
        ports: [{ port: 8080, nodePort: 32000, protocol: 'TCP' }],
      },
      { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } },
    ),
  ];

  it('prints TYPE CLUSTER-IP EXTERNAL-IP PORT(S), <pending> for an unprovisioned LoadBalancer', () => {
    expect(printGet('Service', services, { now, wide: true })).toBe(
      'NAME         TYPE           CLUSTER-IP   EXTERNAL-IP    PORT(S)                      AGE   SELECTOR\n' +
        'kubernetes   ClusterIP      10.96.0.1    <none>         443/TCP                      5m    <none>\n' +
        'web          NodePort       10.96.12.7   <none>         80:30080/TCP                 5m    app=web\n' +
        'shop         LoadBalancer   10.96.40.2   <pending>      80:31234/TCP,443:31235/TCP   5m    app=shop\n' +
        'api          LoadBalancer   10.96.40.3   203.0.113.10   8080:32000/TCP               5m    <none>\n',
    );
  });

  it('prints the first three endpoints then "+ N more...", <none> without subsets', () => {
    const addrs = ['10.244.1.5', '10.244.2.7', '10.244.1.6', '10.244.2.8', '10.244.3.2'].map(
      (ip) => ({ ip }),
    );
    const eps = [
      o({
        kind: 'Endpoints',
        metadata: meta('web'),
        subsets: [{ addresses: addrs, ports: [{ port: 80, protocol: 'TCP' }] }],
      }),
      o({ kind: 'Endpoints', metadata: meta('empty') }),
    ];
    expect(printGet('Endpoints', eps, { now })).toBe(
      'NAME    ENDPOINTS                                               AGE\n' +
        'web     10.244.1.5:80,10.244.2.7:80,10.244.1.6:80 + 2 more...   5m\n' +
        'empty   <none>                                                  5m\n',
    );
  });

  it('prints an EndpointSlice as ADDRESSTYPE PORTS ENDPOINTS', () => {
    const slice = o({
      kind: 'EndpointSlice',
      metadata: meta('web-7x2kq'),
      addressType: 'IPv4',
      ports: [{ name: '', port: 80, protocol: 'TCP' }],
      endpoints: [{ addresses: ['10.244.1.5'] }, { addresses: ['10.244.2.7'] }],
    });
    expect(printGet('EndpointSlice', [slice], { now })).toBe(
      'NAME        ADDRESSTYPE   PORTS   ENDPOINTS               AGE\n' +
        'web-7x2kq   IPv4          80      10.244.1.5,10.244.2.7   5m\n',
    );
  });
});

describe('printGet config and cluster kinds', () => {
  it('prints Namespace, ServiceAccount, Secret, ConfigMap and Lease columns', () => {
    expect(
      printGet(
        'Namespace',
        [
          o({
            kind: 'Namespace',
            metadata: { name: 'default', creationTimestamp: '2026-01-03T07:00:00Z' },
            status: { phase: 'Active' },
          }),
        ],
        { now },
      ),
    ).toBe('NAME      STATUS   AGE\ndefault   Active   2d3h\n');
    expect(
      printGet('ServiceAccount', [o({ kind: 'ServiceAccount', metadata: meta('default') })], {
        now,
      }),
    ).toBe('NAME      SECRETS   AGE\ndefault   0         5m\n');
    expect(
      printGet(
        'Secret',
        [
          o({
            kind: 'Secret',
            metadata: meta('db'),
            type: 'Opaque',
            data: { user: 'YQ==', pass: 'Yg==' },
          }),
        ],
        { now },
      ),
    ).toBe('NAME   TYPE     DATA   AGE\ndb     Opaque   2      5m\n');
    expect(
      printGet(
        'ConfigMap',
        [o({ kind: 'ConfigMap', metadata: meta('kube-root-ca.crt'), data: { 'ca.crt': 'x' } })],
        { now },
      ),
    ).toBe('NAME               DATA   AGE\nkube-root-ca.crt   1      5m\n');
    expect(
      printGet(
        'Lease',
        [
          o({
            kind: 'Lease',
            metadata: meta('worker-1', { namespace: 'kube-node-lease' }),
            spec: { holderIdentity: 'worker-1' },
          }),
        ],
        { now },
      ),
    ).toBe('NAME       HOLDER     AGE\nworker-1   worker-1   5m\n');
  });

  it('prints ComponentStatus as NAME STATUS MESSAGE ERROR', () => {
    const cs = (name: string, status: string, message: string) =>
      o({
        kind: 'ComponentStatus',
        metadata: { name },
        conditions: [{ type: 'Healthy', status, message }],
      });
    expect(
      printGet('ComponentStatus', [cs('scheduler', 'True', 'ok'), cs('etcd-0', 'True', 'ok')], {
        now,
      }),
    ).toBe(
      'NAME        STATUS    MESSAGE   ERROR\nscheduler   Healthy   ok        \netcd-0      Healthy   ok        \n',
    );
  });
});

describe('printName (-o name)', () => {
  it('prints type/name with the group for grouped kinds', () => {
    expect(
      printName([
        webPod,
        o({ kind: 'Deployment', metadata: { name: 'web' } }),
        o({ kind: 'Service', metadata: { name: 'web' } }),
      ]),
    ).toBe('pod/web-5948f7484f-x7k2p\ndeployment.apps/web\nservice/web\n');
  });
});
