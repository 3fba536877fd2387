/**
 * What the kubelet writes into a pod's configMap, secret, downwardAPI and projected volumes
 * (k/k: pkg/volume/configmap, pkg/volume/secret, pkg/volume/downwardapi, pkg/volume/projected):
 * one file per key or item, paths relative to the volume's root (`/special.how`).
 */
import { cpuMillis, memoryBytes, parseQuantity } from '../../api/quantity';
import type { ConfigMap, Container, Pod, Secret } from '../../api/types';
import type { Stored } from '../../api/stored';
import { EPOCH_MS } from '../../sim/clock';
import { decodeBase64 } from './volumes';

/** A volume's files: `/path` → content. */
export type VolumeFiles = Map<string, string>;

interface KeyToPath {
  key: string;
  path: string;
}

/** Every key, or only the listed items, each under its path (`items[].path`). */
function project(values: Record<string, string>, items: KeyToPath[] | undefined): VolumeFiles {
  const out: VolumeFiles = new Map();
  if (items?.length) {
    for (const i of items) if (i.key in values) out.set(`/${i.path}`, values[i.key]);
  } else for (const k of Object.keys(values).sort()) out.set(`/${k}`, values[k]);
  return out;
}

/** A ConfigMap's `data` and `binaryData` as files; none for a missing optional ConfigMap. */
export function configMapFiles(cm: ConfigMap | undefined, items?: KeyToPath[]): VolumeFiles {
  if (!cm) return new Map();
  const values: Record<string, string> = { ...(cm.data ?? {}) };
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) values[k] = decodeBase64(v);
  return project(values, items);
}

/** A Secret's keys, decoded from base64, as files. */
export function secretFiles(s: Secret | undefined, items?: KeyToPath[]): VolumeFiles {
  if (!s) return new Map();
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.data ?? {})) values[k] = decodeBase64(v);
  for (const [k, v] of Object.entries(s.stringData ?? {})) values[k] = v;
  return project(values, items);
}

/**
 * Labels and annotations as the downward API writes them (k/k: pkg/fieldpath FormatMap): sorted
 * `key="value"` lines, Go-quoted, without a final newline.
 */
export function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m![k])}`)
    .join('\n');
}

/** What the downward API reads about the pod beyond the pod itself. */
export interface DownwardContext {
  pod: Stored<Pod>;
  podIP?: string;
  hostIP: string;
  /** The node's allocatable cpu and memory: a limit that is not set reads as these. */
  allocatable: { cpu: string; memory: string };
}

/** One `fieldRef` of a downwardAPI volume item (k/k: pkg/fieldpath ExtractFieldPathAsString). */
export function fieldRefValue(path: string, ctx: DownwardContext): string | undefined {
  const m = ctx.pod.metadata;
  const one = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (one) return (one[1] === 'labels' ? m.labels : m.annotations)?.[one[2]];
  switch (path) {
    case 'metadata.labels':
      return formatMap(m.labels);
    case 'metadata.annotations':
      return formatMap(m.annotations);
    case 'metadata.name':
      return m.name;
    case 'metadata.namespace':
      return m.namespace;
    case 'metadata.uid':
      return m.uid;
    case 'spec.nodeName':
      return ctx.pod.spec?.nodeName;
    case 'spec.serviceAccountName':
      return ctx.pod.spec?.serviceAccountName;
    case 'status.podIP':
      return ctx.podIP;
    case 'status.hostIP':
      return ctx.hostIP;
    default:
      return undefined;
  }
}

/**
 * One `resourceFieldRef` (k/k: pkg/api/v1/resource ExtractContainerResourceValue): the value in
 * units of the divisor, rounded up; a limit the container does not set is the node's allocatable.
 */
export function resourceFieldValue(
  ref: { containerName?: string; resource: string; divisor?: string | number },
  container: Container | undefined,
  ctx: DownwardContext,
): string | undefined {
  const [kind, res] = ref.resource.split('.');
  const set =
    kind === 'limits' ? container?.resources?.limits?.[res] : container?.resources?.requests?.[res];
  const fallback =
    kind === 'limits' ? (res === 'cpu' ? ctx.allocatable.cpu : ctx.allocatable.memory) : '0';
  const q = set ?? fallback;
  if (res === 'cpu') {
    const divisor = ref.divisor !== undefined ? cpuMillis(ref.divisor) : 1000;
    return String(Math.ceil(cpuMillis(q) / (divisor || 1000)));
  }
  if (res === 'memory' || res === 'ephemeral-storage') {
    const divisor = ref.divisor !== undefined ? memoryBytes(ref.divisor) : 1;
    return String(Math.ceil(memoryBytes(q) / (divisor || 1)));
  }
  return String(parseQuantity(q));
}

/** The downwardAPI items of a volume (or of a projected source) as files. */
export function downwardFiles(
  items: {
    path: string;
    fieldRef?: { fieldPath: string };
    resourceFieldRef?: { containerName?: string; resource: string; divisor?: string | number };
  }[],
  ctx: DownwardContext,
): VolumeFiles {
  const out: VolumeFiles = new Map();
  for (const i of items) {
    let v: string | undefined;
    if (i.fieldRef) v = fieldRefValue(i.fieldRef.fieldPath, ctx);
    else if (i.resourceFieldRef) {
      const name = i.resourceFieldRef.containerName;
      const c = [...(ctx.pod.spec?.initContainers ?? []), ...(ctx.pod.spec?.containers ?? [])].find(
        (x) => x.name === name,
      );
      v = resourceFieldValue(i.resourceFieldRef, c, ctx);
    }
    if (v !== undefined) out.set(`/${i.path}`, v);
  }
  return out;
}

/** The browser's and Node's base64 of Latin-1 text (the engine's types have no DOM). */
declare function btoa(data: string): string;

/** Base64url without padding, of ASCII text. */
function base64url(s: string): string {
  // btoa (browsers, Node) encodes Latin-1 text natively; base64url is its alphabet with `-_`
  // for `+/` and no padding.
  if (!/[\u0100-\uffff]/.test(s))
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  for (let i = 0; i < s.length; i += 3) {
    const n =
      (s.charCodeAt(i) << 16) | ((s.charCodeAt(i + 1) || 0) << 8) | (s.charCodeAt(i + 2) || 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    if (i + 1 < s.length) out += B64[(n >> 6) & 63];
    if (i + 2 < s.length) out += B64[n & 63];
  }
  return out;
}

/** FNV-1a of a string, as 8 hex digits: a stand-in signature that uses no randomness. */
function fnvHex(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * The bound service-account token the kubelet gets through TokenRequest for a projected
 * `serviceAccountToken` source: a JWT with the claims kube-apiserver issues (audience and issuer
 * `https://kubernetes.default.svc.cluster.local`, the pod and node it is bound to). The API
 * server extends the 3607 s of the admission-made source to a year and warns after the asked
 * expiry (`--service-account-extend-token-expiration`, on by default). The signature is a digest,
 * not RSA: nothing in the simulation verifies it.
 */
export function boundToken(pod: Stored<Pod>, expirationSeconds: number, nowMs: number): string {
  const iat = Math.floor((EPOCH_MS + nowMs) / 1000);
  const ns = pod.metadata.namespace!;
  const sa = pod.spec?.serviceAccountName ?? 'default';
  const issuer = 'https://kubernetes.default.svc.cluster.local';
  const claims = {
    aud: [issuer],
    exp: iat + (expirationSeconds === 3607 ? 365 * 24 * 3600 : expirationSeconds),
    iat,
    iss: issuer,
    jti: fnvHex(`${pod.metadata.uid}${iat}`),
    'kubernetes.io': {
      namespace: ns,
      node: { name: pod.spec?.nodeName },
      pod: { name: pod.metadata.name, uid: pod.metadata.uid },
      serviceaccount: { name: sa },
      warnafter: iat + expirationSeconds,
    },
    nbf: iat,
    sub: `system:serviceaccount:${ns}:${sa}`,
  };
  const header = base64url(JSON.stringify({ alg: 'RS256', kid: fnvHex(issuer) }));
  const body = base64url(JSON.stringify(claims));
  const token = `${header}.${body}.${base64url(fnvHex(header + body).repeat(32))}`;
  // A rope of a few pieces that every pod's mounted volume keeps for its lifetime; reading a
  // character makes V8 flatten it into one string of its length.
  token.charCodeAt(0);
  return token;
}
