/**
 * `kubectl set image deployment/web nginx=nginx:1.25` (`*=IMAGE` for every container): a
 * strategic-merge PATCH of the containers' images, then `deployment.apps/web image updated`.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/set/set_image.go
 */
import type { Container, KubeObject } from '../../api/types';
import { isStatus } from '../../apiserver/errors';
import type { FlagSpec } from '../flags';
import { apiError, eachInOrder, type Command, type CommandContext } from './context';
import { getObject, parseResourceArgs } from './resources';

const FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'strings' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all', type: 'bool' },
];

export const setCommand: Command = {
  name: 'set',
  flags: FLAGS,
  run(ctx) {
    const [sub, ...rest] = ctx.args;
    if (sub !== 'image') {
      return ctx.fail(
        sub
          ? `error: unknown command "${sub}" for "kubectl set"\nSee 'kubectl set -h' for help and examples`
          : 'error: Required subcommand not specified: use one of env, image, resources, selector, serviceaccount, subject',
      );
    }
    const specs = rest.filter((a) => a.includes('='));
    const resources = rest.filter((a) => !a.includes('='));
    if (specs.length === 0) {
      return ctx.fail(
        `error: at least one image update is required\nSee 'kubectl set image -h' for help and examples`,
      );
    }
    if (resources.length === 0) {
      return ctx.fail(
        `error: one or more resources must be specified as <resource> <name> or <resource>/<name>\nSee 'kubectl set image -h' for help and examples`,
      );
    }
    const images = new Map<string, string>();
    for (const s of specs) {
      const eq = s.indexOf('=');
      images.set(s.slice(0, eq), s.slice(eq + 1));
    }
    const parsed = parseResourceArgs(resources, ctx.discovery());
    if ('error' in parsed) return ctx.fail(parsed.error);
    const targets = parsed.flatMap((p) => p.names.map((name) => ({ info: p.info, name })));
    if (targets.length === 0) {
      return ctx.fail(
        `error: one or more resources must be specified as <resource> <name> or <resource>/<name>\nSee 'kubectl set image -h' for help and examples`,
      );
    }
    const errors: string[] = [];
    eachInOrder(
      targets,
      (t, next) =>
        getObject(
          ctx,
          t.info,
          ctx.namespace,
          t.name,
          (obj) =>
            update(
              ctx,
              obj,
              images,
              t.info.plural,
              `${t.info.kubectlType}/${t.name}`,
              errors,
              next,
            ),
          (r) => {
            errors.push(apiError(r));
            next();
          },
        ),
      () => {
        if (errors.length) ctx.stderr(errors.join('\n') + '\n');
        ctx.finish(errors.length ? 1 : 0);
      },
    );
  },
};

function update(
  ctx: CommandContext,
  obj: KubeObject,
  images: Map<string, string>,
  plural: string,
  ref: string,
  errors: string[],
  next: () => void,
): void {
  const isPod = obj.kind === 'Pod';
  const spec = (
    isPod ? obj.spec : (obj.spec as { template?: { spec?: unknown } })?.template?.spec
  ) as { containers?: Container[]; initContainers?: Container[] } | undefined;
  const containers = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
  const changed: { name: string; image: string; init: boolean }[] = [];
  for (const [name, image] of images) {
    const matches = name === '*' ? containers : containers.filter((c) => c.name === name);
    if (matches.length === 0) {
      errors.push(`error: unable to find container named "${name}"`);
      return next();
    }
    for (const c of matches) {
      if (c.image !== image) {
        changed.push({ name: c.name, image, init: (spec?.initContainers ?? []).includes(c) });
      }
    }
  }
  if (changed.length === 0) return next();
  const podSpec: Record<string, unknown> = {};
  const main = changed.filter((c) => !c.init).map(({ name, image }) => ({ name, image }));
  const init = changed.filter((c) => c.init).map(({ name, image }) => ({ name, image }));
  if (main.length) podSpec.containers = main;
  if (init.length) podSpec.initContainers = init;
  ctx.request(
    {
      verb: 'patch',
      resource: plural,
      namespace: obj.metadata?.namespace,
      name: obj.metadata?.name,
      patchType: 'strategic',
      body: isPod ? { spec: podSpec } : { spec: { template: { spec: podSpec } } },
    },
    (r) => {
      // set_image.go wraps a failed patch: `failed to patch image update to pod template: …`.
      if (r.code >= 300)
        errors.push(
          `error: failed to patch image update to pod template: ${isStatus(r.body) ? r.body.message : apiError(r)}`,
        );
      else ctx.stdout(`${ref} image updated\n`);
      next();
    },
  );
}
