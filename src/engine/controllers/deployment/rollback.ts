/**
 * Rollout history and rollback of a Deployment, as kubectl computes them from its ReplicaSets
 * (k/k: staging/src/k8s.io/kubectl/pkg/polymorphichelpers/history.go and rollback.go).
 */
import { clone } from '../../apiserver/patch';
import type { Deployment, PodTemplateSpec, ReplicaSet } from '../../api/types';
import type { Stored } from '../../api/stored';
import { controllerOf } from '../controllerUtils';
import {
  ANNOTATIONS_TO_SKIP,
  CHANGE_CAUSE_ANNOTATION,
  equalIgnoreHash,
  POD_TEMPLATE_HASH_LABEL,
  revisionOf,
} from './util';

/** One revision of a Deployment, as `kubectl rollout history` lists it. */
export interface RolloutRevision {
  revision: number;
  replicaSet: string;
  /** The `kubernetes.io/change-cause` annotation, or undefined (`<none>`). */
  changeCause?: string;
  template: PodTemplateSpec;
}

/**
 * The revisions of a Deployment, oldest first, from the ReplicaSets it controls
 * (kubectl: polymorphichelpers DeploymentHistoryViewer).
 */
export function rolloutHistory(
  deployment: Deployment,
  replicaSets: Stored<ReplicaSet>[],
): RolloutRevision[] {
  const uid = deployment.metadata?.uid;
  return replicaSets
    .filter((rs) => controllerOf(rs)?.uid === uid && revisionOf(rs) > 0)
    .map((rs) => ({
      revision: revisionOf(rs),
      replicaSet: rs.metadata.name,
      changeCause: rs.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION],
      template: clone(rs.spec!.template!),
    }))
    .sort((a, b) => a.revision - b.revision);
}

/** What `kubectl rollout undo` should do. */
export type UndoPlan =
  | { template: PodTemplateSpec; annotations: Record<string, string>; revision: number }
  | { skipped: string }
  | { error: string };

/**
 * The template (hash label removed) and annotations `kubectl rollout undo [--to-revision=N]`
 * patches back into the Deployment; revision 0 means the previous one
 * (kubectl: polymorphichelpers/rollback.go DeploymentRollbacker). A `skipped` plan carries the
 * text kubectl prints after `deployment.apps/<name> `, an `error` plan the error text.
 */
export function templateForRevision(
  deployment: Deployment,
  replicaSets: Stored<ReplicaSet>[],
  toRevision = 0,
): UndoPlan {
  const history = rolloutHistory(deployment, replicaSets);
  let target: RolloutRevision | undefined;
  if (toRevision > 0) {
    target = history.find((h) => h.revision === toRevision);
    if (!target) return { error: `unable to find specified revision ${toRevision} in history` };
  } else {
    target = history.length >= 2 ? history[history.length - 2] : undefined;
    if (!target)
      return { error: `no rollout history found for deployment "${deployment.metadata?.name}"` };
  }
  if (equalIgnoreHash(target.template, deployment.spec?.template)) {
    return {
      skipped: `skipped rollback (current template already matches revision ${target.revision})`,
    };
  }
  const template = clone(target.template);
  if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(deployment.metadata?.annotations ?? {}))
    if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  const rs = replicaSets.find((x) => x.metadata?.name === target.replicaSet);
  for (const [k, v] of Object.entries(rs?.metadata?.annotations ?? {}))
    if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  return { template, annotations, revision: target.revision };
}
