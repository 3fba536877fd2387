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
import { sharedText } from '../sharedText';

/** A volume's files: `/path` → content. */
export type VolumeFiles = Map<string, string>;

/** A file's content as the kubelet wrote it: the text, or how to make it when first read. */
export type FileSource = string | LazyText;

/** A file's text made on first read: a function, or an object that makes it (see TokenSource). */
export type LazyText = (() => string) | { make(): string };

/** The text of a lazy file. */
export function makeText(source: LazyText): string {
  return typeof source === 'function' ? source() : source.make();
}

/**
 * A projected volume's files, where a file may be written as a function that makes its content
 * when something first reads it (its `get`, or any walk over the entries); it then stays as text.
 * The content is the same whenever it is made: the function captures what it depends on.
 *
 * scale: the service-account token (~1 KB) is mounted in every pod and read by almost none, so
 * 150,000 pods keep ~150 MB less of tokens no process has read.
 */
export class ProjectedFiles extends Map<string, string> {
  /**
   * The files written as functions and not read yet, path then function (a flat list: a volume
   * has one or two, and a Map of its own would cost more than the closure).
   */
  private lazy: (string | LazyText)[] | undefined;

  /** Write `path` as text or as a function made into text on first read. */
  put(path: string, source: FileSource): this {
    if (typeof source === 'string') return this.set(path, source);
    this.forget(path);
    super.set(path, '');
    // A list made with its pair (an empty one would grow to room for 17 on its push).
    if (this.lazy === undefined) this.lazy = [path, source];
    else this.lazy.push(path, source);
    return this;
  }

  /** What `path` was written as, without making a lazy file's text. */
  source(path: string): FileSource | undefined {
    const i = this.lazyIndex(path);
    return i < 0 ? super.get(path) : (this.lazy![i + 1] as LazyText);
  }

  /** Every file as written (lazy ones not made), in the map's order. */
  sources(): [string, FileSource][] {
    const out: [string, FileSource][] = [];
    for (const path of this.keys()) out.push([path, this.source(path)!]);
    return out;
  }

  override get(path: string): string | undefined {
    const i = this.lazyIndex(path);
    if (i < 0) return super.get(path);
    const text = makeText(this.lazy![i + 1] as LazyText);
    this.set(path, text);
    return text;
  }

  override set(path: string, text: string): this {
    this.forget(path);
    return super.set(path, text);
  }

  override delete(path: string): boolean {
    this.forget(path);
    return super.delete(path);
  }

  override clear(): void {
    this.lazy = undefined;
    super.clear();
  }

  override entries(): MapIterator<[string, string]> {
    this.makeAll();
    return super.entries();
  }

  override values(): MapIterator<string> {
    this.makeAll();
    return super.values();
  }

  override forEach(fn: (value: string, key: string, map: Map<string, string>) => void): void {
    this.makeAll();
    super.forEach(fn);
  }

  override [Symbol.iterator](): MapIterator<[string, string]> {
    this.makeAll();
    return super[Symbol.iterator]();
  }

  private lazyIndex(path: string): number {
    const l = this.lazy;
    if (l === undefined) return -1;
    for (let i = 0; i < l.length; i += 2) if (l[i] === path) return i;
    return -1;
  }

  private forget(path: string): void {
    const i = this.lazyIndex(path);
    if (i < 0) return;
    this.lazy!.splice(i, 2);
    if (this.lazy!.length === 0) this.lazy = undefined;
  }

  private makeAll(): void {
    while (this.lazy !== undefined) this.get(this.lazy[0] as string);
  }
}

interface KeyToPath {
  key: string;
  path: string;
}

/** Every key, or only the listed items, each under its path (`items[].path`). */
function project(values: Record<string, string>, items: KeyToPath[] | undefined): VolumeFiles {
  const out: VolumeFiles = new Map();
  if (items?.length) {
    for (const i of items) if (i.key in values) out.set(sharedText(`/${i.path}`), values[i.key]);
  } else for (const k of Object.keys(values).sort()) out.set(sharedText(`/${k}`), values[k]);
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
    if (v !== undefined) out.set(sharedText(`/${i.path}`), v);
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
  return boundTokenSource(pod, expirationSeconds, nowMs).make();
}

/**
 * {@link boundToken} as an object that makes it: it keeps only the few names the claims hold
 * (not the pod object), so a mounted token not read yet costs a small object, not its text.
 * scale: an object of its fields, not a closure and its scope (~60 bytes less a pod).
 */
export function boundTokenSource(
  pod: Stored<Pod>,
  expirationSeconds: number,
  nowMs: number,
): TokenSource {
  return new TokenSource(
    Math.floor((EPOCH_MS + nowMs) / 1000),
    expirationSeconds,
    pod.metadata.namespace!,
    pod.spec?.serviceAccountName ?? 'default',
    pod.spec?.nodeName,
    pod.metadata.name,
    pod.metadata.uid,
  );
}

/** A bound token not made yet: its claims' values. */
export class TokenSource {
  constructor(
    private readonly iat: number,
    private readonly expirationSeconds: number,
    private readonly ns: string,
    private readonly sa: string,
    private readonly nodeName: string | undefined,
    private readonly name: string | undefined,
    private readonly uid: string | undefined,
  ) {}

  make(): string {
    return tokenOf(
      this.iat,
      this.expirationSeconds,
      this.ns,
      this.sa,
      this.nodeName,
      this.name,
      this.uid,
    );
  }
}

function tokenOf(
  iat: number,
  expirationSeconds: number,
  ns: string,
  sa: string,
  nodeName: string | undefined,
  name: string | undefined,
  uid: string | undefined,
): string {
  const issuer = 'https://kubernetes.default.svc.cluster.local';
  const claims = {
    aud: [issuer],
    exp: iat + (expirationSeconds === 3607 ? 365 * 24 * 3600 : expirationSeconds),
    iat,
    iss: issuer,
    jti: fnvHex(`${uid}${iat}`),
    'kubernetes.io': {
      namespace: ns,
      node: { name: nodeName },
      pod: { name, uid },
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
