/**
 * The disks behind volumes that outlive a pod: each node's own filesystem (hostPath volumes, and
 * the directories the local-path provisioner makes for PersistentVolumes) and the cluster's
 * network storage (a PersistentVolume of any other type, reachable from every node). A directory
 * is a live map of its files, shared by every container that mounts it.
 */
import type { VolumeFiles } from './kubelet/volumeContents';

/** One machine's (or the network's) directories, by absolute path. */
export class Disk {
  private readonly dirs = new Map<string, VolumeFiles>();

  /** The directory at `path` (made on first use: hostPath DirectoryOrCreate, the provisioner). */
  dir(path: string): VolumeFiles {
    const key = path.replace(/\/+$/, '') || '/';
    let d = this.dirs.get(key);
    if (!d) {
      d = new Map();
      this.dirs.set(key, d);
    }
    return d;
  }

  /** Whether anything was ever made at `path`. */
  has(path: string): boolean {
    return this.dirs.has(path.replace(/\/+$/, '') || '/');
  }

  /**
   * The file at the absolute `path`, as the machine's processes read it: from the deepest
   * directory made that holds it (a hostPath mount of a parent directory writes its children).
   */
  readFile(path: string): string | undefined {
    for (let cut = path.lastIndexOf('/'); cut >= 0; cut = path.lastIndexOf('/', cut - 1)) {
      const dir = path.slice(0, cut) || '/';
      const data = this.dirs.get(dir)?.get(path.slice(cut));
      if (data !== undefined) return data;
      if (cut === 0) break;
    }
    return undefined;
  }

  /** Removes a directory and its files (the provisioner's delete of a reclaimed volume). */
  remove(path: string): void {
    this.dirs.delete(path.replace(/\/+$/, '') || '/');
  }
}

/** Disks by their owner: a node's container runtime (the machine), or the cluster's network. */
const DISKS = new WeakMap<object, Disk>();

/**
 * The disk of `owner`: pass a node's container runtime for the node's own filesystem, the
 * cluster's network for network storage. It lives as long as its owner, across kubelet restarts.
 */
export function diskOf(owner: object): Disk {
  let d = DISKS.get(owner);
  if (!d) {
    d = new Disk();
    DISKS.set(owner, d);
  }
  return d;
}
