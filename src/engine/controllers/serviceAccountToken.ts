import type { Secret, ServiceAccount } from '../api/types';
import type { Cached, Informer } from '../client/informer';
import type { Component } from '../component';
import { Controller } from './controller';
import { ROOT_CA } from './serviceAccount';

/** The Secret type the controller fills in (k/k: v1.SecretTypeServiceAccountToken). */
export const SERVICE_ACCOUNT_TOKEN = 'kubernetes.io/service-account-token';
const SA_NAME = 'kubernetes.io/service-account.name';
const SA_UID = 'kubernetes.io/service-account.uid';

/**
 * The service account token controller (k/k: pkg/controller/serviceaccount/tokens_controller.go).
 * Since v1.24 it no longer makes a Secret for every ServiceAccount (pods get short-lived
 * projected tokens from the API server instead): it fills in a Secret of type
 * `kubernetes.io/service-account-token` that names an existing ServiceAccount — `token`,
 * `ca.crt`, `namespace` and the account's uid — and deletes such a Secret once its account is
 * gone (or was never there).
 */
export class ServiceAccountTokenController extends Controller {
  private accounts!: Informer<ServiceAccount>;
  private secrets!: Informer<Secret>;

  constructor(manager: Component) {
    super(manager, 'serviceaccount-token', 'serviceaccount-token-controller');
  }

  setup(): void {
    this.accounts = this.informers.informer<ServiceAccount>('serviceaccounts');
    this.secrets = this.informers.informer<Secret>('secrets');
    this.secrets.on({
      add: (s) => this.enqueueToken(s),
      update: (_old, s) => this.enqueueToken(s),
    });
    // An account that goes away takes its token Secrets with it; one that appears fills them in.
    const tokensOf = (sa: Cached<ServiceAccount>) => {
      for (const s of this.secrets.list())
        if (
          s.metadata.namespace === sa.metadata.namespace &&
          s.metadata.annotations?.[SA_NAME] === sa.metadata.name
        )
          this.enqueueToken(s);
    };
    this.accounts.on({ add: tokensOf, delete: tokensOf });
  }

  private enqueueToken(s: Cached<Secret>): void {
    if (s.type === SERVICE_ACCOUNT_TOKEN) this.enqueue(s);
  }

  /** k/k: syncSecret. */
  reconcile(key: string): void {
    if (!this.synced(this.accounts, this.secrets)) return this.queue.addAfter(key, 100);
    const secret = this.secrets.get(key);
    if (!secret || secret.type !== SERVICE_ACCOUNT_TOKEN || secret.metadata.deletionTimestamp)
      return;
    const ns = secret.metadata.namespace!;
    const annotations = secret.metadata.annotations ?? {};
    const sa = this.accounts.get(`${ns}/${annotations[SA_NAME] ?? ''}`);
    if (!sa || (annotations[SA_UID] && annotations[SA_UID] !== sa.metadata.uid)) {
      this.client.delete('secrets', ns, secret.metadata.name, (r) => {
        if (r.code >= 300 && r.code !== 404) this.queue.addRateLimited(key);
      });
      return;
    }
    const data = secret.data ?? {};
    if (data.token && data['ca.crt'] && data.namespace && annotations[SA_UID]) return;
    const next: Secret = {
      ...secret,
      metadata: { ...secret.metadata, annotations: { ...annotations, [SA_UID]: sa.metadata.uid } },
      data: {
        ...data,
        'ca.crt': base64(ROOT_CA),
        namespace: base64(ns),
        token: base64(this.token(sa, secret.metadata.name)),
      },
    };
    this.client.update('secrets', next, (r) => {
      if (r.code >= 300 && r.code !== 409) this.queue.addRateLimited(key);
    });
  }

  /** A legacy service account JWT: its claims, signed by nobody (the simulation checks none). */
  private token(sa: Cached<ServiceAccount>, secretName: string): string {
    const ns = sa.metadata.namespace!;
    const claims = {
      iss: 'kubernetes/serviceaccount',
      'kubernetes.io/serviceaccount/namespace': ns,
      'kubernetes.io/serviceaccount/secret.name': secretName,
      'kubernetes.io/serviceaccount/service-account.name': sa.metadata.name,
      'kubernetes.io/serviceaccount/service-account.uid': sa.metadata.uid,
      sub: `system:serviceaccount:${ns}:${sa.metadata.name}`,
    };
    const url = (s: string) => base64(s).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const header = url(JSON.stringify({ alg: 'RS256', kid: 'kubeglass' }));
    return `${header}.${url(JSON.stringify(claims))}.${url(this.rng.hex(64))}`;
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of an ASCII string (a JWT, a PEM certificate, a namespace name). */
function base64(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i += 3) {
    const [a, b, c] = [s.charCodeAt(i), s.charCodeAt(i + 1), s.charCodeAt(i + 2)];
    const n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < s.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < s.length ? B64[n & 63] : '=';
  }
  return out;
}
