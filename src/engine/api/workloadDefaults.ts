/**
 * Defaulting of the workload kinds added for issue 14 (k/k: pkg/apis/apps/v1/defaults.go,
 * pkg/apis/batch/v1/defaults.go, pkg/apis/core/v1/defaults.go, v1.31). Called from
 * `applyDefaults`, which passes its pod template defaulting in (so this module does not import
 * it back); like it, mutates in place and never changes a field that is set.
 */
import type { KubeObject } from './types';

type Obj = Record<string, unknown>;

function def(o: Obj, k: string, v: unknown): void {
  if (o[k] === undefined || o[k] === null) o[k] = v;
}

function obj(parent: Obj, key: string): Obj {
  const v = parent[key];
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Obj;
  const created: Obj = {};
  parent[key] = created;
  return created;
}

/**
 * k/k: SetDefaults_DaemonSet — RollingUpdate with maxUnavailable 1 and maxSurge 0, ten
 * revisions of history.
 */
export function defaultDaemonSet(o: KubeObject, defaultTemplate: (spec: Obj) => void): void {
  const spec = obj(o as Obj, 'spec');
  const strategy = obj(spec, 'updateStrategy');
  def(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = obj(strategy, 'rollingUpdate');
    def(ru, 'maxUnavailable', 1);
    def(ru, 'maxSurge', 0);
  }
  def(spec, 'revisionHistoryLimit', 10);
  defaultTemplate(spec);
}

/**
 * k/k: SetDefaults_StatefulSet (v1.31) — OrderedReady, RollingUpdate with partition 0, one
 * replica, ten revisions, claims retained on delete and scale-down; each claim template gets
 * the PersistentVolumeClaim defaults (Filesystem) and the `Pending` phase the API stores.
 */
export function defaultStatefulSet(o: KubeObject, defaultTemplate: (spec: Obj) => void): void {
  const spec = obj(o as Obj, 'spec');
  def(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = obj(spec, 'updateStrategy');
  def(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') def(obj(strategy, 'rollingUpdate'), 'partition', 0);
  def(spec, 'replicas', 1);
  def(spec, 'revisionHistoryLimit', 10);
  const retention = obj(spec, 'persistentVolumeClaimRetentionPolicy');
  def(retention, 'whenDeleted', 'Retain');
  def(retention, 'whenScaled', 'Retain');
  for (const claim of (spec.volumeClaimTemplates ?? []) as Obj[]) {
    if (!claim || typeof claim !== 'object') continue;
    def(claim, 'apiVersion', 'v1');
    def(claim, 'kind', 'PersistentVolumeClaim');
    def(obj(claim, 'spec'), 'volumeMode', 'Filesystem');
    def(obj(claim, 'status'), 'phase', 'Pending');
  }
  defaultTemplate(spec);
}

/**
 * k/k: SetDefaults_CronJob — Allow, not suspended, three successful and one failed Job kept;
 * the job template's pod template gets the pod defaults.
 */
export function defaultCronJob(o: KubeObject, defaultTemplate: (spec: Obj) => void): void {
  const spec = obj(o as Obj, 'spec');
  def(spec, 'concurrencyPolicy', 'Allow');
  def(spec, 'suspend', false);
  def(spec, 'successfulJobsHistoryLimit', 3);
  def(spec, 'failedJobsHistoryLimit', 1);
  defaultTemplate(obj(obj(spec, 'jobTemplate'), 'spec'));
}
