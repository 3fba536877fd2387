import { applyDefaults } from '../api/defaults';
import { validateObject } from '../api/validation';
import { invalidStatus } from '../api/fielderrors';
import { type ResourceInfo } from '../api/resources';
import type { KubeObject } from '../api/types';
import { shortKey } from '../etcd/server';
import * as errors from './errors';
import { clone, jsonEqual, mergePatch, strategicMergePatch, threeWayMerge } from './patch';
import type { ApiRequest } from './types';
import type { ApiServer, Reply } from './server';
import { createObject } from './create';
import { LAST_APPLIED } from './server';

export function updateObject(
  s: ApiServer,
  info: ResourceInfo,
  req: ApiRequest,
  reply: Reply,
  attempt = 0,
): void {
  const name = req.name ?? (req.body as KubeObject)?.metadata?.name ?? '';
  const key = s.key(info, req.namespace ?? (req.body as KubeObject)?.metadata?.namespace, name);
  const current = s.etcd.store.get(key);
  const live = current ? s.live(current) : undefined;
  if (!live) {
    if (req.verb === 'apply')
      return createObject(
        s,
        info,
        { ...req, verb: 'create', body: withLastApplied(req.body as KubeObject) },
        reply,
      );
    return reply({ code: 404, body: errors.notFound(info, name) });
  }
  let next: KubeObject;
  if (req.subresource === 'scale') {
    const replicas = (req.body as { spec?: { replicas?: number } })?.spec?.replicas;
    next = clone(live);
    (next as { spec: { replicas?: number } }).spec.replicas = replicas;
  } else if (req.verb === 'update') {
    next = clone(req.body as KubeObject);
    const rv = next.metadata?.resourceVersion;
    if (rv && rv !== String(current!.modRevision))
      return reply({ code: 409, body: errors.conflict(info, name) });
  } else if (req.verb === 'patch') {
    next = (
      req.patchType === 'merge'
        ? mergePatch(clone(live), req.body)
        : strategicMergePatch(clone(live), req.body)
    ) as KubeObject;
  } else {
    const applied = withLastApplied(req.body as KubeObject);
    const lastText = live.metadata?.annotations?.[LAST_APPLIED];
    const last = lastText ? (JSON.parse(lastText) as KubeObject) : undefined;
    next = threeWayMerge(clone(live), last, applied) as KubeObject;
  }
  const nextMeta = (next.metadata = next.metadata ?? {});
  // Fields only the API server sets stay as they are.
  for (const f of [
    'uid',
    'creationTimestamp',
    'namespace',
    'name',
    'generation',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
  ] as const) {
    const v = live.metadata![f];
    if (v === undefined) delete next.metadata[f];
    else (next.metadata as Record<string, unknown>)[f] = v;
  }
  const hasStatus = info.subresources.includes('status');
  if (req.subresource === 'status') {
    // pods/status and friends: only status changes.
    next = {
      ...clone(live),
      status: next.status,
      metadata: { ...clone(live.metadata!), ...statusMetadata(next, info.kind) },
    };
  } else if (hasStatus && info.kind !== 'Namespace') {
    next.status = clone(live.status);
  }
  s.stage('mutating admission', 'defaults');
  applyDefaults(next);
  next.metadata = next.metadata ?? nextMeta;
  const meta = next.metadata;
  if (
    'spec' in next &&
    live.metadata!.generation !== undefined &&
    !jsonEqual(next.spec, live.spec)
  ) {
    meta.generation = (live.metadata!.generation ?? 0) + 1;
  }
  const comparable = (o: KubeObject) => ({
    ...o,
    metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined },
  });
  const unchanged = jsonEqual(comparable(next), comparable(live));
  // k/k ShouldDeleteDuringUpdate: the write that removes the last finalizer of an object whose
  // deletion is due (grace period 0) deletes it; other writes to terminating objects do not.
  const finish =
    meta.deletionTimestamp !== undefined &&
    !meta.finalizers?.length &&
    (live.metadata?.finalizers?.length ?? 0) > 0 &&
    (live.metadata?.deletionGracePeriodSeconds ?? 0) === 0;
  if (unchanged && !finish) {
    return reply({ code: 200, body: live, unchanged: true });
  }
  s.stage('validation', `validate ${info.kind} ${name}`);
  // A status update only changes status; its validation is the spec-free status check.
  const errs = req.subresource === 'status' ? [] : validateObject(next, live);
  if (errs.length > 0)
    return reply({ code: 422, body: invalidStatus(info.group, info.kind, name, errs) });
  s.stage('validating admission', 'NamespaceLifecycle, ResourceQuota');
  if (req.dryRun) return reply({ code: 200, body: next });

  delete meta.resourceVersion;
  const value = JSON.stringify(next);
  const verbLabel = req.subresource ? `${req.resource}/${req.subresource}` : req.resource;
  s.etcd.txn(
    key,
    `txn ${finish ? 'delete' : 'update'} ${shortKey(key)}`,
    (store) =>
      finish
        ? store.delete(key, current!.modRevision)
        : store.put(key, value, current!.modRevision),
    (r) => {
      if (!r.ok) {
        const rv = (req.body as KubeObject)?.metadata?.resourceVersion;
        if (req.verb === 'update' && rv)
          return reply({ code: 409, body: errors.conflict(info, name) });
        if (attempt < 3) return updateObject(s, info, req, reply, attempt + 1);
        return reply({ code: 409, body: errors.conflict(info, name) });
      }
      if (finish) return reply({ code: 200, body: live });
      void verbLabel;
      reply({ code: 200, body: s.live(r.kv!) });
    },
    s.etcdTimeout(reply),
  );
}

/** Record the configuration as `kubectl apply` does, in the last-applied annotation. */
function withLastApplied(obj: KubeObject): KubeObject {
  const copy = clone(obj);
  const text = JSON.stringify(stripLastApplied(obj));
  copy.metadata = copy.metadata ?? {};
  copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), [LAST_APPLIED]: text + '\n' };
  return copy;
}

function stripLastApplied(obj: KubeObject): KubeObject {
  const copy = clone(obj);
  if (copy.metadata?.annotations) {
    delete copy.metadata.annotations[LAST_APPLIED];
    if (Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
  }
  return copy;
}

/**
 * What metadata a status update may change: k/k's deploymentStatusStrategy keeps annotations
 * (how the controller records the revision); other kinds' status strategies keep none.
 */
function statusMetadata(obj: KubeObject, kind: string): Record<string, unknown> {
  return kind === 'Deployment' && obj.metadata?.annotations
    ? { annotations: obj.metadata.annotations }
    : {};
}
