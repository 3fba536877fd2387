import type { Secret } from '../api/types';
import type { Cached, Informer } from '../client/informer';
import type { Component } from '../component';
import { EPOCH_MS } from '../sim/clock';
import { Controller } from './controller';

/** k/k: bootstrapapi.SecretTypeBootstrapToken and the namespace its tokens live in. */
const BOOTSTRAP_TOKEN = 'bootstrap.kubernetes.io/token';
const TOKEN_NAMESPACE = 'kube-system';

/**
 * corpus-apps: the token cleaner (k/k: pkg/controller/bootstrap/tokencleaner.go), which kubeadm
 * (and so kind) turns on with `--controllers=*,bootstrapsigner,tokencleaner`: it deletes a
 * bootstrap token Secret in kube-system once its `expiration` has passed, and looks again at the
 * expiration otherwise. An expiration that does not parse as RFC 3339 counts as passed (k/k:
 * bootstrap/util GetExpiration).
 */
export class TokenCleaner extends Controller {
  private secrets!: Informer<Secret>;

  constructor(manager: Component) {
    super(manager, 'tokencleaner', 'tokencleaner');
  }

  setup(): void {
    this.secrets = this.informers.informer<Secret>('secrets');
    const enqueue = (s: Cached<Secret>) => {
      if (s.type === BOOTSTRAP_TOKEN && s.metadata.namespace === TOKEN_NAMESPACE) this.enqueue(s);
    };
    this.secrets.on({ add: enqueue, update: (_old, s) => enqueue(s) });
  }

  /** k/k: evalSecret. */
  reconcile(key: string): void {
    if (!this.synced(this.secrets)) return this.queue.addAfter(key, 100);
    const secret = this.secrets.get(key);
    if (!secret || secret.type !== BOOTSTRAP_TOKEN || secret.metadata.deletionTimestamp) return;
    const encoded = secret.data?.expiration;
    if (!encoded) return;
    const expiration = decodeBase64(encoded);
    const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(expiration)
      ? Date.parse(expiration)
      : NaN;
    const ttl = at - (EPOCH_MS + this.clock.now);
    if (ttl > 0) return this.queue.addAfter(key, ttl);
    this.client.delete('secrets', TOKEN_NAMESPACE, secret.metadata.name, (r) => {
      if (r.code >= 300 && r.code !== 404) this.queue.addRateLimited(key);
    });
  }
}

/** The text of a base64 value (ASCII: an RFC 3339 date). */
function decodeBase64(s: string): string {
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let bits = 0;
  let acc = 0;
  let out = '';
  for (const c of s.replace(/=+$/, '')) {
    const v = B64.indexOf(c);
    if (v < 0) return '';
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 255);
    }
  }
  return out;
}
