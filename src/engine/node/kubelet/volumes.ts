/**
 * The kubelet's view of the ConfigMaps and Secrets its pods use: volume set-up (configMap,
 * secret, emptyDir, projected with the service-account token) and environment variables
 * (env, envFrom), with the real errors when an object or key is missing.
 */
import type { ConfigMap, Container, KubeObject, Pod, Secret } from '../../api/types';
import type { Stored } from '../../api/stored';
import type { Informer, SharedInformerFactory } from '../../client/informer';

/** The object is known not to exist, or its watch has not listed yet. */
export type Lookup<T> = T | undefined | 'pending';

/** Where the kubelet reads ConfigMaps and Secrets from. */
export interface ObjectSource {
  configMap(namespace: string, name: string): Lookup<ConfigMap>;
  secret(namespace: string, name: string): Lookup<Secret>;
}

/**
 * configMapAndSecretChangeDetectionStrategy: Watch — one watch per object a pod references
 * (`configmaps?fieldSelector=metadata.name=app-config`), opened when a pod needs it and closed
 * when no pod on the node refers to it any more (k/k: pkg/kubelet/util/manager/watch_based_manager.go).
 */
export class ReferencedObjects implements ObjectSource {
  private watches = new Map<string, { informer: Informer; pods: Set<string> }>();

  constructor(
    private readonly factory: () => SharedInformerFactory,
    private readonly running: () => boolean,
  ) {}

  /** Forget every watch (the kubelet restarted: its informer factory is new). */
  reset(): void {
    this.watches.clear();
  }

  /** Open the watches a pod needs (RegisterPod). */
  register(pod: Stored<Pod>): void {
    const uid = pod.metadata.uid;
    const ns = pod.metadata.namespace!;
    for (const [resource, name] of referencedObjects(pod))
      this.watch(resource, ns, name).pods.add(uid);
  }

  /** Close the watches only this pod needed (UnregisterPod). */
  unregister(uid: string): void {
    for (const [key, w] of this.watches) {
      w.pods.delete(uid);
      if (w.pods.size === 0) {
        w.informer.stop();
        this.watches.delete(key);
      }
    }
  }

  private watch(resource: 'configmaps' | 'secrets', namespace: string, name: string) {
    const key = `${resource}/${namespace}/${name}`;
    let w = this.watches.get(key);
    if (!w) {
      const informer = this.factory().informer(resource, {
        namespace,
        fieldSelector: `metadata.name=${name}`,
      });
      if (this.running() && !informer.hasSynced) informer.start();
      w = { informer, pods: new Set() };
      this.watches.set(key, w);
    }
    return w;
  }

  private lookup<T extends KubeObject>(
    resource: 'configmaps' | 'secrets',
    namespace: string,
    name: string,
  ): Lookup<T> {
    const w = this.watch(resource, namespace, name);
    if (!w.informer.hasSynced) return 'pending';
    return w.informer.get(`${namespace}/${name}`) as T | undefined;
  }

  configMap(namespace: string, name: string): Lookup<ConfigMap> {
    return this.lookup<ConfigMap>('configmaps', namespace, name);
  }

  secret(namespace: string, name: string): Lookup<Secret> {
    return this.lookup<Secret>('secrets', namespace, name);
  }
}

/** Every ConfigMap and Secret a pod refers to, in volumes, env and envFrom. */
export function referencedObjects(pod: Pod): ['configmaps' | 'secrets', string][] {
  const out = new Map<string, ['configmaps' | 'secrets', string]>();
  const add = (r: 'configmaps' | 'secrets', name: string | undefined) => {
    if (name) out.set(`${r}/${name}`, [r, name]);
  };
  for (const v of pod.spec?.volumes ?? []) {
    add('configmaps', v.configMap?.name);
    add('secrets', v.secret?.secretName);
    for (const s of v.projected?.sources ?? []) {
      add('configmaps', s.configMap?.name);
      add('secrets', s.secret?.name);
    }
  }
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const e of c.envFrom ?? []) {
      add('configmaps', e.configMapRef?.name);
      add('secrets', e.secretRef?.name);
    }
    for (const e of c.env ?? []) {
      add('configmaps', e.valueFrom?.configMapKeyRef?.name);
      add('secrets', e.valueFrom?.secretKeyRef?.name);
    }
  }
  return [...out.values()];
}

/** The outcome of setting up a pod's volumes. */
export type MountResult =
  { ok: true } | { ok: 'pending' } | { ok: false; volume: string; error: string };

// The kubelet's configmap/secret managers return NotFound for the singular resource:
// `configmap "app-config" not found` (k/k: pkg/kubelet/configmap/configmap_manager.go).
const cmNotFound = (name: string) => `configmap "${name}" not found`;
const secretNotFound = (name: string) => `secret "${name}" not found`;

/**
 * MountVolume.SetUp for each volume of the pod, in spec order; the first failure is reported.
 * k/k: pkg/volume/configmap/configmap.go, pkg/volume/secret/secret.go, pkg/volume/projected.
 */
export function mountVolumes(pod: Stored<Pod>, src: ObjectSource): MountResult {
  const ns = pod.metadata.namespace!;
  for (const v of pod.spec?.volumes ?? []) {
    const err = (error: string): MountResult => ({ ok: false, volume: v.name, error });
    if (v.configMap) {
      const cm = src.configMap(ns, v.configMap.name ?? '');
      if (cm === 'pending') return { ok: 'pending' };
      if (!cm) {
        if (v.configMap.optional) continue;
        return err(cmNotFound(v.configMap.name ?? ''));
      }
      const missing = (v.configMap.items ?? []).find((i) => !hasKey(cm, i.key));
      if (missing && !v.configMap.optional)
        return err(`configmap references non-existent config key: ${missing.key}`);
    } else if (v.secret) {
      const s = src.secret(ns, v.secret.secretName ?? '');
      if (s === 'pending') return { ok: 'pending' };
      if (!s) {
        if (v.secret.optional) continue;
        return err(secretNotFound(v.secret.secretName ?? ''));
      }
      const missing = (v.secret.items ?? []).find((i) => !hasKey(s, i.key));
      if (missing && !v.secret.optional)
        return err(`references non-existent secret key: ${missing.key}`);
    } else if (v.projected) {
      for (const s of v.projected.sources ?? []) {
        if (s.configMap) {
          const cm = src.configMap(ns, s.configMap.name ?? '');
          if (cm === 'pending') return { ok: 'pending' };
          if (!cm && !s.configMap.optional) return err(cmNotFound(s.configMap.name ?? ''));
        } else if (s.secret) {
          const sec = src.secret(ns, s.secret.name ?? '');
          if (sec === 'pending') return { ok: 'pending' };
          if (!sec && !s.secret.optional) return err(secretNotFound(s.secret.name ?? ''));
        }
        // serviceAccountToken: the kubelet's TokenRequest; downwardAPI: from the pod itself.
      }
    }
    // emptyDir, hostPath, downwardAPI: nothing to fetch.
  }
  return { ok: true };
}

function hasKey(o: ConfigMap | Secret, key: string): boolean {
  const data = (o.data ?? {}) as Record<string, string>;
  const extra = ((o as ConfigMap).binaryData ?? (o as Secret).stringData ?? {}) as Record<
    string,
    string
  >;
  return key in data || key in extra;
}

function configMapValue(cm: ConfigMap, key: string): string | undefined {
  return (
    cm.data?.[key] ??
    (cm.binaryData?.[key] !== undefined ? decodeBase64(cm.binaryData[key]) : undefined)
  );
}

function secretValue(s: Secret, key: string): string | undefined {
  if (s.data?.[key] !== undefined) return decodeBase64(s.data[key]);
  return s.stringData?.[key];
}

/** What the kubelet knows about the pod when it builds a container's environment. */
export interface EnvContext {
  pod: Stored<Pod>;
  podIP?: string;
  nodeName: string;
  hostIP: string;
}

/**
 * The container's environment (kubelet_pods.go makeEnvironmentVariables): envFrom first, then env
 * with `$(VAR)` expansion; a missing ConfigMap, Secret or key fails with the kubelet's error, which
 * becomes `CreateContainerConfigError`.
 */
export function makeEnvironment(
  c: Container,
  ctx: EnvContext,
  src: ObjectSource,
): { env: Record<string, string> } | { error: string } | { pending: true } {
  const ns = ctx.pod.metadata.namespace!;
  const name = ctx.pod.metadata.name;
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: ctx.pod.spec?.hostname ?? name,
    KUBERNETES_SERVICE_HOST: '10.96.0.1',
    KUBERNETES_SERVICE_PORT: '443',
    KUBERNETES_SERVICE_PORT_HTTPS: '443',
    KUBERNETES_PORT: 'tcp://10.96.0.1:443',
    KUBERNETES_PORT_443_TCP: 'tcp://10.96.0.1:443',
    KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
    KUBERNETES_PORT_443_TCP_PORT: '443',
    KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
  };
  for (const f of c.envFrom ?? []) {
    const prefix = f.prefix ?? '';
    if (f.configMapRef) {
      const cm = src.configMap(ns, f.configMapRef.name ?? '');
      if (cm === 'pending') return { pending: true };
      if (!cm) {
        if (f.configMapRef.optional) continue;
        return { error: cmNotFound(f.configMapRef.name ?? '') };
      }
      for (const k of Object.keys(cm.data ?? {})) env[prefix + k] = cm.data![k];
    } else if (f.secretRef) {
      const s = src.secret(ns, f.secretRef.name ?? '');
      if (s === 'pending') return { pending: true };
      if (!s) {
        if (f.secretRef.optional) continue;
        return { error: secretNotFound(f.secretRef.name ?? '') };
      }
      for (const k of Object.keys({ ...(s.data ?? {}), ...(s.stringData ?? {}) }))
        env[prefix + k] = secretValue(s, k) ?? '';
    }
  }
  for (const e of c.env ?? []) {
    if (e.value !== undefined) {
      env[e.name] = e.value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, v?: string) =>
        m === '$$' ? '$' : v !== undefined && v in env ? env[v] : m,
      );
      continue;
    }
    const from = e.valueFrom;
    if (!from) {
      env[e.name] = '';
      continue;
    }
    if (from.configMapKeyRef) {
      const ref = from.configMapKeyRef;
      const cm = src.configMap(ns, ref.name ?? '');
      if (cm === 'pending') return { pending: true };
      if (!cm) {
        if (ref.optional) continue;
        return { error: cmNotFound(ref.name ?? '') };
      }
      const v = configMapValue(cm, ref.key);
      if (v === undefined) {
        if (ref.optional) continue;
        return { error: `couldn't find key ${ref.key} in ConfigMap ${ns}/${ref.name}` };
      }
      env[e.name] = v;
    } else if (from.secretKeyRef) {
      const ref = from.secretKeyRef;
      const s = src.secret(ns, ref.name ?? '');
      if (s === 'pending') return { pending: true };
      if (!s) {
        if (ref.optional) continue;
        return { error: secretNotFound(ref.name ?? '') };
      }
      const v = secretValue(s, ref.key);
      if (v === undefined) {
        if (ref.optional) continue;
        return { error: `couldn't find key ${ref.key} in Secret ${ns}/${ref.name}` };
      }
      env[e.name] = v;
    } else if (from.fieldRef) {
      const v = fieldValue(from.fieldRef.fieldPath, ctx);
      if (v !== undefined) env[e.name] = v;
    } else if (from.resourceFieldRef) {
      const r = from.resourceFieldRef.resource;
      const [kind, res] = r.split('.');
      const q = (kind === 'limits' ? c.resources?.limits : c.resources?.requests)?.[res];
      if (q !== undefined) env[e.name] = String(q);
    }
  }
  return { env };
}

/** The downward API's fields (k/k: pkg/fieldpath). */
function fieldValue(path: string, ctx: EnvContext): string | undefined {
  const m = ctx.pod.metadata;
  const label = /^metadata\.labels\['(.+)'\]$/.exec(path);
  if (label) return m.labels?.[label[1]];
  const ann = /^metadata\.annotations\['(.+)'\]$/.exec(path);
  if (ann) return m.annotations?.[ann[1]];
  switch (path) {
    case 'metadata.name':
      return m.name;
    case 'metadata.namespace':
      return m.namespace;
    case 'metadata.uid':
      return m.uid;
    case 'spec.nodeName':
      return ctx.nodeName;
    case 'spec.serviceAccountName':
      return ctx.pod.spec?.serviceAccountName;
    case 'status.podIP':
    case 'status.podIPs':
      return ctx.podIP;
    case 'status.hostIP':
    case 'status.hostIPs':
      return ctx.hostIP;
    default:
      return undefined;
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 to text (Secret data). Bytes are read as UTF-8. */
export function decodeBase64(s: string): string {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of s.replace(/[^A-Za-z0-9+/]/g, '')) {
    value = (value << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >> bits) & 0xff);
    }
  }
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x80) out += String.fromCharCode(b);
    else if (b >= 0xc0 && b < 0xe0 && i + 1 < bytes.length)
      out += String.fromCharCode(((b & 31) << 6) | (bytes[++i] & 63));
    else if (b >= 0xe0 && b < 0xf0 && i + 2 < bytes.length)
      out += String.fromCharCode(((b & 15) << 12) | ((bytes[++i] & 63) << 6) | (bytes[++i] & 63));
    else out += String.fromCharCode(b);
  }
  return out;
}
