/**
 * `kubectl taint nodes NODE KEY[=VALUE]:EFFECT` (add), `KEY[:EFFECT]-` (remove), `--overwrite`:
 * a PATCH of spec.taints, then `node/NODE tainted|untainted|modified`.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/taint/taint.go, utils.go
 */
import type { Node, Taint } from '../../api/types';
import { bool, str, type FlagSpec } from '../flags';
import { apiError, eachInOrder, type Command } from './context';
import { getNamedObjects, listObjects, lookupResource } from './resources';

const FLAGS: FlagSpec[] = [
  { name: 'overwrite', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all', type: 'bool' },
];

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

interface TaintSpec {
  key: string;
  value?: string;
  effect?: string;
}

/** parseTaints: `k=v:NoSchedule` to add, `k:NoSchedule-` / `k-` to remove. */
export function parseTaintSpecs(
  specs: string[],
): { add: TaintSpec[]; remove: TaintSpec[] } | { error: string } {
  const add: TaintSpec[] = [];
  const remove: TaintSpec[] = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const body = spec.slice(0, -1);
      // kubectl removes by key and effect; a value in the spec is ignored (`k=v:NoSchedule-`).
      const [kv, effect] = body.split(':');
      const key = kv.split('=')[0];
      if (effect && !EFFECTS.includes(effect)) {
        return { error: `invalid taint effect: ${effect}, unsupported taint effect` };
      }
      remove.push({ key, effect });
      continue;
    }
    const colon = spec.lastIndexOf(':');
    if (colon < 0) return { error: `invalid taint spec: ${spec}, unknown taint spec: ${spec}` };
    const kv = spec.slice(0, colon);
    const effect = spec.slice(colon + 1);
    if (!EFFECTS.includes(effect)) {
      return {
        error: `invalid taint spec: ${spec}, invalid taint effect: ${effect}, unsupported taint effect`,
      };
    }
    const eq = kv.indexOf('=');
    add.push(
      eq < 0 ? { key: kv, effect } : { key: kv.slice(0, eq), value: kv.slice(eq + 1), effect },
    );
  }
  return { add, remove };
}

export const taintCommand: Command = {
  name: 'taint',
  flags: FLAGS,
  run(ctx) {
    const [type, ...rest] = ctx.args;
    const info = type ? lookupResource(type.split('/')[0]) : undefined;
    if (!type) {
      return ctx.fail(
        `error: at least one taint update is required\nSee 'kubectl taint -h' for help and examples`,
      );
    }
    if (!info)
      return ctx.fail(`error: the server doesn't have a resource type "${type.split('/')[0]}"`);
    if (info.kind !== 'Node') {
      return ctx.fail(`error: invalid resource type ${type}, only node types are supported`);
    }
    const names: string[] = [];
    const specs: string[] = [];
    if (type.includes('/')) names.push(type.slice(type.indexOf('/') + 1));
    for (const a of rest) {
      if (a.includes(':') || a.includes('=') || a.endsWith('-')) specs.push(a);
      else names.push(a);
    }
    if (specs.length === 0) {
      return ctx.fail(
        `error: at least one taint update is required\nSee 'kubectl taint -h' for help and examples`,
      );
    }
    const parsed = parseTaintSpecs(specs);
    if ('error' in parsed) return ctx.fail(`error: ${parsed.error}`);
    const nodes: Node[] = [];
    const errors: string[] = [];
    const proceed = () =>
      eachInOrder(
        nodes,
        (node, next) => {
          const name = node.metadata?.name ?? '';
          const taints: Taint[] = [...(node.spec?.taints ?? [])];
          const overwrite = bool(ctx.flags, 'overwrite');
          if (!overwrite) {
            const exists = parsed.add.filter((t) =>
              taints.some((x) => x.key === t.key && x.effect === t.effect),
            );
            if (exists.length) {
              errors.push(
                `error: node ${name} already has ${exists.map((t) => t.key).join(',')} taint(s) with same effect(s) and --overwrite is false`,
              );
              return next();
            }
          }
          let next2 = taints.slice();
          for (const r of parsed.remove) {
            const before = next2.length;
            next2 = next2.filter((t) => !(t.key === r.key && (!r.effect || t.effect === r.effect)));
            if (next2.length === before) {
              errors.push(`error: taint "${r.key}${r.effect ? ':' + r.effect : ''}" not found`);
              return next();
            }
          }
          for (const a of parsed.add) {
            const t: Taint = { key: a.key, effect: a.effect! };
            if (a.value) t.value = a.value;
            const i = next2.findIndex((x) => x.key === a.key && x.effect === a.effect);
            if (i >= 0) next2[i] = t;
            else next2.push(t);
          }
          const op =
            parsed.remove.length === 0
              ? 'tainted'
              : parsed.add.length === 0
                ? 'untainted'
                : 'modified';
          ctx.request(
            {
              verb: 'patch',
              resource: 'nodes',
              name,
              patchType: 'merge',
              body: { spec: { taints: next2.length ? next2 : null } },
            },
            (r) => {
              if (r.code >= 300) errors.push(apiError(r));
              else ctx.stdout(`node/${name} ${op}\n`);
              next();
            },
          );
        },
        () => {
          if (errors.length) ctx.stderr(errors.join('\n') + '\n');
          ctx.finish(errors.length ? 1 : 0);
        },
      );
    const selector = str(ctx.flags, 'selector');
    if (names.length === 0) {
      if (!selector && !bool(ctx.flags, 'all')) {
        return ctx.fail(`error: resource(s) were provided, but no name was specified`);
      }
      return listObjects(
        ctx,
        info,
        { labelSelector: selector },
        (items) => {
          nodes.push(...(items as Node[]));
          proceed();
        },
        (r) => ctx.fail(apiError(r)),
      );
    }
    // Nodes are cluster-scoped: the GET leaves the namespace out.
    getNamedObjects(ctx, info, names, (n) => nodes.push(n as Node), errors, proceed);
  },
};
