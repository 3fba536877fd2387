/**
 * `kubectl cordon|uncordon NODE` (PATCH spec.unschedulable) and `kubectl drain NODE`: cordon, then
 * evict every pod the filters allow, wait for each to be gone, and print `node/NODE drained`.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go, pkg/drain/{drain,filters,cordon}.go
 */
import type { Node, Pod } from '../../api/types';
import { bool, int, str, type FlagSpec } from '../flags';
import { apiError, eachInOrder, type Command, type CommandContext } from './context';
import { getObject, listObjects, lookupResource } from './resources';

const CORDON_FLAGS: FlagSpec[] = [{ name: 'selector', short: 'l', type: 'string' }];
const DRAIN_FLAGS: FlagSpec[] = [
  ...CORDON_FLAGS,
  { name: 'force', type: 'bool' },
  { name: 'ignore-daemonsets', type: 'bool' },
  { name: 'delete-emptydir-data', type: 'bool' },
  { name: 'delete-local-data', type: 'bool' },
  { name: 'grace-period', type: 'int' },
  { name: 'timeout', type: 'string' },
  { name: 'pod-selector', type: 'string' },
  { name: 'disable-eviction', type: 'bool' },
  { name: 'ignore-errors', type: 'bool' },
  { name: 'skip-wait-for-delete-timeout', type: 'int' },
];

/** Fetch the named node, or fail with kubectl's words. */
function withNode(ctx: CommandContext, use: string, fn: (node: Node) => void): void {
  const [name] = ctx.args;
  if (!name)
    return ctx.fail(
      `error: USAGE: ${use} [flags]\nSee 'kubectl ${use.split(' ')[0]} -h' for help and examples`,
    );
  const n =
    name.startsWith('node/') || name.startsWith('nodes/')
      ? name.slice(name.indexOf('/') + 1)
      : name;
  getObject(
    ctx,
    lookupResource('nodes')!,
    '',
    n,
    (o) => fn(o as Node),
    (r) => ctx.fail(apiError(r)),
  );
}

/** cordon.go UpdateIfRequired + PatchOrReplace: `node/X cordoned` or `already cordoned`. */
function setUnschedulable(
  ctx: CommandContext,
  node: Node,
  desired: boolean,
  then: () => void,
): void {
  const name = node.metadata?.name ?? '';
  const word = desired ? 'cordoned' : 'uncordoned';
  if ((node.spec?.unschedulable ?? false) === desired) {
    ctx.stdout(`node/${name} already ${word}\n`);
    return then();
  }
  ctx.request(
    {
      verb: 'patch',
      resource: 'nodes',
      name,
      patchType: 'strategic',
      body: { spec: { unschedulable: desired ? true : null } },
    },
    (r) => {
      if (r.code >= 300) {
        return ctx.fail(
          `error: unable to ${desired ? 'cordon' : 'uncordon'} node "${name}": ${apiError(r).replace(/^Error from server \(\w+\): /, '')}`,
        );
      }
      ctx.stdout(`node/${name} ${word}\n`);
      then();
    },
  );
}

export const cordonCommand: Command = {
  name: 'cordon',
  flags: CORDON_FLAGS,
  run: (ctx) =>
    withNode(ctx, 'cordon NODE', (n) => setUnschedulable(ctx, n, true, () => ctx.finish(0))),
};

export const uncordonCommand: Command = {
  name: 'uncordon',
  flags: CORDON_FLAGS,
  run: (ctx) =>
    withNode(ctx, 'uncordon NODE', (n) => setUnschedulable(ctx, n, false, () => ctx.finish(0))),
};

type Verdict = { delete: boolean; warning?: string; error?: string };

/** pkg/drain/filters.go, in order: DaemonSet, mirror, local storage, unreplicated. */
function filterPod(ctx: CommandContext, pod: Pod): Verdict {
  const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  const controller = pod.metadata?.ownerReferences?.find((o) => o.controller);
  if (controller?.kind === 'DaemonSet') {
    if (!bool(ctx.flags, 'ignore-daemonsets')) {
      return { delete: false, error: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)' };
    }
    return { delete: false, warning: 'ignoring DaemonSet-managed Pods' };
  }
  if (pod.metadata?.annotations?.['kubernetes.io/config.mirror']) return { delete: false };
  const emptyDir = pod.spec?.volumes?.some((v) => v.emptyDir);
  let warning: string | undefined;
  if (emptyDir && !finished) {
    if (!bool(ctx.flags, 'delete-emptydir-data') && !bool(ctx.flags, 'delete-local-data')) {
      return {
        delete: false,
        error: 'Pods with local storage (use --delete-emptydir-data to override)',
      };
    }
    warning = 'deleting Pods with local storage';
  }
  if (!controller && !finished) {
    if (!bool(ctx.flags, 'force')) {
      return {
        delete: false,
        error: 'cannot delete Pods that declare no controller (use --force to override)',
      };
    }
    warning = 'deleting Pods that declare no controller';
  }
  return { delete: true, warning };
}

/** `msg: ns/a, ns/b` grouped by message, in first-seen order (PodDeleteList). */
function grouped(items: { msg: string; pod: Pod }[], prefix: string): string[] {
  const by = new Map<string, string[]>();
  for (const { msg, pod } of items) {
    by.set(msg, [...(by.get(msg) ?? []), `${pod.metadata?.namespace}/${pod.metadata?.name}`]);
  }
  return [...by].map(([msg, pods]) => `${prefix}${msg}: ${pods.join(', ')}`);
}

export const drainCommand: Command = {
  name: 'drain',
  flags: DRAIN_FLAGS,
  run: (ctx) =>
    withNode(ctx, 'drain NODE', (node) =>
      setUnschedulable(ctx, node, true, () => drain(ctx, node)),
    ),
};

function drain(ctx: CommandContext, node: Node): void {
  const name = node.metadata?.name ?? '';
  listObjects(
    ctx,
    lookupResource('pods')!,
    { fieldSelector: `spec.nodeName=${name}`, labelSelector: str(ctx.flags, 'pod-selector') },
    (items) => {
      const pods = items as Pod[];
      const toDelete: Pod[] = [];
      const warnings: { msg: string; pod: Pod }[] = [];
      const errors: { msg: string; pod: Pod }[] = [];
      for (const pod of pods) {
        const v = filterPod(ctx, pod);
        if (v.error) errors.push({ msg: v.error, pod });
        else if (v.warning) warnings.push({ msg: v.warning, pod });
        if (v.delete && !v.error) toDelete.push(pod);
      }
      if (errors.length) {
        const errs = grouped(errors, 'cannot delete ');
        const agg = errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
        ctx.stderr(
          `error: unable to drain node "${name}" due to error: ${agg}, continuing command...\nThere are pending nodes to be drained:\n ${name}\n${errs.join('\n')}\n`,
        );
        return ctx.finish(1);
      }
      if (warnings.length) ctx.stderr(`Warning: ${grouped(warnings, '').join('; ')}\n`);
      evictAll(ctx, toDelete, () => {
        ctx.stdout(`node/${name} drained\n`);
        ctx.finish(0);
      });
    },
    (r) => ctx.fail(apiError(r)),
  );
}

/** Evict (or delete, with --disable-eviction) each pod, then wait until each is gone. */
function evictAll(ctx: CommandContext, pods: Pod[], done: () => void): void {
  if (pods.length === 0) return done();
  const grace = int(ctx.flags, 'grace-period') ?? -1;
  const useEviction = !bool(ctx.flags, 'disable-eviction');
  let left = pods.length;
  const finished = () => {
    if (--left === 0) done();
  };
  const verb = useEviction ? 'evicted' : 'deleted';
  for (const pod of pods) {
    const ns = pod.metadata?.namespace ?? 'default';
    const podName = pod.metadata?.name ?? '';
    if (useEviction) ctx.stdout(`evicting pod ${ns}/${podName}\n`);
  }
  eachInOrder(
    pods,
    (pod, next) => {
      const ns = pod.metadata?.namespace ?? 'default';
      const podName = pod.metadata?.name ?? '';
      const gone = () => {
        ctx.stdout(`pod/${podName} ${verb}\n`);
        finished();
      };
      const waitGone = () => {
        // k8s: waitForDelete polls every second until the pod is gone (or replaced: a new UID).
        const poll = () =>
          ctx.request({ verb: 'get', resource: 'pods', namespace: ns, name: podName }, (r) => {
            const p = r.body as Pod | undefined;
            if (r.code === 404 || (r.code === 200 && p?.metadata?.uid !== pod.metadata?.uid))
              return gone();
            if (!ctx.after(1000, poll)) gone();
          });
        poll();
      };
      const del = () =>
        ctx.request(
          {
            verb: 'delete',
            resource: 'pods',
            namespace: ns,
            name: podName,
            gracePeriodSeconds: grace >= 0 ? grace : undefined,
          },
          (r) => {
            if (r.code >= 300 && r.code !== 404)
              ctx.stderr(`error when deleting pod "${podName}": ${apiError(r)}\n`);
            waitGone();
          },
        );
      if (!useEviction) {
        del();
        return next();
      }
      const evict = (): unknown =>
        ctx.request(
          {
            verb: 'create',
            resource: 'pods',
            subresource: 'eviction',
            namespace: ns,
            name: podName,
            body: {
              apiVersion: 'policy/v1',
              kind: 'Eviction',
              metadata: { name: podName, namespace: ns },
              ...(grace >= 0 ? { deleteOptions: { gracePeriodSeconds: grace } } : {}),
            },
          },
          (r) => {
            if (r.code < 300) waitGone();
            // corpus-policy: a PodDisruptionBudget refuses for now: drain says so and tries again
            // in 5 s, for ever unless --timeout (k/k: kubectl/pkg/drain/drain.go evictPods).
            else if (r.code === 429) {
              ctx.stderr(
                `error when evicting pods/"${podName}" -n "${ns}" (will retry after 5s): ${(r.body as { message?: string })?.message ?? ''}\n`,
              );
              if (!ctx.after(5000, evict)) finished();
            } else if (
              r.code === 404 &&
              (r.body as { details?: { name?: string } })?.details?.name === podName
            )
              gone();
            // An API server without the eviction subresource: the eviction is the delete it makes.
            else del();
          },
        );
      evict();
      next();
    },
    () => {},
  );
}
