/**
 * The kubelet's volume manager for one pod (k/k: pkg/kubelet/volumemanager): it sets up each
 * volume of the pod before the sandbox (MountVolume.SetUp), keeps the projected ones (configMap,
 * secret, downwardAPI, projected) in step with their objects on every pod resync, and gives each
 * container its mounts (`volumeMounts`, with `subPath` and `readOnly`).
 *
 * A volume's files are one live map: the pod's containers that mount it, and processes exec'd
 * into them, all read and write the same directory. emptyDir lives as long as the pod; hostPath
 * and PersistentVolume directories live on the node's (or the network's) disk, so their data
 * survives the pod.
 */
import type { PersistentVolume, PersistentVolumeClaim } from '../../api/storageTypes';
import type { Container, Pod, Volume } from '../../api/types';
import type { Stored } from '../../api/stored';
import type { Mount } from '../../userland/shell';
import { diskOf } from '../hostDisk';
import { sha256, toHex, utf8 } from '../runtime/sha256';
import type { Kubelet } from './kubelet';
import {
  boundTokenSource,
  configMapFiles,
  downwardFiles,
  ProjectedFiles,
  secretFiles,
  type FileSource,
  makeText,
  type DownwardContext,
  type VolumeFiles,
} from './volumeContents';
import { mountVolumes, type MountResult } from './volumes';
import { sharedText } from '../sharedText';

/** What the kubelet knows of a claim the pod uses (from GET persistentvolumeclaims and PVs). */
type ClaimState =
  | { state: 'fetching' }
  | { state: 'bound'; pv: Stored<PersistentVolume> }
  | { state: 'unbound'; retryAt: number }
  | { state: 'error'; error: string };

/** How long before an unbound claim is read again. */
const UNBOUND_RETRY_MS = 2_000;

/** The volume types whose files the kubelet writes and that containers see read-only. */
const projectedKinds = (v: Volume) => !!(v.configMap || v.secret || v.downwardAPI || v.projected);

export class PodVolumes {
  /**
   * Each volume's directory, by volume name: name then directory, a flat list (most pods have
   * one volume, their service account token's, and a Map would cost ~150 bytes a pod).
   */
  private dirs: (string | VolumeFiles)[] | undefined;
  /** hostPath volumes of type File: the file's name in the directory the volume holds. */
  /** Made on first use, as `claims`: most pods have neither (scale: two empty Maps a pod). */
  private hostFiles: Map<string, string> | undefined;
  private claims: Map<string, ClaimState> | undefined;

  constructor(private readonly kubelet: Kubelet) {}

  /**
   * MountVolume.SetUp for every volume (in spec order, the first failure reported): `pending`
   * while an object or claim is still being read.
   */
  setUp(pod: Stored<Pod>): MountResult {
    const res = mountVolumes(pod, this.kubelet.objects);
    if (res.ok !== true) return res;
    for (const v of pod.spec?.volumes ?? []) {
      const claim = v.persistentVolumeClaim?.claimName;
      if (!claim) continue;
      const st = this.claim(pod.metadata.namespace!, claim);
      if (st.state === 'fetching' || st.state === 'unbound') return { ok: 'pending' };
      if (st.state === 'error') {
        this.claims?.delete(claim);
        return { ok: false, volume: v.name, error: st.error };
      }
    }
    for (const v of pod.spec?.volumes ?? []) if (!this.dir(v.name)) this.make(pod, v);
    this.refresh(pod);
    return { ok: true };
  }

  /**
   * The pod resynced (every syncFrequency, 1 min): configMap, secret, downwardAPI and projected
   * volumes are rewritten from the objects as the kubelet's watch sees them now, so a running pod
   * sees a changed ConfigMap within about a minute (k/k: AtomicWriter, on each SyncPod).
   */
  refresh(pod: Stored<Pod>): void {
    for (const v of pod.spec?.volumes ?? []) {
      const dir = this.dir(v.name);
      if (!dir || !projectedKinds(v)) continue;
      const next = this.contents(pod, v);
      if (sameFiles(dir, next)) continue;
      dir.clear();
      for (const [k, data] of sourcesOf(next)) putFile(dir, k, data);
    }
  }

  /** The mounts of one container, as the runtime gives them to its processes. */
  mountsFor(pod: Pod, c: Container): Mount[] {
    const out: Mount[] = [];
    for (const m of c.volumeMounts ?? []) {
      const v = pod.spec?.volumes?.find((x) => x.name === m.name);
      const dir = this.dir(m.name);
      if (!v || !dir) continue;
      const projected = projectedKinds(v);
      const readOnly = projected || !!m.readOnly;
      const subPath =
        this.hostFiles?.get(m.name) ?? (m.subPath?.replace(/^\/+|\/+$/g, '') || undefined);
      if (!subPath) {
        out.push({ path: normalize(m.mountPath), files: dir, readOnly });
        continue;
      }
      const file = dir.has(`/${subPath}`);
      // A subPath is a bind mount of what the path holds when the container starts: projected
      // files under it are a copy that later updates never reach (k/k: the documented limit
      // "A container using a ConfigMap as a subPath volume mount will not receive updates").
      const files = projected ? copyUnder(dir, subPath) : dir;
      out.push({ path: normalize(m.mountPath), files, readOnly, subPath, file });
    }
    // A copy exactly as long: the container's process keeps it (its pushes left room for ~17).
    return out.slice();
  }

  /** The directory of volume `name`, once set up. */
  private dir(name: string): VolumeFiles | undefined {
    const d = this.dirs;
    if (d) for (let i = 0; i < d.length; i += 2) if (d[i] === name) return d[i + 1] as VolumeFiles;
    return undefined;
  }

  private setDir(name: string, files: VolumeFiles): void {
    const d = this.dirs;
    if (d)
      for (let i = 0; i < d.length; i += 2)
        if (d[i] === name) {
          d[i + 1] = files;
          return;
        }
    // Made exactly as long (a push would leave room for ~17 more).
    this.dirs = d ? d.concat(name, files) : [name, files];
  }

  private make(pod: Stored<Pod>, v: Volume): void {
    if (v.hostPath) {
      const disk = diskOf(this.kubelet.runtime);
      if (v.hostPath.type !== 'File') {
        this.setDir(v.name, disk.dir(v.hostPath.path));
        return;
      }
      // A file (type File): the directory that holds it, mounted through its name (as subPath).
      const cut = v.hostPath.path.lastIndexOf('/');
      const parent = disk.dir(v.hostPath.path.slice(0, cut) || '/');
      // Every kind node has /etc/machine-id (systemd's 32 hex digits), one per node.
      if (v.hostPath.path === '/etc/machine-id' && !parent.has('/machine-id'))
        parent.set(
          '/machine-id',
          `${toHex(sha256(utf8(this.kubelet.config.name))).slice(0, 32)}\n`,
        );
      this.setDir(v.name, parent);
      (this.hostFiles ??= new Map()).set(v.name, v.hostPath.path.slice(cut + 1));
      return;
    }
    const claim = v.persistentVolumeClaim?.claimName;
    const st = claim ? this.claims?.get(claim) : undefined;
    if (st?.state === 'bound') {
      this.setDir(v.name, this.persistentDir(st.pv));
      return;
    }
    // emptyDir, and the projected kinds the refresh fills.
    this.setDir(v.name, projectedKinds(v) ? this.contents(pod, v) : new Map());
  }

  /** A PersistentVolume's directory: on this node for hostPath and local, else network storage. */
  private persistentDir(pv: Stored<PersistentVolume>): VolumeFiles {
    const local = pv.spec?.hostPath?.path ?? pv.spec?.local?.path;
    if (local) return diskOf(this.kubelet.runtime).dir(local);
    return diskOf(this.kubelet.ctx.net).dir(`/pv/${pv.metadata.name}`);
  }

  /** The files of a projected-kind volume now. */
  private contents(pod: Stored<Pod>, v: Volume): VolumeFiles {
    const ns = pod.metadata.namespace!;
    const src = this.kubelet.objects;
    const known = <T>(x: T | 'pending' | undefined) => (x === 'pending' ? undefined : x);
    const ctx: DownwardContext = {
      pod,
      hostIP: this.kubelet.config.internalIP,
      allocatable: { cpu: this.kubelet.config.cpu, memory: this.kubelet.config.memory },
    };
    if (v.configMap)
      return configMapFiles(known(src.configMap(ns, v.configMap.name ?? '')), v.configMap.items);
    if (v.secret)
      return secretFiles(known(src.secret(ns, v.secret.secretName ?? '')), v.secret.items);
    if (v.downwardAPI) return downwardFiles(v.downwardAPI.items ?? [], ctx);
    const out = new ProjectedFiles();
    for (const s of v.projected?.sources ?? []) {
      let part: VolumeFiles = new Map();
      if (s.configMap)
        part = configMapFiles(known(src.configMap(ns, s.configMap.name ?? '')), s.configMap.items);
      else if (s.secret)
        part = secretFiles(known(src.secret(ns, s.secret.name ?? '')), s.secret.items);
      else if (s.downwardAPI) part = downwardFiles(s.downwardAPI.items ?? [], ctx);
      else if (s.serviceAccountToken) {
        // The token is requested once and renewed at 80 % of its life, not on every resync. It
        // is made when a process first reads it (ProjectedFiles), as of the instant it was
        // requested.
        const path = sharedText(`/${s.serviceAccountToken.path}`);
        const dir = this.dir(v.name);
        const old = dir instanceof ProjectedFiles ? dir.source(path) : dir?.get(path);
        out.put(
          path,
          old ??
            boundTokenSource(
              pod,
              s.serviceAccountToken.expirationSeconds ?? 3600,
              this.kubelet.clock.now,
            ),
        );
        continue;
      }
      for (const [k, data] of part) out.put(k, data);
    }
    return out;
  }

  /** A claim's state, reading it (and its volume) from the API server the first time. */
  private claim(ns: string, name: string): ClaimState {
    const claims = (this.claims ??= new Map());
    const st = claims.get(name);
    if (st && !(st.state === 'unbound' && st.retryAt <= this.kubelet.clock.now)) return st;
    claims.set(name, { state: 'fetching' });
    const client = this.kubelet.client;
    client.get('persistentvolumeclaims', ns, name, (r) => {
      if (r.code !== 200) {
        // k/k: desired_state_of_world_populator.go getPVCExtractPV.
        const error = `error processing PVC ${ns}/${name}: failed to fetch PVC from API server: persistentvolumeclaims "${name}" not found`;
        return claims.set(name, { state: 'error', error });
      }
      const pvc = r.body as PersistentVolumeClaim;
      const pvName = pvc.spec?.volumeName;
      if (pvc.status?.phase !== 'Bound' || !pvName)
        return claims.set(name, {
          state: 'unbound',
          retryAt: this.kubelet.clock.now + UNBOUND_RETRY_MS,
        });
      client.get('persistentvolumes', undefined, pvName, (p) => {
        if (p.code !== 200) {
          const error = `error processing PVC ${ns}/${name}: failed to fetch PV ${pvName} from API server: persistentvolumes "${pvName}" not found`;
          return claims.set(name, { state: 'error', error });
        }
        claims.set(name, { state: 'bound', pv: p.body as Stored<PersistentVolume> });
      });
    });
    return { state: 'fetching' };
  }
}

function normalize(p: string): string {
  return sharedText(`/${p.split('/').filter(Boolean).join('/')}`);
}

function copyUnder(dir: VolumeFiles, subPath: string): VolumeFiles {
  const base = `/${subPath}`;
  const out: VolumeFiles = new Map();
  for (const [k, v] of dir) if (k === base || k.startsWith(`${base}/`)) out.set(k, v);
  return out;
}

/** A volume's files as written: a lazy file's function, not its text (see ProjectedFiles). */
function sourcesOf(files: VolumeFiles): [string, FileSource][] {
  return files instanceof ProjectedFiles ? files.sources() : [...files];
}

function sourceOf(files: VolumeFiles, path: string): FileSource | undefined {
  return files instanceof ProjectedFiles ? files.source(path) : files.get(path);
}

function putFile(files: VolumeFiles, path: string, data: FileSource): void {
  if (files instanceof ProjectedFiles) files.put(path, data);
  else files.set(path, typeof data === 'string' ? data : makeText(data));
}

/** The same files, each written the same (a lazy file is the same only as the same function). */
function sameFiles(a: VolumeFiles, b: VolumeFiles): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of sourcesOf(a)) if (sourceOf(b, k) !== v) return false;
  return true;
}
