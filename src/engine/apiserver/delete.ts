import { type ResourceInfo } from '../api/resources';
import type { KubeObject, Pod, Service } from '../api/types';
import { shortKey } from '../etcd/server';
import * as errors from './errors';
import { clone } from './patch';
import type { ApiRequest } from './types';
import type { ApiServer, Reply } from './server';

export function deleteObject(
  s: ApiServer,
  info: ResourceInfo,
  req: ApiRequest,
  reply: Reply,
): void {
  const key = s.key(info, req.namespace, req.name!);
  const current = s.etcd.store.get(key);
  if (!current) return reply({ code: 404, body: errors.notFound(info, req.name!) });
  const live = s.live(current);
  const policy = req.propagationPolicy ?? 'Background';
  const finalizers = [...(live.metadata?.finalizers ?? [])];
  if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion'))
    finalizers.push('foregroundDeletion');
  if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
  // Graceful deletion: a pod on a node is only marked; its kubelet stops the containers and
  // then deletes it for good with a grace period of 0 (k/k: pkg/registry/core/pod/strategy.go).
  const pod = info.kind === 'Pod' ? (live as Pod) : undefined;
  let grace = req.gracePeriodSeconds ?? pod?.spec?.terminationGracePeriodSeconds ?? 30;
  if (
    pod &&
    (!pod.spec?.nodeName || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed')
  )
    grace = 0;
  const graceful = pod !== undefined && grace > 0;
  if (info.kind === 'Namespace' && !live.metadata?.deletionTimestamp) {
    // Namespace deletion: mark Terminating; the namespace controller empties it, then deletes it.
    const next = clone(live) as KubeObject;
    next.metadata!.deletionTimestamp = s.clock.timestamp();
    next.status = { phase: 'Terminating' };
    return s.write(info, key, current, next, reply, live);
  }
  if (finalizers.length > 0 || graceful) {
    const m0 = live.metadata!;
    const pending = m0.deletionTimestamp !== undefined;
    const newGrace = graceful ? grace : 0;
    // A second delete may only shorten the grace period (k/k: rest.BeforeDelete).
    const shorter = pending && newGrace < (m0.deletionGracePeriodSeconds ?? 0);
    const sameFinalizers = finalizers.length === (m0.finalizers?.length ?? 0);
    if (pending && !shorter && sameFinalizers) return reply({ code: 200, body: live });
    const next = clone(live) as KubeObject;
    const m = next.metadata!;
    if (!pending || shorter) {
      m.deletionTimestamp = s.clock.timestamp(s.clock.now + newGrace * 1000);
      m.deletionGracePeriodSeconds = newGrace;
    }
    if (finalizers.length) m.finalizers = finalizers;
    else delete m.finalizers;
    return s.write(info, key, current, next, reply, live);
  }
  s.etcd.txn(
    key,
    `txn delete ${shortKey(key)}`,
    (store) => store.delete(key, current.modRevision),
    (r) => {
      if (!r.ok) return reply({ code: 409, body: errors.conflict(info, req.name!) });
      if (info.kind === 'Service') s.allocator.release(live as Service);
      reply({ code: 200, body: live });
    },
    s.etcdTimeout(reply),
  );
}
