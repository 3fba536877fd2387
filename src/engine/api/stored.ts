import type { KubeObject, ObjectMeta } from './types';

/** The metadata kube-apiserver fills in on every object it stores. */
export interface StoredMeta extends ObjectMeta {
  name: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
}

/**
 * An object as the API server stored it (a reply to create, get, update, or a mutable copy of a
 * cached one): its metadata has a name, uid, resourceVersion and creationTimestamp.
 */
export type Stored<T extends KubeObject> = T & {
  metadata: StoredMeta & NonNullable<T['metadata']>;
};

/**
 * The metadata of an object that must have been stored (read from the API server or a cache),
 * for code whose types cannot say so; an object that was never stored is a bug, reported as one.
 */
export function storedMeta(obj: KubeObject): StoredMeta {
  const m = obj.metadata;
  if (!m?.name || !m.uid)
    throw new Error(
      `expected an object stored by the API server, got ${obj.kind ?? 'an object'} ${m?.name ?? 'without a name'}${m?.name ? ' without a uid' : ''}`,
    );
  return m as StoredMeta;
}

/** Any stored object, cached (read-only) or a mutable copy: what needs only its identity. */
export interface StoredObject {
  readonly metadata: Readonly<StoredMeta>;
}

/** An object about to be created under a name its controller chose (not generateName). */
export type Named<T extends KubeObject> = T & {
  metadata: NonNullable<T['metadata']> & { name: string };
};
