/**
 * `kubectl delete`: by name, `TYPE/NAME`, `-f FILE`, `-l SELECTOR`, `--all`; with
 * `--grace-period`, `--now`, `--force`, `--cascade=background|foreground|orphan`, and the wait
 * for the objects to be gone (`--wait`, on by default).
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/delete/delete.go
 */
import type { PropagationPolicy } from '../../apiserver/types';
import type { ResourceInfo } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import { bool, int, str, strs, type FlagSpec } from '../flags';
import { runManifests } from './apply';
import { durationFlag } from './stream';
import { apiError, eachInOrder, type Command, type CommandContext } from './context';
import { listObjects, parseResourceArgs } from './resources';

const FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'strings' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'field-selector', type: 'string' },
  { name: 'all', type: 'bool' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'grace-period', type: 'int' },
  { name: 'cascade', type: 'string' },
  { name: 'now', type: 'bool' },
  { name: 'force', type: 'bool' },
  { name: 'wait', type: 'bool' },
  { name: 'ignore-not-found', type: 'bool' },
  { name: 'timeout', type: 'string' },
];

const NO_RESOURCES = `error: You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

const WEEK_MS = 168 * 3600_000;

export const FORCE_WARNING =
  'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n';

interface Target {
  info: ResourceInfo;
  name: string;
  namespace?: string;
}

/** `--cascade`: the propagation policy, or kubectl's error. */
function cascadePolicy(ctx: CommandContext): PropagationPolicy | { error: string } {
  const c = str(ctx.flags, 'cascade') ?? 'background';
  switch (c) {
    case 'background':
      return 'Background';
    case 'foreground':
      return 'Foreground';
    case 'orphan':
      return 'Orphan';
    case 'true':
      ctx.stderr(
        'warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.\n',
      );
      return 'Background';
    case 'false':
      ctx.stderr(
        'warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n',
      );
      return 'Orphan';
  }
  return {
    error: `error: invalid cascade value (${c}). Must be "background", "foreground", or "orphan".`,
  };
}

export const deleteCommand: Command = {
  name: 'delete',
  flags: FLAGS,
  run(ctx) {
    const files = strs(ctx.flags, 'filename');
    // k8s: delete.go Complete — --now is a grace period of 1; --force defaults it to 0; a 0 without
    // --force becomes 1.
    let grace = int(ctx.flags, 'grace-period') ?? -1;
    const force = bool(ctx.flags, 'force');
    if (bool(ctx.flags, 'now')) {
      if (grace !== -1)
        return ctx.fail('error: --now and --grace-period cannot be specified together');
      grace = 1;
    }
    if (grace === 0 && !force) grace = 1;
    if (force && grace < 0) grace = 0;
    if (force && grace === 0) ctx.stderr(FORCE_WARNING);
    const policy = cascadePolicy(ctx);
    if (typeof policy === 'object') return ctx.fail(policy.error);
    if (files.length) {
      if (ctx.args.length) {
        return ctx.fail(
          `error: Unexpected args: [${ctx.args.join(' ')}]\nSee 'kubectl delete -h' for help and examples`,
        );
      }
      return runManifests(ctx, 'delete', files);
    }
    if (ctx.args.length === 0) return ctx.fail(NO_RESOURCES);
    const parsed = parseResourceArgs(ctx.args, ctx.discovery());
    if ('error' in parsed) return ctx.fail(parsed.error);
    const selector = str(ctx.flags, 'selector');
    const fieldSelector = str(ctx.flags, 'field-selector');
    const all = bool(ctx.flags, 'all');
    const allNs = bool(ctx.flags, 'all-namespaces');
    const targets: Target[] = [];
    const errors: string[] = [];
    eachInOrder(
      parsed,
      (req, next) => {
        if (req.names.length) {
          for (const name of req.names)
            targets.push({ info: req.info, name, namespace: ctx.namespace });
          return next();
        }
        if (!selector && !fieldSelector && !all) {
          errors.push('error: resource(s) were provided, but no name was specified');
          return next();
        }
        listObjects(
          ctx,
          req.info,
          { namespace: allNs ? undefined : ctx.namespace, labelSelector: selector, fieldSelector },
          (items) => {
            for (const o of items) {
              targets.push({
                info: req.info,
                name: o.metadata?.name ?? '',
                namespace: o.metadata?.namespace,
              });
            }
            next();
          },
          (r) => {
            errors.push(apiError(r));
            next();
          },
        );
      },
      () => {
        if (errors.length && targets.length === 0) return ctx.fail(errors.join('\n'));
        if (targets.length === 0) {
          ctx.stdout('No resources found\n');
          return ctx.finish(0);
        }
        deleteAll(ctx, targets, grace, policy, errors);
      },
    );
  },
};

function deleteAll(
  ctx: CommandContext,
  targets: Target[],
  grace: number,
  policy: PropagationPolicy,
  errors: string[],
): void {
  const pending: { t: Target; obj: KubeObject }[] = [];
  const verb = grace === 0 ? 'force deleted' : 'deleted';
  eachInOrder(
    targets,
    (t, next) =>
      ctx.request(
        {
          verb: 'delete',
          resource: t.info.plural,
          namespace: t.info.namespaced ? t.namespace : undefined,
          name: t.name,
          gracePeriodSeconds: grace >= 0 ? grace : undefined,
          propagationPolicy: policy,
        },
        (r) => {
          if (r.code >= 300) {
            if (!(r.code === 404 && bool(ctx.flags, 'ignore-not-found'))) errors.push(apiError(r));
            return next();
          }
          ctx.stdout(`${t.info.kubectlType} "${t.name}" ${verb}\n`);
          const obj = r.body as KubeObject;
          if (obj?.metadata?.deletionTimestamp) pending.push({ t, obj });
          next();
        },
      ),
    () => {
      if (errors.length) ctx.stderr(errors.join('\n') + '\n');
      const code = errors.length ? 1 : 0;
      // kubectl waits for the objects to be gone (--wait=true): a pod until its kubelet has
      // stopped it, a foreground deletion until its dependents are gone.
      if (!bool(ctx.flags, 'wait', true) || grace === 0 || pending.length === 0 || !ctx.canWatch) {
        return ctx.finish(code);
      }
      let left = pending.length;
      const waiting = new Set(pending.map((p) => p.t));
      // delete.go: --timeout=0 (the default) waits up to a week; kubectl prints nothing meanwhile
      // (a pod whose kubelet never confirms stays `Terminating` and the command waits). On
      // timeout the wait names each object still there (kubectl/pkg/cmd/wait extendErrWaitTimeout).
      const timeout = durationFlag(ctx, 'timeout') || WEEK_MS;
      ctx.after(timeout, () => {
        const lines = [...waiting].map(
          (t) => `error: timed out waiting for the condition on ${t.info.plural}/${t.name}`,
        );
        ctx.fail(lines.join('\n'));
      });
      for (const { t, obj } of pending) {
        let gone = false;
        const stop = ctx.watch(
          {
            resource: t.info.plural,
            namespace: t.info.namespaced ? t.namespace : undefined,
            fieldSelector: `metadata.name=${t.name}`,
            resourceVersion: obj.metadata?.resourceVersion,
          },
          (ev) => {
            if (gone || ev.type !== 'DELETED') return;
            gone = true;
            waiting.delete(t);
            stop();
            if (--left === 0) ctx.finish(code);
          },
        );
      }
    },
  );
}
