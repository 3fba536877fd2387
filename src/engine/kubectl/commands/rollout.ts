/**
 * `kubectl rollout status|history|undo|restart|pause|resume deployment/NAME`.
 * k8s: staging/src/k8s.io/kubectl/pkg/cmd/rollout/*.go, pkg/polymorphichelpers (history.go,
 * rollback.go, rollout_status.go, objectrestarter.go, objectpauser.go, objectresumer.go)
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { KubeObject, PodTemplateSpec } from '../../api/types';
import { describePodTemplate } from '../describe/containers';
import { PrefixWriter } from '../describe/writer';
import { bool, int, type FlagSpec } from '../flags';
import { tabwrite } from '../table';
import { apiError, type Command, type CommandContext } from './context';
import { getObject, listObjects, lookupResource, singleResource } from './resources';
import { durationFlag } from './stream';
// workloads:
import { hasRevisionHistory, rolloutWithRevisions, type RevisionSub } from './rolloutRevisions';

const FLAGS: FlagSpec[] = [
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'timeout', type: 'string' },
  { name: 'revision', type: 'int' },
  { name: 'to-revision', type: 'int' },
  { name: 'filename', short: 'f', type: 'strings' },
];

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const HASH_LABEL = 'pod-template-hash';

type Sub = 'status' | 'history' | 'undo' | 'restart' | 'pause' | 'resume';
const SUBS: Sub[] = ['history', 'pause', 'restart', 'resume', 'status', 'undo'];

export const rolloutCommand: Command = {
  name: 'rollout',
  flags: FLAGS,
  run(ctx) {
    const [sub, ...rest] = ctx.args;
    if (!sub || !SUBS.includes(sub as Sub)) {
      return ctx.fail(
        sub
          ? `error: unknown command "${sub}" for "kubectl rollout"\nSee 'kubectl rollout -h' for help and examples`
          : `error: Required subcommand not specified: use one of ${SUBS.join(', ')}`,
      );
    }
    if (rest.length === 0) {
      return ctx.fail(
        `error: required resource not specified\nSee 'kubectl rollout ${sub} -h' for help and examples`,
      );
    }
    const target = singleResource(rest);
    if ('error' in target)
      return ctx.fail(target.error.startsWith('error:') ? target.error : `error: ${target.error}`);
    const { info, name } = target;
    // workloads: DaemonSets (and StatefulSets) keep their history in ControllerRevisions.
    if (hasRevisionHistory(info.kind) && sub !== 'pause' && sub !== 'resume') {
      return getObject(
        ctx,
        info,
        ctx.namespace,
        name,
        (obj) => rolloutWithRevisions(ctx, sub as RevisionSub, info, obj),
        (r) => ctx.fail(apiError(r)),
      );
    }
    if (info.kind !== 'Deployment') {
      const what: Record<Sub, string> = {
        status: `error: no status viewer has been implemented for ${info.kind}`,
        history: `error: no history viewer has been implemented for "${info.kind}"`,
        undo: `error: no rollbacker has been implemented for "${info.kind}"`,
        restart: `error: ${info.kubectlType}/${name} restarting is not supported`,
        pause: `error: ${info.kubectlType}/${name} pausing is not supported`,
        resume: `error: ${info.kubectlType}/${name} resuming is not supported`,
      };
      return ctx.fail(what[sub as Sub]);
    }
    getObject(
      ctx,
      info,
      ctx.namespace,
      name,
      (obj) => {
        const d = obj as unknown as Deployment;
        switch (sub as Sub) {
          case 'status':
            return status(ctx, d);
          case 'history':
            return history(ctx, d);
          case 'undo':
            return undo(ctx, d);
          case 'restart':
            return restart(ctx, d);
          case 'pause':
          case 'resume':
            return pauseResume(ctx, d, sub === 'pause');
        }
      },
      (r) => ctx.fail(apiError(r)),
    );
  },
};

/** deploymentutil Status: the line `rollout status` prints and whether the rollout is done. */
export function rolloutStatusLine(d: Deployment): { line: string; done: boolean; error?: string } {
  const name = d.metadata?.name ?? '';
  const st = d.status ?? {};
  if ((d.metadata?.generation ?? 0) <= (st.observedGeneration ?? 0)) {
    const progressing = st.conditions?.find((c) => c.type === 'Progressing');
    if (progressing?.reason === 'ProgressDeadlineExceeded') {
      return { line: '', done: true, error: `deployment "${name}" exceeded its progress deadline` };
    }
    const want = d.spec?.replicas ?? 1;
    const updated = st.updatedReplicas ?? 0;
    if (updated < want) {
      return {
        line: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...\n`,
        done: false,
      };
    }
    if ((st.replicas ?? 0) > updated) {
      return {
        line: `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`,
        done: false,
      };
    }
    if ((st.availableReplicas ?? 0) < updated) {
      return {
        line: `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`,
        done: false,
      };
    }
    return { line: `deployment "${name}" successfully rolled out\n`, done: true };
  }
  return { line: 'Waiting for deployment spec update to be observed...\n', done: false };
}

function status(ctx: CommandContext, d: Deployment): void {
  const check = (dep: Deployment): boolean => {
    const s = rolloutStatusLine(dep);
    if (s.error) {
      ctx.fail(`error: ${s.error}`);
      return true;
    }
    ctx.stdout(s.line);
    if (s.done) ctx.finish(0);
    return s.done;
  };
  if (check(d)) return;
  if (!bool(ctx.flags, 'watch', true) || !ctx.canWatch) return ctx.finish(0);
  const timeout = durationFlag(ctx, 'timeout');
  if (timeout) ctx.after(timeout, () => ctx.fail('error: timed out waiting for the condition'));
  ctx.watch(
    {
      resource: 'deployments',
      namespace: d.metadata?.namespace,
      fieldSelector: `metadata.name=${d.metadata?.name}`,
      resourceVersion: d.metadata?.resourceVersion,
    },
    (ev) => {
      if (ev.type === 'DELETED') return ctx.fail('error: object has been deleted');
      if (ev.type === 'ADDED' || ev.type === 'MODIFIED') check(ev.object as unknown as Deployment);
    },
    (r) => {
      if (r.code !== 200) ctx.fail(apiError(r));
    },
  );
}

/** The ReplicaSets a Deployment controls, with their revisions. */
function revisions(
  ctx: CommandContext,
  d: Deployment,
  cb: (rs: { rev: number; rs: ReplicaSet }[]) => void,
): void {
  listObjects(
    ctx,
    lookupResource('replicasets')!,
    { namespace: d.metadata?.namespace },
    (items) => {
      const owned = (items as unknown as ReplicaSet[])
        .filter((rs) =>
          rs.metadata?.ownerReferences?.some((o) => o.controller && o.uid === d.metadata?.uid),
        )
        .map((rs) => ({ rev: Number(rs.metadata?.annotations?.[REVISION] ?? NaN), rs }))
        .filter((x) => Number.isInteger(x.rev))
        .sort((a, b) => a.rev - b.rev);
      cb(owned);
    },
    (r) => ctx.fail(apiError(r)),
  );
}

function history(ctx: CommandContext, d: Deployment): void {
  const ref = `deployment.apps/${d.metadata?.name}`;
  const want = int(ctx.flags, 'revision') ?? 0;
  revisions(ctx, d, (revs) => {
    if (want > 0) {
      const found = revs.find((r) => r.rev === want);
      if (!found) return ctx.fail(`error: unable to find the specified revision`);
      const w = new PrefixWriter();
      describePodTemplate(w, found.rs.spec?.template as PodTemplateSpec);
      ctx.stdout(`${ref} with revision #${want}\n${w.toString()}\n`);
      return ctx.finish(0);
    }
    if (revs.length === 0) {
      ctx.stdout(`${ref} \nNo rollout history found.\n`);
      return ctx.finish(0);
    }
    let text = 'REVISION\tCHANGE-CAUSE\n';
    for (const { rev, rs } of revs) {
      text += `${rev}\t${rs.metadata?.annotations?.[CHANGE_CAUSE] || '<none>'}\n`;
    }
    // k8s: history.go tabbedString — tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)
    ctx.stdout(`${ref} \n${tabwrite(text, { minwidth: 0, padding: 2 })}\n`);
    ctx.finish(0);
  });
}

function withoutHash(t: PodTemplateSpec | undefined): string {
  const copy = JSON.parse(JSON.stringify(t ?? {})) as PodTemplateSpec;
  if (copy.metadata?.labels) delete copy.metadata.labels[HASH_LABEL];
  return JSON.stringify(copy);
}

function undo(ctx: CommandContext, d: Deployment): void {
  const name = d.metadata?.name ?? '';
  if (d.spec?.paused) {
    return ctx.fail(
      `error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${name}' and try again`,
    );
  }
  const to = int(ctx.flags, 'to-revision') ?? 0;
  revisions(ctx, d, (revs) => {
    let target: { rev: number; rs: ReplicaSet } | undefined;
    if (to > 0) {
      target = revs.find((r) => r.rev === to);
      if (!target) return ctx.fail(`error: unable to find specified revision ${to} in history`);
    } else {
      target = revs.length >= 2 ? revs[revs.length - 2] : undefined;
      if (!target) return ctx.fail(`error: no rollout history found for deployment "${name}"`);
    }
    const tmpl = target.rs.spec?.template as PodTemplateSpec;
    if (withoutHash(tmpl) === withoutHash(d.spec?.template as PodTemplateSpec)) {
      ctx.stdout(
        `deployment.apps/${name} skipped rollback (current template already matches revision ${target.rev})\n`,
      );
      return ctx.finish(0);
    }
    const next = JSON.parse(JSON.stringify(d)) as KubeObject & {
      spec: { template: PodTemplateSpec };
    };
    next.spec.template = JSON.parse(withoutHash(tmpl));
    const skip = new Set([
      REVISION,
      'deployment.kubernetes.io/revision-history',
      'deployment.kubernetes.io/desired-replicas',
      'deployment.kubernetes.io/max-replicas',
      'kubectl.kubernetes.io/last-applied-configuration',
    ]);
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries(d.metadata?.annotations ?? {}))
      if (skip.has(k)) annotations[k] = v;
    for (const [k, v] of Object.entries(target.rs.metadata?.annotations ?? {}))
      if (!skip.has(k)) annotations[k] = v;
    next.metadata = { ...next.metadata, annotations };
    ctx.request(
      {
        verb: 'update',
        resource: 'deployments',
        namespace: d.metadata?.namespace,
        name,
        body: next,
      },
      (r) => {
        if (r.code >= 300) return ctx.fail(apiError(r));
        ctx.stdout(`deployment.apps/${name} rolled back\n`);
        ctx.finish(0);
      },
    );
  });
}

/** RFC 3339 with seconds, as Go's time.Now().Format(time.RFC3339) prints UTC. */
function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function restart(ctx: CommandContext, d: Deployment): void {
  const name = d.metadata?.name ?? '';
  if (d.spec?.paused) {
    return ctx.fail(
      `error: deployments.apps "${name}" can't restart paused deployment (run rollout resume first)`,
    );
  }
  patchDeployment(
    ctx,
    d,
    {
      spec: {
        template: {
          metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': rfc3339(ctx.now) } },
        },
      },
    },
    'restarted',
  );
}

function pauseResume(ctx: CommandContext, d: Deployment, pause: boolean): void {
  const name = d.metadata?.name ?? '';
  if (pause && d.spec?.paused)
    return ctx.fail(`error: deployments.apps "${name}" is already paused`);
  if (!pause && !d.spec?.paused) return ctx.fail(`error: deployments.apps "${name}" is not paused`);
  patchDeployment(ctx, d, { spec: { paused: pause ? true : null } }, pause ? 'paused' : 'resumed');
}

function patchDeployment(ctx: CommandContext, d: Deployment, body: unknown, verb: string): void {
  const name = d.metadata?.name ?? '';
  ctx.request(
    {
      verb: 'patch',
      resource: 'deployments',
      namespace: d.metadata?.namespace,
      name,
      body,
      patchType: 'strategic',
    },
    (r) => {
      if (r.code >= 300) return ctx.fail(apiError(r));
      ctx.stdout(`deployment.apps/${name} ${verb}\n`);
      ctx.finish(0);
    },
  );
}
