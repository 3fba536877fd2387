import type { KubeObject } from '../../api/types';

const PREFIXES: Record<string, string> = {
  '/registry/validatingwebhookconfigurations/': 'ValidatingWebhookConfiguration',
  '/registry/mutatingwebhookconfigurations/': 'MutatingWebhookConfiguration',
  '/registry/validatingadmissionpolicies/': 'ValidatingAdmissionPolicy',
  '/registry/validatingadmissionpolicybindings/': 'ValidatingAdmissionPolicyBinding',
};

/**
 * The stored admission configuration objects (webhook configurations, admission policies and
 * their bindings), kept from the API server's etcd watch (k/k: the plugins' configuration
 * informers), so a request does not scan every stored object. In name order, as k/k sorts the
 * configurations it calls.
 */
export class AdmissionConfigurationIndex {
  private readonly byKind = new Map<string, Map<string, KubeObject>>();

  /** An object was written (`obj`) or deleted (undefined) at `key`. */
  observe(key: string, obj: KubeObject | undefined): void {
    const slash = key.indexOf('/', 10);
    const kind = PREFIXES[key.slice(0, slash + 1)];
    if (!kind) return;
    let m = this.byKind.get(kind);
    if (!m) this.byKind.set(kind, (m = new Map()));
    if (obj) m.set(key, obj);
    else m.delete(key);
  }

  list(kind: string): KubeObject[] {
    const m = this.byKind.get(kind);
    return m ? [...m.keys()].sort().map((k) => m.get(k)!) : [];
  }
}
