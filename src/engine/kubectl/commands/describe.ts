/**
 * `kubectl describe TYPE [NAME_PREFIX]`: fetches the object and what kubectl fetches alongside it
 * (its events by field selector, a ReplicaSet's pods, a Deployment's ReplicaSets, a Service's
 * Endpoints, a Node's pods and Lease), then prints with the describers.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/describe/describe.go, pkg/describe/describe.go
 */
import type { LimitRange, ResourceQuota } from '../../api/types';
import type { ResourceInfo } from '../../api/resources';
import type { Event, KubeObject, Lease, Pod } from '../../api/types';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Endpoints, Service } from '../../api/types';
import { describe, type DescribeRelated } from '../describe';
import { describeGeneric } from '../describe/generic';
import { bool, str, type FlagSpec } from '../flags';
import { apiError, eachInOrder, type Command, type CommandContext } from './context';
import {
  getNamedObjects,
  getObject,
  listObjects,
  lookupResource,
  parseResourceArgs,
} from './resources';

const FLAGS: FlagSpec[] = [
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'show-events', type: 'bool' },
  { name: 'filename', short: 'f', type: 'strings' },
];

export const describeCommand: Command = {
  name: 'describe',
  flags: FLAGS,
  run(ctx) {
    if (ctx.args.length === 0) {
      return ctx.fail(
        `You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\nerror: Required resource not specified.\nSee 'kubectl describe -h' for help and examples`,
      );
    }
    const parsed = parseResourceArgs(ctx.args, ctx.discovery());
    if ('error' in parsed) return ctx.fail(parsed.error);
    const allNs = bool(ctx.flags, 'all-namespaces');
    const texts: string[] = [];
    const errors: string[] = [];
    eachInOrder(
      parsed,
      (req, next) => {
        const collect = (objs: KubeObject[]) =>
          eachInOrder(
            objs,
            (obj, nextObj) =>
              related(ctx, req.info, obj, (rel) => {
                // crd: kubectl has no describer for CRDs and custom resources: the generic one.
                const generic = req.info.crd || req.info.kind === 'CustomResourceDefinition';
                texts.push(
                  generic
                    ? describeGeneric(obj, rel.events, ctx.now)
                    : describe(req.info.kind, obj, rel, ctx.now),
                );
                nextObj();
              }),
            next,
          );
        if (req.names.length === 0) {
          return listObjects(
            ctx,
            req.info,
            {
              namespace: allNs ? undefined : ctx.namespace,
              labelSelector: str(ctx.flags, 'selector'),
            },
            (items) => {
              if (items.length === 0) {
                errors.push(
                  req.info.namespaced && !allNs
                    ? `No resources found in ${ctx.namespace} namespace.`
                    : 'No resources found',
                );
              }
              collect(items);
            },
            (r) => {
              errors.push(apiError(r));
              next();
            },
          );
        }
        // A name is also a prefix: `kubectl describe pods web` describes every pod named web*.
        const found: KubeObject[] = [];
        getNamedObjects(
          ctx,
          req.info,
          req.names,
          (obj) => found.push(obj),
          (r, name, nextName) => {
            if (r.code !== 404) {
              errors.push(apiError(r));
              return nextName();
            }
            listObjects(
              ctx,
              req.info,
              { namespace: ctx.namespace },
              (items) => {
                const matches = items.filter((o) => o.metadata?.name?.startsWith(name));
                if (matches.length === 0) errors.push(apiError(r));
                found.push(...matches);
                nextName();
              },
              () => {
                errors.push(apiError(r));
                nextName();
              },
            );
          },
          () => collect(found),
        );
      },
      () => {
        if (texts.length) ctx.stdout(texts.join('\n\n'));
        if (errors.length) ctx.stderr(errors.join('\n') + '\n');
        ctx.finish(errors.length && !texts.length ? 1 : errors.length ? 1 : 0);
      },
    );
  },
};

/** The events of an object, as describe's SearchEvents selects them. */
function eventsFor(ctx: CommandContext, obj: KubeObject, cb: (events: Event[]) => void): void {
  if (bool(ctx.flags, 'show-events', true) === false) return cb([]);
  const m = obj.metadata ?? {};
  // k8s: client-go core/v1 event_expansion.go GetFieldSelector(name, namespace, kind, uid)
  const fields = [
    `involvedObject.kind=${obj.kind}`,
    `involvedObject.name=${m.name}`,
    ...(m.namespace ? [`involvedObject.namespace=${m.namespace}`] : []),
    ...(m.uid && obj.kind !== 'Node' ? [`involvedObject.uid=${m.uid}`] : []),
  ];
  listObjects(
    ctx,
    lookupResource('events')!,
    { namespace: m.namespace, fieldSelector: fields.join(',') },
    (items) => cb(items as Event[]),
    () => cb([]),
  );
}

/** What kubectl fetches besides the object for each kind. */
function related(
  ctx: CommandContext,
  info: ResourceInfo,
  obj: KubeObject,
  cb: (rel: DescribeRelated) => void,
): void {
  const ns = obj.metadata?.namespace;
  eventsFor(ctx, obj, (events) => {
    const rel: DescribeRelated = { events };
    const list = (
      plural: string,
      opts: Parameters<typeof listObjects>[2],
      f: (items: KubeObject[]) => void,
    ) => listObjects(ctx, lookupResource(plural)!, opts, f, () => f([]));
    switch (info.kind) {
      // workloads: the pods a DaemonSet's or StatefulSet's selector matches, as for a ReplicaSet.
      case 'DaemonSet':
      case 'StatefulSet':
      case 'ReplicaSet': {
        const sel = (obj.spec as { selector?: { matchLabels?: Record<string, string> } })?.selector;
        const labelSelector = Object.entries(sel?.matchLabels ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(',');
        return list('pods', { namespace: ns, labelSelector }, (items) =>
          cb({ ...rel, pods: items as Pod[] }),
        );
      }
      // quota: kubectl lists a namespace's quotas and limit ranges.
      case 'Namespace': {
        const name = obj.metadata?.name ?? '';
        return list('resourcequotas', { namespace: name }, (quotas) =>
          list('limitranges', { namespace: name }, (limitRanges) =>
            cb({
              ...rel,
              resourceQuotas: quotas as ResourceQuota[],
              limitRanges: limitRanges as LimitRange[],
            }),
          ),
        );
      }
      // quota: an RC's selector is a label map.
      case 'ReplicationController': {
        const sel = (obj.spec as { selector?: Record<string, string> })?.selector ?? {};
        const labelSelector = Object.entries(sel)
          .map(([k, v]) => `${k}=${v}`)
          .join(',');
        return list('pods', { namespace: ns, labelSelector }, (items) =>
          cb({ ...rel, pods: items as Pod[] }),
        );
      }
      // storage: kubectl lists the namespace's pods for a claim's "Used By".
      case 'PersistentVolumeClaim':
        return list('pods', { namespace: ns }, (items) => cb({ ...rel, pods: items as Pod[] }));
      case 'Deployment':
        return list('replicasets', { namespace: ns }, (items) =>
          cb({ ...rel, replicaSets: items as unknown as ReplicaSet[] }),
        );
      case 'Service':
        return getObject(
          ctx,
          lookupResource('endpoints')!,
          ns ?? ctx.namespace,
          obj.metadata?.name ?? '',
          (ep) => cb({ ...rel, endpoints: ep as Endpoints }),
          () => cb(rel),
        );
      // net: kubectl gets each backend's Service and Endpoints; one list of each here.
      case 'Ingress':
        return list('services', { namespace: ns }, (services) =>
          list('endpoints', { namespace: ns }, (endpoints) =>
            cb({
              ...rel,
              ingressBackends: {
                services: services as Service[],
                endpoints: endpoints as Endpoints[],
              },
            }),
          ),
        );
      case 'Node': {
        const name = obj.metadata?.name ?? '';
        return list(
          'pods',
          {
            fieldSelector: `spec.nodeName=${name},status.phase!=Failed,status.phase!=Succeeded`,
          },
          (pods) =>
            getObject(
              ctx,
              lookupResource('leases')!,
              'kube-node-lease',
              name,
              (lease) => cb({ ...rel, nodePods: pods as Pod[], lease: lease as Lease }),
              () => cb({ ...rel, nodePods: pods as Pod[] }),
            ),
        );
      }
      default:
        return cb(rel);
    }
  });
}
