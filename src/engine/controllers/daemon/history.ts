/**
 * The ControllerRevisions of a DaemonSet (k/k: pkg/controller/daemon/update.go constructHistory,
 * snapshot, cleanupHistory): each distinct template is recorded once, named `<ds>-<hash>`, with
 * a revision number that grows each time a template becomes current again. `kubectl rollout
 * history` and `undo` read them.
 */
import type { ApiCalls } from '../../client/calls';
import type { Co } from '../../client/coroutine';
import type { Cached } from '../../client/informer';
import type { ControllerRevision, DaemonSet, Pod } from '../../api/types';
import { clone } from '../../apiserver/patch';
import { controllerOf, errorText, newControllerRef } from '../controllerUtils';
import { stableJson } from '../deployment/util';
import { daemonSetHash, revisionData, REVISION_HASH_LABEL } from './util';

/** k/k: Match — the revision records exactly this DaemonSet's template. */
function matches(ds: DaemonSet, cr: ControllerRevision): boolean {
  return stableJson(cr.data) === stableJson(revisionData(ds));
}

const maxRevision = (crs: ControllerRevision[]): number =>
  crs.reduce((m, c) => Math.max(m, c.revision ?? 0), 0);

/**
 * k/k: constructHistory — the current revision's hash (creating the revision, or moving it to
 * the newest number) and the old revisions.
 */
export function* constructHistory(
  api: ApiCalls,
  ds: Cached<DaemonSet>,
  candidates: Cached<ControllerRevision>[],
): Co<{ hash: string; old: ControllerRevision[] } | { error: string }> {
  const owned = candidates.filter((cr) => controllerOf(cr)?.uid === ds.metadata.uid);
  const current: ControllerRevision[] = [];
  const old: ControllerRevision[] = [];
  for (const cr of owned) (matches(ds as DaemonSet, cr) ? current : old).push(cr);
  const revision = maxRevision(old) + 1;
  if (current.length === 0) {
    const hash = daemonSetHash(ds as DaemonSet);
    const ns = ds.metadata.namespace!;
    const name = `${ds.metadata.name}-${hash}`;
    const cr: ControllerRevision = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name,
        namespace: ns,
        labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash },
        annotations: clone(ds.metadata.annotations ?? {}),
        ownerReferences: [newControllerRef(ds, 'apps/v1', 'DaemonSet')],
      },
      data: revisionData(ds as DaemonSet),
      revision,
    };
    if (Object.keys(cr.metadata!.annotations!).length === 0) delete cr.metadata!.annotations;
    const r = yield* api.create('controllerrevisions', ns, cr);
    if (r.code === 201) return { hash, old };
    if (r.code !== 409) return { error: errorText(r) };
    // Created by an earlier sync the informer has not shown yet.
    const g = yield* api.get('controllerrevisions', ns, name);
    if (g.code === 200 && matches(ds as DaemonSet, g.body as ControllerRevision))
      return { hash, old };
    return { error: errorText(r) };
  }
  // k/k dedupCurHistories keeps the newest; duplicates only arise from races.
  current.sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0));
  const cur = current[0];
  const hash = cur.metadata?.labels?.[REVISION_HASH_LABEL] ?? daemonSetHash(ds as DaemonSet);
  if ((cur.revision ?? 0) < revision) {
    const next = clone(cur);
    next.revision = revision;
    const r = yield* api.update('controllerrevisions', next);
    if (r.code !== 200) return { error: errorText(r) };
  }
  return { hash, old };
}

/**
 * k/k: cleanupHistory — keep `revisionHistoryLimit` old revisions, deleting the oldest first,
 * never one whose hash a pod still carries.
 */
export function* cleanupHistory(
  api: ApiCalls,
  ds: Cached<DaemonSet>,
  old: ControllerRevision[],
  pods: Pod[],
): Co<string | undefined> {
  let toKill = old.length - (ds.spec?.revisionHistoryLimit ?? 10);
  if (toKill <= 0) return undefined;
  const live = new Set(pods.map((p) => p.metadata?.labels?.[REVISION_HASH_LABEL]).filter(Boolean));
  const sorted = [...old].sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
  for (const cr of sorted) {
    if (toKill <= 0) break;
    if (live.has(cr.metadata?.labels?.[REVISION_HASH_LABEL])) continue;
    const r = yield* api.delete('controllerrevisions', cr.metadata!.namespace, cr.metadata!.name!);
    if (r.code !== 200 && r.code !== 404) return errorText(r);
    toKill--;
  }
  return undefined;
}
