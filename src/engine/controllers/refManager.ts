/**
 * k/k: pkg/controller/controller_ref_manager.go — a controller claims the objects its selector
 * matches: it adopts orphans (adds itself as controller owner) and releases objects it owns that
 * no longer match (removes its owner reference), each with a PATCH.
 */
import type { ApiClient } from '../client/client';
import { suspend, type Co } from '../client/coroutine';
import type { KubeObject, OwnerReference } from '../api/types';
import type { Stored, StoredObject } from '../api/stored';
import { controllerOf, Latch } from './controllerUtils';

export interface ClaimRequest<T extends KubeObject> {
  client: ApiClient;
  /** Plural resource of the claimed objects: `pods`, `replicasets`. */
  resource: string;
  owner: StoredObject;
  /** The owner's controller reference (`newControllerRef`). */
  ref: OwnerReference;
  matches(obj: Stored<T>): boolean;
  candidates: Stored<T>[];
}

/** Patch the owner references of an object (a JSON merge patch of the whole list). */
function patchOwnerRefs(
  client: ApiClient,
  resource: string,
  obj: StoredObject,
  refs: OwnerReference[],
  cb: (ok: boolean, updated?: KubeObject) => void,
): void {
  const m = obj.metadata;
  client.patch(
    resource,
    m.namespace,
    m.name,
    { metadata: { ownerReferences: refs.length ? refs : null } },
    (r) => cb(r.code === 200, r.body as KubeObject),
    undefined,
    'merge',
  );
}

/** Claim the candidates; `done` receives the objects this owner controls afterwards. */
export function claimObjects<T extends KubeObject>(
  req: ClaimRequest<T>,
  done: (claimed: Stored<T>[]) => void,
): void {
  const claimed: Stored<T>[] = [];
  const ownerUid = req.owner.metadata.uid;
  const ownerDeleting = !!req.owner.metadata.deletionTimestamp;
  const latch = new Latch(() => done(claimed));
  for (const obj of req.candidates) {
    const ref = controllerOf(obj);
    const refs = obj.metadata?.ownerReferences ?? [];
    if (ref) {
      if (ref.uid !== ownerUid) continue;
      if (req.matches(obj)) {
        claimed.push(obj);
        continue;
      }
      if (ownerDeleting) continue;
      // Release: the object is ours but the selector no longer matches.
      latch.add();
      patchOwnerRefs(
        req.client,
        req.resource,
        obj,
        refs.filter((r) => r.uid !== ownerUid),
        () => latch.finish(),
      );
      continue;
    }
    if (ownerDeleting || !req.matches(obj) || obj.metadata.deletionTimestamp) continue;
    // Adopt the orphan.
    latch.add();
    patchOwnerRefs(req.client, req.resource, obj, [...refs, req.ref], (ok, updated) => {
      if (ok && updated) claimed.push(updated as Stored<T>);
      latch.finish();
    });
  }
  latch.seal();
}

/** claimObjects for coroutines: `const claimed = yield* claim(req)`. */
export function claim<T extends KubeObject>(req: ClaimRequest<T>): Co<Stored<T>[]> {
  return suspend((resume) => claimObjects(req, resume));
}
