/**
 * ControllerRevisions of a DaemonSet or StatefulSet (k/k: pkg/controller/history and
 * daemon/update.go constructHistory, snapshot, cleanupHistory): each distinct template is
 * recorded once, named `<owner>-<hash>`, with a revision number that grows each time a template
 * becomes current again. `kubectl rollout history` and `undo` read them.
 */
import type { ApiCalls } from '../client/calls';
import type { Co } from '../client/coroutine';
import type { Cached } from '../client/informer';
import type { ControllerRevision, KubeObject, PodTemplateSpec } from '../api/types';
import type { Named, Stored } from '../api/stored';
import { clone } from '../apiserver/patch';
import { controllerOf, errorText, newControllerRef } from './controllerUtils';
import { computeHash, stableJson } from './deployment/util';

/** k/k: apps.ControllerRevisionHashLabelKey. */
export const REVISION_HASH_LABEL = 'controller-revision-hash';

/** A workload whose templates are recorded: DaemonSet or StatefulSet. */
type Owner = Cached<KubeObject> & {
  spec?: { template?: PodTemplateSpec; revisionHistoryLimit?: number };
  status?: { collisionCount?: number };
};

/** k/k: getPatch — what a revision records: the template, replaced whole on rollback. */
export function revisionData(owner: Owner): Record<string, unknown> {
  return { spec: { template: { ...clone(owner.spec?.template ?? {}), $patch: 'replace' } } };
}

/** The template a ControllerRevision recorded. */
export function revisionTemplate(cr: ControllerRevision): PodTemplateSpec {
  const t = (cr.data as { spec?: { template?: Record<string, unknown> } })?.spec?.template ?? {};
  const { $patch: _, ...rest } = t;
  return rest as PodTemplateSpec;
}

/** k/k: controller.ComputeHash of the template and the collision count. */
export function templateHash(owner: Owner): string {
  return computeHash(owner.spec?.template, owner.status?.collisionCount);
}

/** k/k: history.EqualRevision / daemon Match — the revision records this template. */
export function recordsTemplate(owner: Owner, cr: ControllerRevision): boolean {
  return stableJson(cr.data) === stableJson(revisionData(owner));
}

const maxRevision = (crs: ControllerRevision[]): number =>
  crs.reduce((m, c) => Math.max(m, c.revision ?? 0), 0);

/**
 * k/k: constructHistory — the current revision (created, or moved to the newest number) and
 * the old ones. `candidates` are the revisions the owner controls.
 */
export function* constructHistory(
  api: ApiCalls,
  owner: Owner,
  kind: 'DaemonSet' | 'StatefulSet',
  candidates: Cached<ControllerRevision>[],
): Co<
  { current: Stored<ControllerRevision>; old: Stored<ControllerRevision>[] } | { error: string }
> {
  const owned = candidates.filter((cr) => controllerOf(cr)?.uid === owner.metadata.uid);
  const current: Stored<ControllerRevision>[] = [];
  const old: Stored<ControllerRevision>[] = [];
  for (const cr of owned) (recordsTemplate(owner, cr) ? current : old).push(cr);
  const revision = maxRevision(old) + 1;
  if (current.length === 0) {
    const hash = templateHash(owner);
    const ns = owner.metadata.namespace!;
    const name = `${owner.metadata.name}-${hash}`;
    const cr: Named<ControllerRevision> = {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name,
        namespace: ns,
        labels: { ...(owner.spec?.template?.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: hash },
        ownerReferences: [newControllerRef(owner, 'apps/v1', kind)],
      },
      data: revisionData(owner),
      revision,
    };
    // k/k: a DaemonSet's revisions carry its annotations (the change-cause among them).
    if (kind === 'DaemonSet' && Object.keys(owner.metadata.annotations ?? {}).length)
      cr.metadata.annotations = clone(owner.metadata.annotations);
    const r = yield* api.create('controllerrevisions', ns, cr);
    if (r.code === 201) return { current: r.body as Stored<ControllerRevision>, old };
    if (r.code !== 409) return { error: errorText(r) };
    // Created by an earlier sync the informer has not shown yet.
    const g = yield* api.get<ControllerRevision>('controllerrevisions', ns, name);
    const found = g.body as Stored<ControllerRevision>;
    if (g.code === 200 && recordsTemplate(owner, found)) return { current: found, old };
    return { error: errorText(r) };
  }
  // k/k dedupCurHistories keeps the newest; duplicates only arise from races.
  current.sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0));
  let cur = current[0];
  if ((cur.revision ?? 0) < revision) {
    const next = clone(cur);
    next.revision = revision;
    const r = yield* api.update('controllerrevisions', next);
    if (r.code !== 200) return { error: errorText(r) };
    cur = r.body as Stored<ControllerRevision>;
  }
  return { current: cur, old };
}

/**
 * k/k: cleanupHistory / truncateHistory — keep `revisionHistoryLimit` old revisions, deleting
 * the oldest first, never one in `live` (revision names or hashes pods still carry).
 */
export function* cleanupHistory(
  api: ApiCalls,
  owner: Owner,
  old: Stored<ControllerRevision>[],
  live: (cr: Stored<ControllerRevision>) => boolean,
): Co<string | undefined> {
  let toKill = old.length - (owner.spec?.revisionHistoryLimit ?? 10);
  if (toKill <= 0) return undefined;
  const sorted = [...old].sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
  for (const cr of sorted) {
    if (toKill <= 0) break;
    if (live(cr)) continue;
    const r = yield* api.delete('controllerrevisions', cr.metadata.namespace, cr.metadata.name);
    if (r.code !== 200 && r.code !== 404) return errorText(r);
    toKill--;
  }
  return undefined;
}
