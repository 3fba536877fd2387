import { resourceForPlural, type ResourceInfo } from '../api/resources';
import type { Node, Pod } from '../api/types';
import * as errors from './errors';
import { clone } from './patch';
import type { ApiRequest } from './types';
import type { ApiServer, Reply } from './server';
import { APISERVER } from './server';
import { deleteObject } from './delete';

export function bindPod(s: ApiServer, info: ResourceInfo, req: ApiRequest, reply: Reply): void {
  const key = s.key(info, req.namespace, req.name!);
  const current = s.etcd.store.get(key);
  if (!current) return reply({ code: 404, body: errors.notFound(info, req.name!) });
  const pod = clone(s.live(current)) as Pod;
  const target = (req.body as { target?: { name?: string } })?.target?.name;
  if (!target)
    return reply({
      code: 422,
      body: errors.invalid(info, req.name!, 'Binding.target.name: Required value'),
    });
  if (pod.metadata?.deletionTimestamp) {
    return reply({
      code: 409,
      body: errors.conflict(info, req.name!, 'pod is being deleted, cannot be assigned to a host'),
    });
  }
  if (pod.spec!.nodeName) {
    return reply({
      code: 409,
      body: errors.conflict(
        info,
        req.name!,
        `pod ${req.name} is already assigned to node "${pod.spec!.nodeName}"`,
      ),
    });
  }
  pod.spec!.nodeName = target;
  const conditions = (pod.status!.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  conditions.push({
    type: 'PodScheduled',
    status: 'True',
    lastProbeTime: null as unknown as string,
    lastTransitionTime: s.clock.timestamp(),
  });
  pod.status!.conditions = conditions;
  s.write(
    info,
    key,
    current,
    pod,
    (r) =>
      reply(
        r.code === 200
          ? {
              code: 201,
              body: { apiVersion: 'v1', kind: 'Status', status: 'Success', code: 201 } as never,
            }
          : r,
      ),
    pod,
  );
}

export function getPodLog(s: ApiServer, from: string, req: ApiRequest, reply: Reply): void {
  const info = resourceForPlural('pods')!;
  const pod = s.peek(s.key(info, req.namespace, req.name!)) as Pod | undefined;
  if (!pod) return reply({ code: 404, body: errors.notFound(info, req.name!) });
  const node = pod.spec?.nodeName;
  const kubelet = node ? s.kubelets.get(node) : undefined;
  if (!node || !kubelet) {
    const c = req.container ?? pod.spec!.containers[0].name;
    return reply({
      code: 400,
      body: errors.badRequest(
        `container "${c}" in pod "${req.name}" is waiting to start: ContainerCreating`,
      ),
    });
  }
  void from;
  const to = s.kubeletHostOf.get(node)!;
  const path = `/containerLogs/${req.namespace}/${req.name}/${req.container ?? pod.spec!.containers[0].name}`;
  if (!s.net.isUp(to)) {
    // The kubelet's port 10250 does not answer: the proxy's dial fails at once.
    const n = s.peek(s.key(resourceForPlural('nodes')!, undefined, node)) as Node | undefined;
    const ip = n?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? node;
    return reply({
      code: 500,
      body: errors.internalPlain(
        `Get "https://${ip}:10250${path}": dial tcp ${ip}:10250: connect: connection refused`,
      ),
    });
  }
  const call = s.net.send(
    { from: APISERVER, to, kind: 'request', verb: 'GET', resource: path, summary: `GET ${path}` },
    () =>
      kubelet.containerLogs(
        {
          namespace: req.namespace!,
          pod: req.name!,
          container: req.container,
          previous: req.previous,
          tailLines: req.tailLines,
          timestamps: req.timestamps,
        },
        (r) =>
          s.net.send(
            {
              from: to,
              to: APISERVER,
              kind: 'response',
              verb: 'GET',
              resource: path,
              summary: `${r.code} logs`,
              status: r.code,
              flow: call.flow,
            },
            () => reply(r),
          ),
      ),
  );
}

/**
 * POST pods/<name>/eviction (policy/v1 Eviction): the API-initiated way to delete a pod, used by
 * `kubectl drain`. With no PodDisruptionBudgets here, every eviction is allowed.
 */
export function evictPod(s: ApiServer, info: ResourceInfo, req: ApiRequest, reply: Reply): void {
  const opts = (req.body as { deleteOptions?: { gracePeriodSeconds?: number } } | undefined)
    ?.deleteOptions;
  deleteObject(
    s,
    info,
    {
      ...req,
      verb: 'delete',
      subresource: undefined,
      gracePeriodSeconds: opts?.gracePeriodSeconds,
    },
    (r) =>
      reply(
        r.code === 200
          ? {
              code: 201,
              body: { apiVersion: 'v1', kind: 'Status', status: 'Success', code: 201 } as never,
            }
          : r,
      ),
  );
}
