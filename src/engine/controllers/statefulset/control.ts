/**
 * k/k: pkg/controller/statefulset/stateful_set_control.go updateStatefulSet — one sync of a
 * StatefulSet's pods: create the missing ordinals (with their claims) lowest first, replace
 * failed pods, delete ordinals above the replica count highest first, then roll the update
 * revision from the highest ordinal down to the partition. With OrderedReady each step waits
 * for the one before it to be Running and Ready; with Parallel it does not.
 */
import type { ControllerRevision, Pod, StatefulSet } from '../../api/types';
import type { Named, Stored } from '../../api/stored';
import type { ApiCalls } from '../../client/calls';
import { all, type Co } from '../../client/coroutine';
import type { EventRecorder } from '../../client/events';
import { errorText } from '../controllerUtils';
import {
  allowsBurst,
  claimsFor,
  isCreated,
  isFailed,
  isHealthy,
  isRunningAndAvailable,
  isRunningAndReady,
  isSucceeded,
  isTerminating,
  newStatefulSetPod,
  ordinalOf,
  ordinalRange,
  podName,
  podRevision,
  templateOfRevision,
} from './utils';

export type STSStatus = NonNullable<StatefulSet['status']>;

/** What one sync needs besides the set: its pods, revisions, and how to act. */
export interface ControlCtx {
  api: ApiCalls;
  recorder: EventRecorder;
  nowMs: number;
  /** Claims that exist already, by name. */
  hasClaim(name: string): boolean;
  /** A pod create was sent: its name is taken until the informer shows it. */
  created(name: string): void;
}

export interface ControlResult {
  status: STSStatus;
  error?: string;
  requeueAfterMs?: number;
}

/** k/k: computeReplicaStatus over every pod the set controls. */
export function computeReplicaStatus(
  pods: Pod[],
  minReadySeconds: number,
  nowMs: number,
  current: string,
  update: string,
): Pick<
  STSStatus,
  'replicas' | 'readyReplicas' | 'availableReplicas' | 'currentReplicas' | 'updatedReplicas'
> {
  const s = {
    replicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
  };
  for (const pod of pods) {
    if (isCreated(pod)) s.replicas++;
    if (isRunningAndReady(pod)) {
      s.readyReplicas++;
      if (isRunningAndAvailable(pod, minReadySeconds, nowMs)) s.availableReplicas++;
    }
    if (isCreated(pod) && !isTerminating(pod)) {
      if (podRevision(pod) === current) s.currentReplicas++;
      if (podRevision(pod) === update) s.updatedReplicas++;
    }
  }
  return s;
}

function* createPod(
  ctx: ControlCtx,
  set: Stored<StatefulSet>,
  pod: Named<Pod>,
): Co<string | undefined> {
  const ns = set.metadata.namespace!;
  const setName = set.metadata.name;
  const name = pod.metadata.name;
  const ordinal = ordinalOf(set, pod);
  // k/k: createPersistentVolumeClaims — the claims first, so the pod finds them.
  for (const claim of claimsFor(set, ordinal)) {
    const claimName = claim.metadata.name;
    if (ctx.hasClaim(claimName)) continue;
    const r = yield* ctx.api.create('persistentvolumeclaims', ns, claim);
    if (r.code === 201) {
      ctx.recorder.event(
        set,
        'Normal',
        'SuccessfulCreate',
        `create Claim ${claimName} Pod ${name} in StatefulSet ${setName} success`,
      );
    } else if (r.code !== 409) {
      const err = errorText(r);
      ctx.recorder.event(
        set,
        'Warning',
        'FailedCreate',
        `create Claim ${claimName} for Pod ${name} in StatefulSet ${setName} failed error: ${err}`,
      );
      return err;
    }
  }
  ctx.created(name);
  const r = yield* ctx.api.create('pods', ns, pod);
  if (r.code === 201) {
    ctx.recorder.event(
      set,
      'Normal',
      'SuccessfulCreate',
      `create Pod ${name} in StatefulSet ${setName} successful`,
    );
    return undefined;
  }
  if (r.code === 409) return undefined;
  const err = errorText(r);
  ctx.recorder.event(
    set,
    'Warning',
    'FailedCreate',
    `create Pod ${name} in StatefulSet ${setName} failed error: ${err}`,
  );
  return err;
}

function* deletePod(
  ctx: ControlCtx,
  set: Stored<StatefulSet>,
  pod: Named<Pod>,
): Co<string | undefined> {
  const name = pod.metadata.name;
  const r = yield* ctx.api.delete('pods', set.metadata.namespace, name);
  const setName = set.metadata.name;
  if (r.code === 200 || r.code === 404) {
    if (r.code === 200)
      ctx.recorder.event(
        set,
        'Normal',
        'SuccessfulDelete',
        `delete Pod ${name} in StatefulSet ${setName} successful`,
      );
    return undefined;
  }
  const err = errorText(r);
  ctx.recorder.event(
    set,
    'Warning',
    'FailedDelete',
    `delete Pod ${name} in StatefulSet ${setName} failed error: ${err}`,
  );
  return err;
}

/**
 * One pass of updateStatefulSet. `pods` are the pods the set controls (claimed); `current` and
 * `update` the revisions of `status.currentRevision` and of the template now.
 */
export function* updateStatefulSet(
  ctx: ControlCtx,
  set: Stored<StatefulSet>,
  pods: Named<Pod>[],
  current: Stored<ControllerRevision>,
  update: Stored<ControllerRevision>,
): Co<ControlResult> {
  const currentName = current.metadata.name;
  const updateName = update.metadata.name;
  const minReady = set.spec?.minReadySeconds ?? 0;
  const [start, end] = ordinalRange(set);
  const partition =
    set.spec?.updateStrategy?.type === 'RollingUpdate'
      ? (set.spec.updateStrategy.rollingUpdate?.partition ?? 0)
      : Infinity;
  const byOrdinal = new Map<number, Named<Pod>>();
  const condemned: Named<Pod>[] = [];
  for (const pod of pods) {
    const ord = ordinalOf(set, pod);
    if (ord >= start && ord <= end) byOrdinal.set(ord, pod);
    else if (ord >= 0) condemned.push(pod);
  }
  condemned.sort((a, b) => ordinalOf(set, b) - ordinalOf(set, a));
  const status = (): STSStatus => {
    const counts = computeReplicaStatus(pods, minReady, ctx.nowMs, currentName, updateName);
    return {
      ...counts,
      currentRevision: currentName,
      updateRevision: updateName,
      collisionCount: set.status?.collisionCount ?? 0,
      observedGeneration: set.metadata?.generation,
    };
  };
  const monotonic = !allowsBurst(set);
  const done = (error?: string, requeueAfterMs?: number): ControlResult => ({
    status: status(),
    error,
    requeueAfterMs,
  });
  const burst: Named<Pod>[] = [];
  const flushBurst = function* (): Co<string | undefined> {
    const errs = yield* all(burst.map((p) => createPod(ctx, set, p)));
    return errs.find(Boolean);
  };

  // The replicas, lowest ordinal first (k/k: processReplica).
  for (let ord = start; ord <= end; ord++) {
    const pod = byOrdinal.get(ord);
    if (pod && (isFailed(pod) || isSucceeded(pod)) && !isTerminating(pod)) {
      // A failed pod is deleted and recreated under the same name.
      const err = yield* deletePod(ctx, set, pod);
      if (err || monotonic) return done(err);
      continue;
    }
    if (!pod) {
      const useCurrent = ord < partition && currentName !== updateName;
      const template = useCurrent ? templateOfRevision(set, current, update) : set.spec!.template;
      const fresh = newStatefulSetPod(set, template, useCurrent ? currentName : updateName, ord);
      if (!monotonic) {
        burst.push(fresh);
        continue;
      }
      return done(yield* createPod(ctx, set, fresh));
    }
    if (!monotonic) continue;
    // OrderedReady: wait until this ordinal is Running and Ready (and available) before the next.
    if (isTerminating(pod) || !isRunningAndReady(pod)) return done();
    if (!isRunningAndAvailable(pod, minReady, ctx.nowMs)) return done(undefined, minReady * 1000);
  }
  if (burst.length > 0) return done(yield* flushBurst());

  // Ordinals above the replica count go, highest first.
  for (const pod of condemned) {
    if (isTerminating(pod)) {
      if (monotonic) return done();
      continue;
    }
    if (monotonic) {
      const unhealthy = [...byOrdinal.values(), ...condemned].find((p) => !isHealthy(p));
      if (unhealthy && unhealthy !== pod) return done();
    }
    const err = yield* deletePod(ctx, set, pod);
    if (err || monotonic) return done(err);
  }
  if (set.spec?.updateStrategy?.type !== 'RollingUpdate') return done();

  // The rolling update: the highest ordinal not at the update revision is deleted (and
  // recreated from it by a later sync), one at a time, down to the partition.
  for (let ord = end; ord >= Math.max(start, partition); ord--) {
    const pod = byOrdinal.get(ord);
    if (!pod) return done();
    if (podRevision(pod) !== updateName && !isTerminating(pod)) {
      return done(yield* deletePod(ctx, set, pod));
    }
    if (!isHealthy(pod)) return done();
  }
  return done();
}

export { podName };
