/**
 * The objects kubeadm's addon phase and kind create in a new cluster (kind v0.24, Kubernetes
 * v1.31): CoreDNS (Deployment, `kube-dns` Service at 10.96.0.10, its ConfigMap), kube-proxy and
 * kindnet (DaemonSets), and kind's local-path-provisioner in `local-path-storage` (a namespace made with the system ones). RBAC objects
 * are left out: the simulated API server authorizes everything.
 */
import type { KubeObject, PodSpec, PodTemplateSpec } from '../api/types';
import { KUBERNETES_VERSION } from '../node/kubelet/nodeStatus';

const KIND_IMAGE_TAG = 'v20240813-c6f155d6';
const CONTROL_PLANE_TAINT = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

const serviceAccount = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name, namespace },
});

const COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
`;

/** kubeadm's CoreDNS: two replicas that tolerate the control-plane taint. */
function coreDns(): KubeObject[] {
  const labels = { 'k8s-app': 'kube-dns' };
  const template: PodTemplateSpec = {
    metadata: { labels },
    spec: {
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 100,
              podAffinityTerm: {
                labelSelector: {
                  matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }],
                },
                topologyKey: 'kubernetes.io/hostname',
              },
            },
          ],
        },
      },
      containers: [
        {
          name: 'coredns',
          image: 'registry.k8s.io/coredns/coredns:v1.11.3',
          imagePullPolicy: 'IfNotPresent',
          args: ['-conf', '/etc/coredns/Corefile'],
          ports: [
            { containerPort: 53, name: 'dns', protocol: 'UDP' },
            { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
            { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
          ],
          resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
          volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
        },
      ],
      dnsPolicy: 'Default',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      priorityClassName: 'system-cluster-critical',
      serviceAccountName: 'coredns',
      tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, CONTROL_PLANE_TAINT],
      volumes: [
        {
          name: 'config-volume',
          configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] },
        },
      ],
    },
  };
  return [
    serviceAccount('kube-system', 'coredns'),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'coredns', namespace: 'kube-system' },
      data: { Corefile: COREFILE },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'coredns', namespace: 'kube-system', labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
        template,
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kube-dns',
        namespace: 'kube-system',
        labels: {
          'k8s-app': 'kube-dns',
          'kubernetes.io/cluster-service': 'true',
          'kubernetes.io/name': 'CoreDNS',
        },
        annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
      },
      spec: {
        clusterIP: '10.96.0.10',
        selector: labels,
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
      },
    },
  ];
}

/** A node agent's pod template: host network, every taint tolerated, node-critical. */
function nodeAgent(labels: Record<string, string>, spec: Omit<PodSpec, 'tolerations'>) {
  const template: PodTemplateSpec = {
    metadata: { labels },
    spec: {
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      tolerations: [{ operator: 'Exists' }],
      ...spec,
    },
  };
  return template;
}

/** kube-proxy's DaemonSet pod template (kubeadm), on every node. */
export function kubeProxyTemplate(): PodTemplateSpec {
  return nodeAgent(
    { 'k8s-app': 'kube-proxy' },
    {
      containers: [
        {
          name: 'kube-proxy',
          image: `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`,
          imagePullPolicy: 'IfNotPresent',
          command: [
            '/usr/local/bin/kube-proxy',
            '--config=/var/lib/kube-proxy/config.conf',
            '--hostname-override=$(NODE_NAME)',
          ],
          env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
          securityContext: { privileged: true },
          volumeMounts: [{ name: 'kube-proxy', mountPath: '/var/lib/kube-proxy' }],
        },
      ],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      serviceAccountName: 'kube-proxy',
      volumes: [{ name: 'kube-proxy', configMap: { name: 'kube-proxy' } }],
    },
  );
}

/** kindnet's DaemonSet pod template (kind's CNI): a route to every other node's pod CIDR. */
export function kindnetTemplate(): PodTemplateSpec {
  return nodeAgent(
    { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' },
    {
      containers: [
        {
          name: 'kindnet-cni',
          image: `docker.io/kindest/kindnetd:${KIND_IMAGE_TAG}`,
          imagePullPolicy: 'IfNotPresent',
          command: ['/bin/kindnetd'],
          env: [
            { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
            { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
            { name: 'POD_SUBNET', value: '10.244.0.0/16' },
            { name: 'CONTROL_PLANE_ENDPOINT', value: 'control-plane:6443' },
          ],
          resources: {
            limits: { cpu: '100m', memory: '50Mi' },
            requests: { cpu: '100m', memory: '50Mi' },
          },
          securityContext: { capabilities: { add: ['NET_RAW', 'NET_ADMIN'] }, privileged: false },
        },
      ],
      serviceAccountName: 'kindnet',
    },
  );
}

/** The DaemonSets of kube-proxy and kindnet, with what their pods need. */
function nodeAgents(withDaemonSets: boolean): KubeObject[] {
  const ds = (name: string, template: PodTemplateSpec): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'kube-system', labels: template.metadata?.labels },
    spec: {
      selector: { matchLabels: template.metadata?.labels },
      template,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
    },
  });
  return [
    serviceAccount('kube-system', 'kube-proxy'),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { app: 'kube-proxy' } },
      data: {
        'config.conf':
          'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nclusterCIDR: 10.244.0.0/16\nmode: iptables\n',
      },
    },
    serviceAccount('kube-system', 'kindnet'),
    ...(withDaemonSets
      ? [ds('kube-proxy', kubeProxyTemplate()), ds('kindnet', kindnetTemplate())]
      : []),
  ];
}

/** kind's local-path-provisioner, which provisions the `standard` StorageClass's volumes. */
function localPathStorage(): KubeObject[] {
  const ns = 'local-path-storage';
  const labels = { app: 'local-path-provisioner' };
  return [
    serviceAccount(ns, 'local-path-provisioner-service-account'),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'local-path-config', namespace: ns },
      data: {
        'config.json':
          '{\n  "nodePathMap":[\n  {\n    "node":"DEFAULT_PATH_FOR_NON_LISTED_NODES",\n    "paths":["/var/local-path-provisioner"]\n  }\n  ]\n}\n',
        setup: '#!/bin/sh\nset -eu\nmkdir -m 0777 -p "$VOL_DIR"\n',
        teardown: '#!/bin/sh\nset -eu\nrm -rf "$VOL_DIR"\n',
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'local-path-provisioner', namespace: ns },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'local-path-provisioner',
                image: `docker.io/kindest/local-path-provisioner:${KIND_IMAGE_TAG}`,
                imagePullPolicy: 'IfNotPresent',
                command: [
                  'local-path-provisioner',
                  '--debug',
                  'start',
                  '--helper-image',
                  'docker.io/kindest/local-path-helper:v20230510-486859a6',
                  '--config',
                  '/etc/config/config.json',
                ],
                env: [
                  {
                    name: 'POD_NAMESPACE',
                    valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
                  },
                  { name: 'CONFIG_MOUNT_PATH', value: '/etc/config/' },
                ],
                volumeMounts: [{ name: 'config-volume', mountPath: '/etc/config/' }],
              },
            ],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            serviceAccountName: 'local-path-provisioner-service-account',
            tolerations: [
              {
                key: 'node-role.kubernetes.io/control-plane',
                operator: 'Equal',
                effect: 'NoSchedule',
              },
              { key: 'node-role.kubernetes.io/master', operator: 'Equal', effect: 'NoSchedule' },
            ],
            volumes: [{ name: 'config-volume', configMap: { name: 'local-path-config' } }],
          },
        },
      },
    },
  ];
}

/**
 * What kubeadm and kind create once the control plane is up, in order. `withDaemonSets`: whether
 * the API serves DaemonSets (else kube-proxy's and kindnet's pods are made per node instead).
 */
export function clusterAddons(withDaemonSets: boolean): KubeObject[] {
  return [...coreDns(), ...nodeAgents(withDaemonSets), ...localPathStorage()];
}

/**
 * hpa: the metrics-server addon, as `kubectl apply -f` of metrics-server v0.7.2's components.yaml
 * creates it in kube-system, with the `--kubelet-insecure-tls` flag kind and minikube users add
 * (their kubelets serve self-signed certificates). RBAC objects and the APIService are left out,
 * as for the other addons: the simulated API server authorizes everything and registers the
 * `metrics.k8s.io` group itself.
 */
export function metricsServerAddon(): KubeObject[] {
  const labels = { 'k8s-app': 'metrics-server' };
  const probe = (path: string) => ({
    failureThreshold: 3,
    httpGet: { path, port: 'https', scheme: 'HTTPS' },
    periodSeconds: 10,
  });
  return [
    {
      ...serviceAccount('kube-system', 'metrics-server'),
      metadata: { name: 'metrics-server', namespace: 'kube-system', labels },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'metrics-server', namespace: 'kube-system', labels },
      spec: {
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' }],
        selector: labels,
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'metrics-server', namespace: 'kube-system', labels },
      spec: {
        selector: { matchLabels: labels },
        strategy: { rollingUpdate: { maxUnavailable: 0 } },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'metrics-server',
                image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2',
                imagePullPolicy: 'IfNotPresent',
                args: [
                  '--cert-dir=/tmp',
                  '--secure-port=10250',
                  '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
                  '--kubelet-use-node-status-port',
                  '--metric-resolution=15s',
                  '--kubelet-insecure-tls',
                ],
                ports: [{ containerPort: 10250, name: 'https', protocol: 'TCP' }],
                livenessProbe: probe('/livez'),
                readinessProbe: { ...probe('/readyz'), initialDelaySeconds: 20 },
                resources: { requests: { cpu: '100m', memory: '200Mi' } },
                volumeMounts: [{ mountPath: '/tmp', name: 'tmp-dir' }],
              },
            ],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            priorityClassName: 'system-cluster-critical',
            serviceAccountName: 'metrics-server',
            volumes: [{ emptyDir: {}, name: 'tmp-dir' }],
          },
        },
      },
    },
  ];
}
