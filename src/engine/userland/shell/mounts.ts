/**
 * A container's filesystem with the pod's volumes mounted into it: paths under a mount point
 * read and write the volume's directory (shared live with the kubelet and the pod's other
 * containers), every other path the container's own writable layer. A mount hides what the
 * layer has under its path, as a bind mount does.
 */
import type { FileStore, StoreWriter } from './fileStore';
import type { Mount } from './types';

/** The file operations the interpreter uses: a {@link FileStore}, or one with mounts. */
export interface Files {
  /** The process writing the container's layer (FileStore.writer). */
  writer: StoreWriter | undefined;
  get(path: string): string | undefined;
  has(path: string): boolean;
  keys(): IterableIterator<string>;
  set(path: string, data: string): void;
  append(path: string, text: string): void;
  delete(path: string): void;
  at(t: number): ReadonlyMap<string, string>;
  [Symbol.iterator](): IterableIterator<[string, string]>;
  /** Why a write to `path` fails (`Read-only file system`), or undefined. */
  writeError?(path: string): string | undefined;
  /** The mount points, to list them as directories (a mounted empty volume still exists). */
  mountPoints?(): readonly Mount[];
}

/** Where a path lands: a volume and the path inside it (`''` for the mount point itself). */
interface Located {
  mount: Mount;
  rel: string;
}

/** The container's layer with its volume mounts in front of it. */
export class MountedFiles implements Files {
  private readonly mounts: Mount[];

  constructor(
    private readonly root: FileStore,
    mounts: readonly Mount[],
  ) {
    // The deepest mount point wins (a subPath file mounted inside a mounted directory).
    // slice, not a spread: the copy is exactly as long (a spread leaves room for ~20 more).
    this.mounts = mounts.slice().sort((a, b) => b.path.length - a.path.length);
  }

  get writer(): StoreWriter | undefined {
    return this.root.writer;
  }

  set writer(w: StoreWriter | undefined) {
    this.root.writer = w;
  }

  private locate(path: string): Located | undefined {
    for (const m of this.mounts) {
      const base = m.subPath ? `/${m.subPath}` : '';
      if (m.file) {
        if (path === m.path) return { mount: m, rel: base };
        continue;
      }
      if (path === m.path) return { mount: m, rel: base };
      if (path.startsWith(`${m.path}/`)) return { mount: m, rel: base + path.slice(m.path.length) };
    }
    return undefined;
  }

  get(path: string): string | undefined {
    const loc = this.locate(path);
    if (!loc) return this.root.get(path);
    return loc.rel ? loc.mount.files.get(loc.rel) : undefined;
  }

  has(path: string): boolean {
    return this.get(path) !== undefined;
  }

  *keys(): IterableIterator<string> {
    for (const k of this.root.keys()) if (!this.locate(k)) yield k;
    for (const m of this.mounts) {
      const base = m.subPath ? `/${m.subPath}` : '';
      for (const k of m.files.keys()) {
        if (m.file) {
          if (k === base) yield m.path;
        } else if (!base || k.startsWith(`${base}/`)) {
          const p = m.path + k.slice(base.length);
          // A deeper mount hides this volume's file at that path.
          if (this.locate(p)?.mount === m) yield p;
        }
      }
    }
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const k of this.keys()) yield [k, this.get(k)!];
  }

  writeError(path: string): string | undefined {
    const loc = this.locate(path);
    return loc?.mount.readOnly ? 'Read-only file system' : undefined;
  }

  mountPoints(): readonly Mount[] {
    return this.mounts;
  }

  set(path: string, data: string): void {
    const loc = this.locate(path);
    if (!loc) return this.root.set(path, data);
    if (!loc.mount.readOnly && loc.rel) loc.mount.files.set(loc.rel, data);
  }

  append(path: string, text: string): void {
    const loc = this.locate(path);
    if (!loc) return this.root.append(path, text);
    if (!loc.mount.readOnly && loc.rel)
      loc.mount.files.set(loc.rel, (loc.mount.files.get(loc.rel) ?? '') + text);
  }

  delete(path: string): void {
    const loc = this.locate(path);
    if (!loc) return this.root.delete(path);
    if (!loc.mount.readOnly && loc.rel) loc.mount.files.delete(loc.rel);
  }

  at(t: number): ReadonlyMap<string, string> {
    return this.root.at(t);
  }
}

/** The container's files: its layer alone, or with its mounts in front. */
export function containerFiles(root: FileStore, mounts: readonly Mount[] | undefined): Files {
  return mounts?.length ? new MountedFiles(root, mounts) : root;
}
