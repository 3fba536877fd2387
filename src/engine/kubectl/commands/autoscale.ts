/**
 * hpa: `kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10` (k8s:
 * staging/src/k8s.io/kubectl/pkg/cmd/autoscale/autoscale.go, v1.31): reads the target, creates a
 * HorizontalPodAutoscaler named after it (`--name` to choose), prints
 * `horizontalpodautoscaler.autoscaling/<name> autoscaled`. kubectl v1.31 builds an
 * autoscaling/v1 object (`targetCPUUtilizationPercentage`); it is sent as the v2 object the API
 * server would store it as (api/hpa.ts hpaV1ToV2), which the API server defaults the same way.
 */
import { hpaV1ToV2 } from '../../api/hpa';
import type { KubeObject } from '../../api/types';
import { int, str, type FlagSpec } from '../flags';
import { apiError, type Command } from './context';
import { parseResourceArgs } from './resources';

const FLAGS: FlagSpec[] = [
  { name: 'min', type: 'int' },
  { name: 'max', type: 'int' },
  { name: 'cpu-percent', type: 'int' },
  { name: 'name', type: 'string' },
  { name: 'dry-run', type: 'string' },
  { name: 'filename', short: 'f', type: 'strings' },
];

/** What `autoscale` accepts (k8s: polymorphichelpers/canbeautoscaled.go). */
const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

export const autoscaleCommand: Command = {
  name: 'autoscale',
  flags: FLAGS,
  run(ctx) {
    const max = int(ctx.flags, 'max') ?? -1;
    const min = int(ctx.flags, 'min') ?? -1;
    const cpu = int(ctx.flags, 'cpu-percent') ?? -1;
    if (max < 1)
      return ctx.fail(`error: --max=MAXPODS is required and must be at least 1, max: ${max}`);
    if (max < min)
      return ctx.fail(
        `error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`,
      );
    if (ctx.args.length === 0)
      return ctx.fail(
        `error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`,
      );
    const parsed = parseResourceArgs(ctx.args, ctx.discovery());
    if ('error' in parsed) return ctx.fail(parsed.error);
    const req = parsed[0];
    const name = req?.names[0];
    if (!req || !name)
      return ctx.fail('error: resource(s) were provided, but no name was specified');
    const info = req.info;
    if (!SCALABLE.has(info.kind))
      return ctx.fail(`error: cannot autoscale a ${info.kind}: cannot autoscale a ${info.kind}`);
    ctx.request({ verb: 'get', resource: info.plural, namespace: ctx.namespace, name }, (got) => {
      if (got.code !== 200) return ctx.fail(apiError(got));
      const target = got.body as KubeObject;
      const hpaName = str(ctx.flags, 'name') || name;
      const v1: KubeObject = {
        apiVersion: 'autoscaling/v1',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: hpaName, namespace: ctx.namespace },
        spec: {
          scaleTargetRef: { apiVersion: target.apiVersion, kind: target.kind, name },
          ...(min >= 0 ? { minReplicas: min } : {}),
          maxReplicas: max,
          ...(cpu >= 0 ? { targetCPUUtilizationPercentage: cpu } : {}),
        },
      };
      const dryRun = str(ctx.flags, 'dry-run');
      const suffix =
        dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
      if (dryRun === 'client') {
        ctx.stdout(`horizontalpodautoscaler.autoscaling/${hpaName} autoscaled${suffix}\n`);
        return ctx.finish(0);
      }
      ctx.request(
        {
          verb: 'create',
          resource: 'horizontalpodautoscalers',
          namespace: ctx.namespace,
          body: hpaV1ToV2(v1),
          fieldManager: 'kubectl-autoscale',
          ...(dryRun === 'server' ? { dryRun: true } : {}),
        },
        (r) => {
          if (r.code >= 300) return ctx.fail(apiError(r));
          ctx.stdout(`horizontalpodautoscaler.autoscaling/${hpaName} autoscaled${suffix}\n`);
          ctx.finish(0);
        },
      );
    });
  },
};
