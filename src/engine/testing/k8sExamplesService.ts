/** The corpus's service/ examples added with the folder-by-folder copy (./k8sExamples). */
import type { Example } from './k8sExampleTypes';

export const SERVICE: Example[] = [
  // "Connect a Frontend to a Backend Using Services".
  { file: 'service/access/backend-deployment.yaml', ends: { running: 3 } },
  { file: 'service/access/backend-service.yaml', ends: { stored: ['service/hello'] } },
  { file: 'service/access/frontend-deployment.yaml', ends: { running: 1 } },
  // type LoadBalancer on kind: no cloud provider, EXTERNAL-IP stays <pending>.
  { file: 'service/access/frontend-service.yaml', ends: { stored: ['service/frontend'] } },
  { file: 'service/access/hello-application.yaml', ends: { running: 2 } },
  { file: 'service/nginx-service.yaml', ends: { stored: ['service/nginx-service'] } },
  { file: 'service/simple-service.yaml', ends: { stored: ['service/my-service'] } },
  { file: 'service/networking/nginx-svc.yaml', ends: { stored: ['service/my-nginx'] } },
  // corpus-apps: the rest of the folder.
  // "Explore Termination Behavior for Pods And Their Endpoints".
  {
    file: 'service/explore-graceful-termination-nginx.yaml',
    ends: { stored: ['service/nginx-service'] },
  },
  { file: 'service/pod-with-graceful-termination.yaml', ends: { running: 1 } },
  // "Connecting Applications with Services": the page's TLS Secret and its nginx ConfigMap first
  // (the key pair is the page's openssl output; any text stands for it here).
  ...['curlpod.yaml', 'nginx-secure-app.yaml'].map((file): Example => ({
    file: `service/networking/${file}`,
    before: [
      'create secret generic nginxsecret --type=kubernetes.io/tls --from-literal=tls.crt=CERT --from-literal=tls.key=KEY',
      'create configmap nginxconfigmap --from-file=default.conf=service/networking/nginx-default.conf',
    ],
    ends: { running: 1 },
  })),
  // "DNS for Services and Pods": dnsPolicy None, the pod's resolv.conf from dnsConfig.
  { file: 'service/networking/custom-dns.yaml', ends: { running: 1 } },
  // "IPv4/IPv6 dual-stack": kind's cluster is single-stack IPv4. A Service without families, or
  // PreferDualStack without IPv6, gets IPv4 only; one asking for IPv6 is refused; the old
  // `ipFamily` field (removed in v1.20) is unknown to strict decoding.
  {
    file: 'service/networking/dual-stack-default-svc.yaml',
    ends: { stored: ['service/my-service'] },
  },
  {
    file: 'service/networking/dual-stack-preferred-svc.yaml',
    ends: { stored: ['service/my-service'] },
  },
  ...[
    'dual-stack-ipfamilies-ipv6.yaml',
    'dual-stack-prefer-ipv6-lb-svc.yaml',
    'dual-stack-preferred-ipfamilies-svc.yaml',
  ].map((file): Example => ({
    file: `service/networking/${file}`,
    ends: {
      refused:
        'Service "my-service" is invalid: spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster',
    },
  })),
  ...['dual-stack-ipv6-lb-svc.yaml', 'dual-stack-ipv6-svc.yaml'].map((file): Example => ({
    file: `service/networking/${file}`,
    ends: {
      refused:
        'Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ipFamily"',
    },
  })),
  // The Gateway API is CRDs that kind does not install.
  ...(
    [
      ['gateway.yaml', 'Gateway'],
      ['gatewayclass.yaml', 'GatewayClass'],
      ['grpcroute-matching.yaml', 'GRPCRoute'],
      ['grpcroute.yaml', 'GRPCRoute'],
      ['httproute.yaml', 'HTTPRoute'],
    ] as const
  ).map(([file, kind]): Example => ({
    file: `service/networking/${file}`,
    ends: {
      refused: `no matches for kind "${kind}" in version "gateway.networking.k8s.io/v1"\nensure CRDs are installed first`,
    },
  })),
  // "Adding entries to Pod /etc/hosts with HostAliases": cat prints the kubelet's hosts file,
  // the aliases after its own entries.
  {
    file: 'service/networking/hostaliases-pod.yaml',
    ends: {
      succeeded: 1,
      logs: '\n# Entries added by HostAliases.\n127.0.0.1\tfoo.local\tbar.local\n10.1.2.3\tfoo.remote\tbar.remote\n',
    },
  },
  // The ServiceCIDR policies and their bindings are stored.
  ...(
    [
      ['vap-servicecidr-default.yaml', 'servicecidrs.default', 'servicecidrs-default-binding'],
      ['vap-servicecidr-deny.yaml', 'servicecidrs.deny', 'servicecidrs-deny-binding'],
    ] as const
  ).map(([file, policy, binding]): Example => ({
    file: `service/networking/${file}`,
    ends: {
      stored: [
        `validatingadmissionpolicy.admissionregistration.k8s.io/${policy}`,
        `validatingadmissionpolicybinding.admissionregistration.k8s.io/${binding}`,
      ],
    },
  })),
];
