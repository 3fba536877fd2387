/**
 * `kubectl rollout status|history|undo|restart` for the kinds whose history is kept in
 * ControllerRevisions: DaemonSet (and StatefulSet).
 * k8s: staging/src/k8s.io/kubectl/pkg/polymorphichelpers rollout_status.go
 * (DaemonSetStatusViewer), history.go (DaemonSetHistoryViewer, printHistory), rollback.go
 * (DaemonSetRollbacker), objectrestarter.go.
 */
import type { ResourceInfo } from '../../api/resources';
import type {
  ControllerRevision,
  DaemonSet,
  KubeObject,
  PodTemplateSpec,
  StatefulSet,
} from '../../api/types';
import { describePodTemplate } from '../describe/containers';
import { PrefixWriter } from '../describe/writer';
import { bool, int } from '../flags';
import { tabwrite } from '../table';
import { apiError, type CommandContext } from './context';
import { listObjects, lookupResource } from './resources';
import { durationFlag } from './stream';

const CHANGE_CAUSE = 'kubernetes.io/change-cause';

export type RevisionSub = 'status' | 'history' | 'undo' | 'restart';

/** The line `rollout status` prints for a DaemonSet, and whether the rollout is done. */
export function daemonSetStatusLine(ds: DaemonSet): {
  line: string;
  done: boolean;
  error?: string;
} {
  if (ds.spec?.updateStrategy?.type !== 'RollingUpdate') {
    return {
      line: '',
      done: true,
      error: 'rollout status is only available for RollingUpdate strategy type',
    };
  }
  const name = ds.metadata?.name ?? '';
  const st = ds.status;
  if ((ds.metadata?.generation ?? 0) <= (st?.observedGeneration ?? 0)) {
    const desired = st?.desiredNumberScheduled ?? 0;
    const updated = st?.updatedNumberScheduled ?? 0;
    if (updated < desired) {
      return {
        line: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...\n`,
        done: false,
      };
    }
    const available = st?.numberAvailable ?? 0;
    if (available < desired) {
      return {
        line: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...\n`,
        done: false,
      };
    }
    return { line: `daemon set "${name}" successfully rolled out\n`, done: true };
  }
  return { line: 'Waiting for daemon set spec update to be observed...\n', done: false };
}

/** The line `rollout status` prints for a StatefulSet (k8s: StatefulSetStatusViewer). */
export function statefulSetStatusLine(sts: StatefulSet): {
  line: string;
  done: boolean;
  error?: string;
} {
  const strategy = sts.spec?.updateStrategy;
  if (strategy?.type !== 'RollingUpdate') {
    return {
      line: '',
      done: true,
      error: 'rollout status is only available for RollingUpdate strategy type',
    };
  }
  const st = sts.status;
  if (!st?.observedGeneration || (sts.metadata?.generation ?? 0) > st.observedGeneration)
    return { line: 'Waiting for statefulset spec update to be observed...\n', done: false };
  const replicas = sts.spec?.replicas;
  if (replicas !== undefined && (st.readyReplicas ?? 0) < replicas)
    return {
      line: `Waiting for ${replicas - (st.readyReplicas ?? 0)} pods to be ready...\n`,
      done: false,
    };
  const partition = strategy.rollingUpdate?.partition;
  if (strategy.rollingUpdate) {
    if (
      replicas !== undefined &&
      partition !== undefined &&
      (st.updatedReplicas ?? 0) < replicas - partition
    ) {
      return {
        line: `Waiting for partitioned roll out to finish: ${st.updatedReplicas ?? 0} out of ${replicas - partition} new pods have been updated...\n`,
        done: false,
      };
    }
    return {
      line: `partitioned roll out complete: ${st.updatedReplicas ?? 0} new pods have been updated...\n`,
      done: true,
    };
  }
  if (st.updateRevision !== st.currentRevision) {
    return {
      line: `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision}...\n`,
      done: false,
    };
  }
  return {
    line: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision}...\n`,
    done: true,
  };
}

type StatusLine = (obj: KubeObject) => { line: string; done: boolean; error?: string };

const STATUS_LINES: Record<string, StatusLine> = {
  DaemonSet: (o) => daemonSetStatusLine(o as DaemonSet),
  StatefulSet: (o) => statefulSetStatusLine(o as StatefulSet),
};

/** Kinds this file serves. */
export function hasRevisionHistory(kind: string): boolean {
  return kind in STATUS_LINES;
}

/** Run `kubectl rollout <sub>` on a DaemonSet (or StatefulSet) already read from the API. */
export function rolloutWithRevisions(
  ctx: CommandContext,
  sub: RevisionSub,
  info: ResourceInfo,
  obj: KubeObject,
): void {
  switch (sub) {
    case 'status':
      return status(ctx, info, obj);
    case 'history':
      return history(ctx, info, obj);
    case 'undo':
      return undo(ctx, info, obj);
    case 'restart':
      return restart(ctx, info, obj);
  }
}

function status(ctx: CommandContext, info: ResourceInfo, obj: KubeObject): void {
  const lineOf = STATUS_LINES[info.kind];
  const check = (o: KubeObject): boolean => {
    const s = lineOf(o);
    if (s.error) {
      ctx.fail(`error: ${s.error}`);
      return true;
    }
    ctx.stdout(s.line);
    if (s.done) ctx.finish(0);
    return s.done;
  };
  if (check(obj)) return;
  if (!bool(ctx.flags, 'watch', true) || !ctx.canWatch) return ctx.finish(0);
  const timeout = durationFlag(ctx, 'timeout');
  if (timeout) ctx.after(timeout, () => ctx.fail('error: timed out waiting for the condition'));
  ctx.watch(
    {
      resource: info.plural,
      namespace: obj.metadata?.namespace,
      fieldSelector: `metadata.name=${obj.metadata?.name}`,
      resourceVersion: obj.metadata?.resourceVersion,
    },
    (ev) => {
      if (ev.type === 'DELETED') return ctx.fail('error: object has been deleted');
      if (ev.type === 'ADDED' || ev.type === 'MODIFIED') check(ev.object as KubeObject);
    },
    (r) => {
      if (r.code !== 200) ctx.fail(apiError(r));
    },
  );
}

/** The ControllerRevisions the object controls, oldest revision first (k8s: controlledHistories). */
function revisions(
  ctx: CommandContext,
  obj: KubeObject,
  cb: (crs: ControllerRevision[]) => void,
): void {
  listObjects(
    ctx,
    lookupResource('controllerrevisions')!,
    { namespace: obj.metadata?.namespace },
    (items) =>
      cb(
        (items as ControllerRevision[])
          .filter((cr) =>
            cr.metadata?.ownerReferences?.some((o) => o.controller && o.uid === obj.metadata?.uid),
          )
          .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0)),
      ),
    (r) => ctx.fail(apiError(r)),
  );
}

/** The template a revision recorded (its data is a strategic patch replacing spec.template). */
function templateOf(cr: ControllerRevision): PodTemplateSpec {
  const t = (cr.data as { spec?: { template?: Record<string, unknown> } })?.spec?.template ?? {};
  const { $patch: _, ...rest } = t;
  return rest as PodTemplateSpec;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function history(ctx: CommandContext, info: ResourceInfo, obj: KubeObject): void {
  const ref = `${info.kubectlType}/${obj.metadata?.name}`;
  const want = int(ctx.flags, 'revision') ?? 0;
  revisions(ctx, obj, (crs) => {
    if (crs.length === 0) {
      ctx.stdout(`${ref} \nNo rollout history found.\n`);
      return ctx.finish(0);
    }
    if (want > 0) {
      const found = crs.find((c) => c.revision === want);
      if (!found) return ctx.fail('error: unable to find the specified revision');
      const w = new PrefixWriter();
      describePodTemplate(w, templateOf(found));
      ctx.stdout(`${ref} with revision #${want}\n${w.toString()}\n`);
      return ctx.finish(0);
    }
    let text = 'REVISION\tCHANGE-CAUSE\n';
    for (const cr of crs)
      text += `${cr.revision ?? 0}\t${cr.metadata?.annotations?.[CHANGE_CAUSE] || '<none>'}\n`;
    ctx.stdout(`${ref} \n${tabwrite(text, { minwidth: 0, padding: 2 })}\n`);
    ctx.finish(0);
  });
}

function undo(ctx: CommandContext, info: ResourceInfo, obj: KubeObject): void {
  const name = obj.metadata?.name ?? '';
  const to = int(ctx.flags, 'to-revision') ?? 0;
  if (to < 0) return ctx.fail(`error: unable to find specified revision ${to} in history`);
  revisions(ctx, obj, (crs) => {
    if (to === 0 && crs.length <= 1) return ctx.fail('error: no last revision to roll back to');
    const target = to === 0 ? crs[crs.length - 2] : crs.find((c) => c.revision === to);
    if (!target) return ctx.fail(`error: unable to find specified revision ${to} in history`);
    const tmpl = templateOf(target);
    const spec = (obj.spec ?? {}) as { template?: PodTemplateSpec };
    if (canonical(tmpl) === canonical(spec.template)) {
      ctx.stdout(
        `${info.kubectlType}/${name} skipped rollback (current template already matches revision ${target.revision})\n`,
      );
      return ctx.finish(0);
    }
    const next = JSON.parse(JSON.stringify(obj)) as KubeObject & {
      spec: { template: PodTemplateSpec };
    };
    next.spec.template = tmpl;
    ctx.request(
      {
        verb: 'update',
        resource: info.plural,
        namespace: obj.metadata?.namespace,
        name,
        body: next,
      },
      (r) => {
        if (r.code >= 300)
          return ctx.fail(
            `error: failed restoring revision ${target.revision}: ${apiError(r).replace(/^Error from server[^:]*: /, '')}`,
          );
        ctx.stdout(`${info.kubectlType}/${name} rolled back\n`);
        ctx.finish(0);
      },
    );
  });
}

/** RFC 3339 with seconds, as Go's time.Now().Format(time.RFC3339) prints UTC. */
function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function restart(ctx: CommandContext, info: ResourceInfo, obj: KubeObject): void {
  const name = obj.metadata?.name ?? '';
  ctx.request(
    {
      verb: 'patch',
      resource: info.plural,
      namespace: obj.metadata?.namespace,
      name,
      body: {
        spec: {
          template: {
            metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': rfc3339(ctx.now) } },
          },
        },
      },
      patchType: 'strategic',
    },
    (r) => {
      if (r.code >= 300) return ctx.fail(apiError(r));
      ctx.stdout(`${info.kubectlType}/${name} restarted\n`);
      ctx.finish(0);
    },
  );
}
