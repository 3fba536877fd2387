/**
 * `kubectl scale deployment web --replicas=5` (or `deployment/web`, several objects, `-l`):
 * a merge PATCH of the scale subresource, then `deployment.apps/web scaled`.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/scale/scale.go
 */
import { int, str, type FlagSpec } from '../flags';
import { apiError, eachInOrder, type Command } from './context';
import { listObjects, parseResourceArgs } from './resources';
import type { ResourceInfo } from '../../api/resources';

const FLAGS: FlagSpec[] = [
  { name: 'replicas', type: 'int' },
  { name: 'current-replicas', type: 'int' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all', type: 'bool' },
  { name: 'timeout', type: 'string' },
  { name: 'filename', short: 'f', type: 'strings' },
];

export const scaleCommand: Command = {
  name: 'scale',
  flags: FLAGS,
  run(ctx) {
    const replicas = int(ctx.flags, 'replicas');
    if (replicas === undefined) return ctx.fail('error: required flag(s) "replicas" not set');
    if (replicas < 0) {
      return ctx.fail(
        'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
      );
    }
    if (ctx.args.length === 0) {
      return ctx.fail(
        `error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`,
      );
    }
    const parsed = parseResourceArgs(ctx.args, ctx.discovery());
    if ('error' in parsed) return ctx.fail(parsed.error);
    const targets: { info: ResourceInfo; name: string }[] = [];
    const errors: string[] = [];
    eachInOrder(
      parsed,
      (req, next) => {
        if (req.names.length) {
          for (const name of req.names) targets.push({ info: req.info, name });
          return next();
        }
        const selector = str(ctx.flags, 'selector');
        if (!selector && !ctx.flags.bools.has('all')) {
          errors.push('error: resource(s) were provided, but no name was specified');
          return next();
        }
        listObjects(
          ctx,
          req.info,
          { namespace: ctx.namespace, labelSelector: selector },
          (items) => {
            for (const o of items) targets.push({ info: req.info, name: o.metadata?.name ?? '' });
            next();
          },
          (r) => {
            errors.push(apiError(r));
            next();
          },
        );
      },
      () => {
        if (errors.length) return ctx.fail(errors.join('\n'));
        for (const t of targets) {
          if (!t.info.subresources.includes('scale')) {
            return ctx.fail(
              `error: no scaler has been implemented for {"${t.info.group}" "${t.info.kind}"}`,
            );
          }
        }
        eachInOrder(
          targets,
          (t, next) =>
            ctx.request(
              {
                verb: 'patch',
                resource: t.info.plural,
                subresource: 'scale',
                namespace: ctx.namespace,
                name: t.name,
                patchType: 'merge',
                body: { spec: { replicas } },
              },
              (r) => {
                if (r.code >= 300) errors.push(apiError(r));
                else ctx.stdout(`${t.info.kubectlType}/${t.name} scaled\n`);
                next();
              },
            ),
          () => {
            if (errors.length) ctx.stderr(errors.join('\n') + '\n');
            ctx.finish(errors.length ? 1 : 0);
          },
        );
      },
    );
  },
};
