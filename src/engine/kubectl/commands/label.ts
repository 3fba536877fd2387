/**
 * `kubectl label` and `kubectl annotate`: `KEY=VALUE` to set, `KEY-` to remove, `--overwrite`,
 * on named objects, `-l SELECTOR` or `--all`; a merge PATCH of metadata per object.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/label/label.go, cmd/annotate/annotate.go
 */
import { resourceForKind } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import { bool, str, type FlagSpec } from '../flags';
import { apiError, eachInOrder, type Command, type CommandContext } from './context';
import { getNamedObjects, listObjects, parseResourceArgs } from './resources';

const FLAGS: FlagSpec[] = [
  { name: 'overwrite', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all', type: 'bool' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'filename', short: 'f', type: 'strings' },
  { name: 'list', type: 'bool' },
];

function makeCommand(kind: 'label' | 'annotate'): Command {
  return {
    name: kind,
    flags: FLAGS,
    run(ctx) {
      const changes = ctx.args.filter((a) => a.includes('=') || a.endsWith('-'));
      const resources = ctx.args.filter((a) => !changes.includes(a));
      const set = new Map<string, string>();
      const remove: string[] = [];
      for (const c of changes) {
        if (c.endsWith('-') && !c.includes('=')) remove.push(c.slice(0, -1));
        else set.set(c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1));
      }
      if (resources.length === 0) {
        return ctx.fail(
          `error: one or more resources must be specified as <resource> <name> or <resource>/<name>\nSee 'kubectl ${kind} -h' for help and examples`,
        );
      }
      if (changes.length === 0 && !bool(ctx.flags, 'list')) {
        return ctx.fail(
          `error: at least one ${kind === 'label' ? 'label' : 'annotation'} update is required\nSee 'kubectl ${kind} -h' for help and examples`,
        );
      }
      const parsed = parseResourceArgs(resources, ctx.discovery());
      if ('error' in parsed) return ctx.fail(parsed.error);
      const objects: KubeObject[] = [];
      const errors: string[] = [];
      eachInOrder(
        parsed,
        (req, next) => {
          if (req.names.length === 0) {
            const selector = str(ctx.flags, 'selector');
            if (!selector && !bool(ctx.flags, 'all')) {
              errors.push('error: resource(s) were provided, but no name was specified');
              return next();
            }
            return listObjects(
              ctx,
              req.info,
              {
                namespace: bool(ctx.flags, 'all-namespaces') ? undefined : ctx.namespace,
                labelSelector: selector,
              },
              (items) => {
                objects.push(...items);
                next();
              },
              (r) => {
                errors.push(apiError(r));
                next();
              },
            );
          }
          getNamedObjects(ctx, req.info, req.names, (o) => objects.push(o), errors, next);
        },
        () => {
          eachInOrder(
            objects,
            (obj, next) => apply(ctx, kind, obj, set, remove, errors, next),
            () => {
              if (errors.length) ctx.stderr(errors.join('\n') + '\n');
              ctx.finish(errors.length ? 1 : 0);
            },
          );
        },
      );
    },
  };
}

function apply(
  ctx: CommandContext,
  kind: 'label' | 'annotate',
  obj: KubeObject,
  set: Map<string, string>,
  remove: string[],
  errors: string[],
  next: () => void,
): void {
  const field = kind === 'label' ? 'labels' : 'annotations';
  const current: Record<string, string> = { ...(obj.metadata?.[field] ?? {}) };
  const overwrite = bool(ctx.flags, 'overwrite');
  const type = obj.kind ? lookupType(obj) : '';
  const ref = `${type}/${obj.metadata?.name}`;
  if (bool(ctx.flags, 'list')) {
    for (const [k, v] of Object.entries(current)) ctx.stdout(`${k}=${v}\n`);
    return next();
  }
  if (!overwrite) {
    const conflicts = [...set].filter(([k, v]) => k in current && current[k] !== v);
    if (conflicts.length) {
      errors.push(
        kind === 'label'
          ? `error: '${conflicts[0][0]}' already has a value (${current[conflicts[0][0]]}), and --overwrite is false`
          : `error: --overwrite is false but found the following declared annotation(s): ${conflicts
              .map(([k]) => `'${k}' already has a value (${current[k]})`)
              .join('; ')}`,
      );
      return next();
    }
  }
  const patch: Record<string, string | null> = {};
  const before = JSON.stringify(current);
  for (const k of remove) {
    if (!(k in current)) {
      if (kind === 'label') ctx.stdout(`label "${k}" not found.\n`);
      continue;
    }
    delete current[k];
    patch[k] = null;
  }
  for (const [k, v] of set) {
    current[k] = v;
    patch[k] = v;
  }
  const changed = before !== JSON.stringify(current);
  // k8s: label.go updateDataChangeMsg
  let msg = kind === 'label' ? 'not labeled' : 'annotated';
  if (kind === 'label' && changed) {
    msg =
      !overwrite && Object.keys(current).length < Object.keys(JSON.parse(before)).length
        ? 'unlabeled'
        : 'labeled';
  }
  if (!changed) {
    ctx.stdout(`${ref} ${msg}\n`);
    return next();
  }
  ctx.request(
    {
      verb: 'patch',
      resource: pluralOf(obj),
      namespace: obj.metadata?.namespace,
      name: obj.metadata?.name,
      patchType: 'merge',
      body: { metadata: { [field]: patch } },
    },
    (r) => {
      if (r.code >= 300) errors.push(apiError(r));
      else ctx.stdout(`${ref} ${msg}\n`);
      next();
    },
  );
}

function lookupType(obj: KubeObject): string {
  return resourceForKind(obj.kind ?? '')?.kubectlType ?? (obj.kind ?? '').toLowerCase();
}

function pluralOf(obj: KubeObject): string {
  return resourceForKind(obj.kind ?? '')?.plural ?? '';
}

export const labelCommand = makeCommand('label');
export const annotateCommand = makeCommand('annotate');
