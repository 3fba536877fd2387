import type { ConfigMap, Namespace, ServiceAccount } from '../api/types';
import type { Informer } from '../client/informer';
import { Controller } from './controller';

/** The cluster CA every namespace's `kube-root-ca.crt` ConfigMap publishes. */
export const ROOT_CA = `-----BEGIN CERTIFICATE-----
MIIDBTCCAe2gAwIBAgIIa2dsYXNzY2EwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE
AxMKa3ViZXJuZXRlczAeFw0yNjAxMDUwOTAwMDBaFw0zNjAxMDMwOTAwMDBaMBUx
EzARBgNVBAMTCmt1YmVybmV0ZXMwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK
-----END CERTIFICATE-----
`;

/**
 * The service account controller and the root-CA publisher: every active namespace gets a
 * `default` ServiceAccount and a `kube-root-ca.crt` ConfigMap (k/k: pkg/controller/serviceaccount,
 * pkg/controller/certificates/rootcacertpublisher).
 */
export class ServiceAccountController extends Controller {
  private namespaces!: Informer<Namespace>;
  private accounts!: Informer<ServiceAccount>;
  private configMaps!: Informer<ConfigMap>;

  constructor(manager: ConstructorParameters<typeof Controller>[0]) {
    super(manager, 'serviceaccount', 'service-account-controller');
  }

  setup(): void {
    this.namespaces = this.informers.informer<Namespace>('namespaces');
    this.accounts = this.informers.informer<ServiceAccount>('serviceaccounts');
    this.configMaps = this.informers.informer<ConfigMap>('configmaps');
    this.namespaces.on({ add: (ns) => this.enqueue(ns), update: (_o, ns) => this.enqueue(ns) });
    this.accounts.on({ delete: (sa) => this.queue.add(sa.metadata.namespace!) });
    this.configMaps.on({ delete: (cm) => this.queue.add(cm.metadata.namespace!) });
  }

  reconcile(ns: string): void {
    if (!this.synced(this.namespaces, this.accounts, this.configMaps))
      return this.queue.addAfter(ns, 100);
    const namespace = this.namespaces.get(ns);
    if (!namespace || namespace.metadata?.deletionTimestamp) return;
    if (!this.accounts.get(`${ns}/default`)) {
      this.client.create(
        'serviceaccounts',
        ns,
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } },
        (r) => {
          if (r.code >= 300 && r.code !== 409) this.queue.addRateLimited(ns);
        },
      );
    }
    if (!this.configMaps.get(`${ns}/kube-root-ca.crt`)) {
      this.client.create(
        'configmaps',
        ns,
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name: 'kube-root-ca.crt',
            namespace: ns,
            annotations: {
              'kubernetes.io/description':
                'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
            },
          },
          data: { 'ca.crt': ROOT_CA },
        },
        (r) => {
          if (r.code >= 300 && r.code !== 409) this.queue.addRateLimited(ns);
        },
      );
    }
  }
}
