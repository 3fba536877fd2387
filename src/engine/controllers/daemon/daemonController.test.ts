import { describe, expect, it } from 'vitest';
import type { ControllerRevision, DaemonSet, Pod } from '../../api/types';
import {
  activePods,
  advanceUntil,
  createObject,
  eventsFrom,
  isReady,
  objectsOf,
  startCluster,
} from '../../testing/testCluster';
import type { Cluster } from '../../cluster';

const FLUENTD = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd-elasticsearch
  namespace: kube-system
  labels: {k8s-app: fluentd-logging}
spec:
  selector:
    matchLabels: {name: fluentd-elasticsearch}
  template:
    metadata:
      labels: {name: fluentd-elasticsearch}
    spec:
      tolerations:
        - key: node-role.kubernetes.io/control-plane
          operator: Exists
          effect: NoSchedule
      containers:
        - name: fluentd-elasticsearch
          image: nginx:1.27
`;

const AGENT = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: nginx:1.27}]
`;

const dsPods = (c: Cluster, prefix: string) =>
  activePods(c).filter((p) => p.metadata!.name!.startsWith(`${prefix}-`));
const nodesOf = (pods: Pod[]) => pods.map((p) => p.spec?.nodeName ?? '').sort();
const ds = (c: Cluster, name: string) =>
  objectsOf<DaemonSet>(c, 'DaemonSet').find((d) => d.metadata!.name === name)!;

describe('DaemonSet controller', () => {
  it('runs one pod per worker, and on the control-plane node only with a toleration', () => {
    const c = startCluster();
    expect(createObject(c, AGENT).code).toBe(201);
    expect(createObject(c, FLUENTD, 'kube-system').code).toBe(201);
    const settled = () => dsPods(c, 'agent').filter(isReady).length === 3;
    expect(
      advanceUntil(
        c,
        () => settled() && dsPods(c, 'fluentd-elasticsearch').filter(isReady).length === 4,
      ),
    ).toBe(true);
    expect(nodesOf(dsPods(c, 'agent'))).toEqual(['worker-1', 'worker-2', 'worker-3']);
    expect(nodesOf(dsPods(c, 'fluentd-elasticsearch'))).toEqual([
      'control-plane',
      'worker-1',
      'worker-2',
      'worker-3',
    ]);
    // Bound by the default scheduler through a node affinity on metadata.name.
    const pod = dsPods(c, 'agent')[0];
    const term =
      pod.spec!.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!
        .nodeSelectorTerms[0];
    expect(term.matchFields).toEqual([
      { key: 'metadata.name', operator: 'In', values: [pod.spec!.nodeName] },
    ]);
    expect(eventsFrom(c, 'default-scheduler')).toContain(
      `Scheduled: Successfully assigned default/${pod.metadata!.name} to ${pod.spec!.nodeName}`,
    );
    expect(pod.metadata!.labels).toMatchObject({ 'pod-template-generation': '1' });
    expect(pod.spec!.tolerations!.map((t) => `${t.key}:${t.effect}`)).toEqual([
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    advanceUntil(c, () => ds(c, 'agent').status?.numberAvailable === 3);
    expect(ds(c, 'agent').status).toEqual({
      currentNumberScheduled: 3,
      desiredNumberScheduled: 3,
      numberAvailable: 3,
      numberMisscheduled: 0,
      numberReady: 3,
      observedGeneration: 1,
      updatedNumberScheduled: 3,
    });
    expect(
      eventsFrom(c, 'daemonset-controller').filter((e) => e.startsWith('SuccessfulCreate')).length,
    ).toBe(7);
  });

  it('replaces a deleted pod and gives a node that starts matching its pod', () => {
    const c = startCluster();
    createObject(c, AGENT.replace('containers:', 'nodeSelector: {disk: ssd}\n      containers:'));
    c.clock.advance(5_000);
    expect(dsPods(c, 'agent')).toEqual([]);
    expect(ds(c, 'agent').status?.desiredNumberScheduled).toBe(0);
    const r = c.requestSync({
      verb: 'patch',
      resource: 'nodes',
      name: 'worker-2',
      body: { metadata: { labels: { disk: 'ssd' } } },
      patchType: 'merge',
    });
    expect(r.code).toBe(200);
    expect(advanceUntil(c, () => dsPods(c, 'agent').filter(isReady).length === 1)).toBe(true);
    expect(nodesOf(dsPods(c, 'agent'))).toEqual(['worker-2']);
    const name = dsPods(c, 'agent')[0].metadata!.name!;
    c.requestSync({
      verb: 'delete',
      resource: 'pods',
      namespace: 'default',
      name,
      gracePeriodSeconds: 0,
    });
    expect(
      advanceUntil(
        c,
        () => dsPods(c, 'agent').length === 1 && dsPods(c, 'agent')[0].metadata!.name !== name,
      ),
    ).toBe(true);
    // The label goes: the pod goes too.
    c.requestSync({
      verb: 'patch',
      resource: 'nodes',
      name: 'worker-2',
      body: { metadata: { labels: { disk: null } } },
      patchType: 'merge',
    });
    expect(advanceUntil(c, () => dsPods(c, 'agent').length === 0)).toBe(true);
  });

  it('rolls a new template out one node at a time and records ControllerRevisions', () => {
    const c = startCluster();
    createObject(c, AGENT);
    advanceUntil(c, () => ds(c, 'agent').status?.numberAvailable === 3);
    const before = dsPods(c, 'agent').map((p) => p.metadata!.name);
    c.requestSync({
      verb: 'patch',
      resource: 'daemonsets',
      namespace: 'default',
      name: 'agent',
      body: {
        spec: { template: { spec: { containers: [{ name: 'agent', image: 'nginx:1.26' }] } } },
      },
    });
    expect(ds(c, 'agent').metadata!.annotations!['deprecated.daemonset.template.generation']).toBe(
      '2',
    );
    let maxUnavailable = 0;
    const done = advanceUntil(c, () => {
      const pods = dsPods(c, 'agent');
      maxUnavailable = Math.max(maxUnavailable, 3 - pods.filter(isReady).length);
      const d = ds(c, 'agent');
      const st = d.status;
      return (
        st?.observedGeneration === d.metadata!.generation &&
        st?.updatedNumberScheduled === 3 &&
        st.numberAvailable === 3
      );
    });
    expect(done).toBe(true);
    // Default maxUnavailable 1: never two nodes without a ready agent.
    expect(maxUnavailable).toBeLessThanOrEqual(1);
    const after = dsPods(c, 'agent');
    expect(after.every((p) => p.spec!.containers[0].image === 'nginx:1.26')).toBe(true);
    expect(after.some((p) => before.includes(p.metadata!.name))).toBe(false);
    const revs = objectsOf<ControllerRevision>(c, 'ControllerRevision')
      .map((r) => r.revision)
      .sort();
    expect(revs).toEqual([1, 2]);
    expect(after[0].metadata!.labels!['pod-template-generation']).toBe('2');
  });

  it('refuses an invalid DaemonSet with the API server texts', () => {
    const c = startCluster();
    const r = createObject(
      c,
      AGENT.replace(
        'spec:\n  selector',
        'spec:\n  updateStrategy: {rollingUpdate: {maxUnavailable: 0}}\n  selector',
      ).replace('{app: agent}}\n  template', '{app: other}}\n  template'),
    );
    expect(r.code).toBe(422);
    expect((r.body as { message: string }).message).toBe(
      'DaemonSet.apps "agent" is invalid: [spec.template.metadata.labels: Invalid value: map[string]string{"app":"agent"}: `selector` does not match template `labels`, spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0]',
    );
  });
});
