import { describe, expect, it } from 'vitest';
import type { Deployment, Pod, ReplicaSet } from '../../api/types';
import type { Cluster } from '../../cluster';
import { rolloutHistory, templateForRevision } from './rollback';
import { computeHash, resolveFenceposts } from './util';
import {
  activePods,
  advanceUntil,
  createObject,
  eventsFrom,
  isReady,
  objectsOf,
  startCluster,
} from '../../testing/testCluster';

const HASH = /^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/;

const deployment = (replicas: number, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}${extra}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx:1.27}]
`;

const getDeployment = (c: Cluster) => objectsOf<Deployment>(c, 'Deployment')[0];
const replicaSets = (c: Cluster) => objectsOf<ReplicaSet>(c, 'ReplicaSet');

function patch(c: Cluster, body: unknown): void {
  const r = c.requestSync({
    verb: 'patch',
    resource: 'deployments',
    namespace: 'default',
    name: 'web',
    body,
  });
  expect(r.code).toBe(200);
}

const setImage = (c: Cluster, image: string) =>
  patch(c, { spec: { template: { spec: { containers: [{ name: 'nginx', image }] } } } });

/** Rolled out: every replica updated and available, observed. */
function rolledOut(c: Cluster, replicas: number): boolean {
  const d = getDeployment(c);
  const s = d.status ?? {};
  return (
    s.observedGeneration === d.metadata!.generation &&
    s.updatedReplicas === replicas &&
    s.availableReplicas === replicas &&
    s.replicas === replicas
  );
}

describe('deployment arithmetic', () => {
  it('rounds maxSurge up and maxUnavailable down, and never lets both be 0', () => {
    expect(resolveFenceposts('25%', '25%', 10)).toEqual([3, 2]);
    expect(resolveFenceposts('25%', '25%', 3)).toEqual([1, 0]);
    expect(resolveFenceposts(0, 0, 5)).toEqual([0, 1]);
    expect(resolveFenceposts('0%', '0%', 5)).toEqual([0, 1]);
    expect(resolveFenceposts(2, '50%', 5)).toEqual([2, 2]);
  });

  it('hashes a template into the SafeEncodeString alphabet, stably', () => {
    const t = {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
    };
    expect(computeHash(t)).toMatch(HASH);
    expect(computeHash(JSON.parse(JSON.stringify(t)))).toBe(computeHash(t));
    expect(computeHash(t, 1)).not.toBe(computeHash(t));
  });
});

describe('DeploymentController', () => {
  it('runs 3 nginx replicas through one ReplicaSet web-<hash>, with status, conditions and events', () => {
    const c = startCluster();
    expect(createObject(c, deployment(3)).code).toBe(201);
    expect(advanceUntil(c, () => rolledOut(c, 3))).toBe(true);
    const [rs] = replicaSets(c);
    expect(replicaSets(c)).toHaveLength(1);
    const name = rs.metadata!.name!;
    const hash = name.slice('web-'.length);
    expect(hash).toMatch(HASH);
    expect(rs.metadata!.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec!.selector!.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.metadata!.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(rs.metadata!.ownerReferences?.[0]).toMatchObject({
      kind: 'Deployment',
      name: 'web',
      controller: true,
      blockOwnerDeletion: true,
    });
    const pods = activePods(c);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata!.name).toMatch(new RegExp(`^${name}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.status?.phase).toBe('Running');
    }
    const d = getDeployment(c);
    expect(d.metadata!.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(d.status).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(d.status?.unavailableReplicas).toBeUndefined();
    expect(d.status?.conditions?.map((x) => [x.type, x.status, x.reason, x.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      [
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        `ReplicaSet "${name}" has successfully progressed.`,
      ],
    ]);
    expect(eventsFrom(c, 'deployment-controller')).toEqual([
      `ScalingReplicaSet: Scaled up replica set ${name} from 0 to 3`,
    ]);
  });

  it('scales to 5 and back to 1 through the same ReplicaSet', () => {
    const c = startCluster();
    createObject(c, deployment(3));
    advanceUntil(c, () => rolledOut(c, 3));
    patch(c, { spec: { replicas: 5 } });
    expect(advanceUntil(c, () => rolledOut(c, 5))).toBe(true);
    expect(activePods(c)).toHaveLength(5);
    patch(c, { spec: { replicas: 1 } });
    expect(advanceUntil(c, () => rolledOut(c, 1) && objectsOf(c, 'Pod').length === 1)).toBe(true);
    const name = replicaSets(c)[0].metadata!.name;
    expect(replicaSets(c)).toHaveLength(1);
    expect(eventsFrom(c, 'deployment-controller')).toEqual([
      `ScalingReplicaSet: Scaled up replica set ${name} from 0 to 3`,
      `ScalingReplicaSet: Scaled up replica set ${name} from 3 to 5`,
      `ScalingReplicaSet: Scaled down replica set ${name} from 5 to 1`,
    ]);
  });

  it('rolls a new image out without exceeding replicas+maxSurge pods or dropping below replicas-maxUnavailable', () => {
    const c = startCluster();
    createObject(c, deployment(10));
    advanceUntil(c, () => rolledOut(c, 10));
    const first = replicaSets(c)[0].metadata!.name!;
    setImage(c, 'nginx:1.26');
    let maxPods = 0;
    let minAvailable = Infinity;
    const done = advanceUntil(
      c,
      () => {
        const pods = activePods(c);
        maxPods = Math.max(maxPods, pods.length);
        minAvailable = Math.min(minAvailable, pods.filter(isReady).length);
        return replicaSets(c).length === 2 && rolledOut(c, 10) && pods.length === 10;
      },
      120_000,
      100,
    );
    expect(done).toBe(true);
    expect(maxPods).toBe(13);
    expect(minAvailable).toBeGreaterThanOrEqual(8);
    const next = replicaSets(c).find((rs) => rs.metadata!.name !== first)!;
    expect(next.spec!.template!.spec!.containers[0].image).toBe('nginx:1.26');
    expect(next.metadata!.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(replicaSets(c).find((rs) => rs.metadata!.name === first)!.spec!.replicas).toBe(0);
    expect(getDeployment(c).metadata!.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    const events = eventsFrom(c, 'deployment-controller');
    expect(events[1]).toBe(
      `ScalingReplicaSet: Scaled up replica set ${next.metadata!.name} from 0 to 3`,
    );
    expect(events[2]).toBe(`ScalingReplicaSet: Scaled down replica set ${first} from 10 to 8`);
    // More than 10 different ScalingReplicaSet messages on one Deployment: client-go's
    // EventAggregator combines the later ones, as a real cluster shows them.
    expect(events.at(-1)).toBe(
      `ScalingReplicaSet: (combined from similar events): Scaled down replica set ${first} from 2 to 0`,
    );
  });

  it('Recreate scales the old ReplicaSet to 0 and starts new pods only once the old ones are gone', () => {
    const c = startCluster();
    createObject(c, deployment(3, '\n  strategy: {type: Recreate}'));
    advanceUntil(c, () => rolledOut(c, 3));
    const first = replicaSets(c)[0].metadata!.name!;
    setImage(c, 'nginx:1.26');
    let overlap = false;
    const done = advanceUntil(
      c,
      () => {
        const pods = objectsOf<Pod>(c, 'Pod');
        const olds = pods.filter((p) => p.metadata!.name!.startsWith(`${first}-`));
        if (olds.length > 0 && pods.length > olds.length) overlap = true;
        return rolledOut(c, 3) && replicaSets(c).length === 2;
      },
      120_000,
      50,
    );
    expect(done).toBe(true);
    expect(overlap).toBe(false);
    const next = replicaSets(c).find((rs) => rs.metadata!.name !== first)!.metadata!.name;
    expect(eventsFrom(c, 'deployment-controller').slice(1)).toEqual([
      `ScalingReplicaSet: Scaled down replica set ${first} from 3 to 0`,
      `ScalingReplicaSet: Scaled up replica set ${next} from 0 to 3`,
    ]);
  });

  it('rolls back by reusing the old ReplicaSet, with history and undo helpers', () => {
    const c = startCluster();
    createObject(
      c,
      deployment(2, '\n  strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}'),
    );
    advanceUntil(c, () => rolledOut(c, 2));
    const first = replicaSets(c)[0].metadata!.name!;
    setImage(c, 'nginx:1.26');
    advanceUntil(c, () => replicaSets(c).length === 2 && rolledOut(c, 2));
    const history = rolloutHistory(getDeployment(c), replicaSets(c));
    expect(history.map((h) => h.revision)).toEqual([1, 2]);
    const plan = templateForRevision(getDeployment(c), replicaSets(c));
    if (!('template' in plan)) throw new Error(JSON.stringify(plan));
    expect(plan.revision).toBe(1);
    expect(plan.template.metadata?.labels).toEqual({ app: 'web' });
    expect(templateForRevision(getDeployment(c), replicaSets(c), 7)).toEqual({
      error: 'unable to find specified revision 7 in history',
    });
    // kubectl rollout undo: the template goes back.
    patch(c, { spec: { template: plan.template } });
    advanceUntil(
      c,
      () =>
        rolledOut(c, 2) && activePods(c).every((p) => p.metadata!.name!.startsWith(`${first}-`)),
    );
    expect(replicaSets(c)).toHaveLength(2);
    const reused = replicaSets(c).find((rs) => rs.metadata!.name === first)!;
    expect(reused.spec!.replicas).toBe(2);
    expect(reused.metadata!.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(reused.metadata!.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(getDeployment(c).metadata!.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(templateForRevision(getDeployment(c), replicaSets(c), 3)).toEqual({
      skipped: 'skipped rollback (current template already matches revision 3)',
    });
  });

  it('does not roll out while paused, and does on resume', () => {
    const c = startCluster();
    createObject(c, deployment(2));
    advanceUntil(c, () => rolledOut(c, 2));
    patch(c, { spec: { paused: true } });
    setImage(c, 'nginx:1.26');
    c.clock.advance(10_000);
    expect(replicaSets(c)).toHaveLength(1);
    const progressing = getDeployment(c).status?.conditions?.find((x) => x.type === 'Progressing');
    expect([progressing?.status, progressing?.reason, progressing?.message]).toEqual([
      'Unknown',
      'DeploymentPaused',
      'Deployment is paused',
    ]);
    patch(c, { spec: { paused: false } });
    expect(advanceUntil(c, () => replicaSets(c).length === 2 && rolledOut(c, 2))).toBe(true);
  });

  it('keeps only revisionHistoryLimit old ReplicaSets', () => {
    const c = startCluster();
    createObject(c, deployment(1, '\n  revisionHistoryLimit: 1'));
    advanceUntil(c, () => rolledOut(c, 1));
    for (const image of ['nginx:1.26', 'nginx:1.25']) {
      setImage(c, image);
      advanceUntil(
        c,
        () =>
          rolledOut(c, 1) &&
          activePods(c).length === 1 &&
          activePods(c)[0].spec!.containers[0].image === image,
      );
    }
    c.clock.advance(5_000);
    const images = replicaSets(c)
      .map((rs) => rs.spec!.template!.spec!.containers[0].image)
      .sort();
    expect(images).toEqual(['nginx:1.25', 'nginx:1.26']);
  });

  it('reports ProgressDeadlineExceeded when a rollout makes no progress for progressDeadlineSeconds', () => {
    const c = startCluster();
    createObject(
      c,
      deployment(2, '\n  progressDeadlineSeconds: 30').replace('nginx:1.27', 'nginx:9.99-nope'),
    );
    c.clock.advance(20_000);
    const name = replicaSets(c)[0].metadata!.name;
    const progressing = () =>
      getDeployment(c).status?.conditions?.find((x) => x.type === 'Progressing');
    expect(progressing()?.reason).toBe('ReplicaSetUpdated');
    c.clock.advance(20_000);
    expect([progressing()?.status, progressing()?.reason, progressing()?.message]).toEqual([
      'False',
      'ProgressDeadlineExceeded',
      `ReplicaSet "${name}" has timed out progressing.`,
    ]);
  });
});
