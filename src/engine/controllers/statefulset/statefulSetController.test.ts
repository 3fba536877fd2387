import { describe, expect, it } from 'vitest';
import type { Cluster } from '../../cluster';
import type { ControllerRevision, Pod, StatefulSet } from '../../api/types';
import {
  activePods,
  advanceUntil,
  createObject,
  eventsFrom,
  isReady,
  objectsOf,
  startCluster,
} from '../../testing/testCluster';

/** content/en/examples/application/web/web.yaml's StatefulSet (its headless Service below). */
const WEB = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: "nginx"
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
`;

/**
 * With kube-system, as kind has it: the claims' volumes come from the local-path-provisioner pod
 * (a bare control plane has no provisioner, so they would stay Pending).
 */
const STORAGE = true;

const webPods = (c: Cluster) =>
  activePods(c)
    .filter((p) => p.metadata!.name!.startsWith('web-'))
    .sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1));
const sts = (c: Cluster) => objectsOf<StatefulSet>(c, 'StatefulSet')[0];
const image = (p: Pod) => p.spec!.containers[0].image;

function patch(c: Cluster, body: unknown): void {
  const r = c.requestSync({
    verb: 'patch',
    resource: 'statefulsets',
    namespace: 'default',
    name: 'web',
    body,
  });
  expect(r.code).toBe(200);
}

describe('StatefulSet controller', () => {
  it('creates web-0 then web-1 only once web-0 is Running and Ready, each with its claim', () => {
    const c = startCluster(1, STORAGE);
    expect(createObject(c, WEB.replace('registry.k8s.io/nginx-slim:0.21', 'nginx:1.27')).code).toBe(
      201,
    );
    // Until web-0 is ready, web-1 does not exist.
    let web1BeforeWeb0Ready = false;
    const ok = advanceUntil(c, () => {
      const pods = webPods(c);
      const web0 = pods.find((p) => p.metadata!.name === 'web-0');
      if (pods.some((p) => p.metadata!.name === 'web-1') && !(web0 && isReady(web0)))
        web1BeforeWeb0Ready = true;
      return pods.filter(isReady).length === 2;
    });
    expect(ok).toBe(true);
    expect(web1BeforeWeb0Ready).toBe(false);
    const [web0, web1] = webPods(c);
    expect(web0.spec!.hostname).toBe('web-0');
    expect(web0.spec!.subdomain).toBe('nginx');
    expect(web1.metadata!.labels).toMatchObject({
      app: 'nginx',
      'statefulset.kubernetes.io/pod-name': 'web-1',
      'apps.kubernetes.io/pod-index': '1',
    });
    expect(web0.spec!.volumes!.find((v) => v.name === 'www')?.persistentVolumeClaim).toEqual({
      claimName: 'www-web-0',
    });
    const claims = objectsOf(c, 'PersistentVolumeClaim')
      .map((o) => o.metadata!.name)
      .sort();
    expect(claims).toEqual(['www-web-0', 'www-web-1']);
    expect(eventsFrom(c, 'statefulset-controller')).toEqual([
      'SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success',
      'SuccessfulCreate: create Pod web-0 in StatefulSet web successful',
      'SuccessfulCreate: create Claim www-web-1 Pod web-1 in StatefulSet web success',
      'SuccessfulCreate: create Pod web-1 in StatefulSet web successful',
    ]);
    advanceUntil(c, () => sts(c).status?.readyReplicas === 2);
    const st = sts(c).status!;
    expect(st).toMatchObject({
      replicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      currentReplicas: 2,
      updatedReplicas: 2,
      observedGeneration: 1,
      collisionCount: 0,
    });
    expect(st.currentRevision).toBe(st.updateRevision);
    expect(st.currentRevision).toMatch(/^web-[a-z0-9]+$/);
  });

  it('scales down from the highest ordinal, keeps the claims, and comes back with the same names', () => {
    const c = startCluster(1, STORAGE);
    createObject(
      c,
      WEB.replace('registry.k8s.io/nginx-slim:0.21', 'nginx:1.27').replace(
        'replicas: 2',
        'replicas: 4',
      ),
    );
    advanceUntil(c, () => webPods(c).filter(isReady).length === 4);
    patch(c, { spec: { replicas: 1 } });
    expect(
      advanceUntil(
        c,
        () =>
          objectsOf<Pod>(c, 'Pod').filter((p) => p.metadata!.name!.startsWith('web-')).length === 1,
      ),
    ).toBe(true);
    const deletes = eventsFrom(c, 'statefulset-controller').filter((e) =>
      e.startsWith('SuccessfulDelete'),
    );
    expect(deletes).toEqual([
      'SuccessfulDelete: delete Pod web-3 in StatefulSet web successful',
      'SuccessfulDelete: delete Pod web-2 in StatefulSet web successful',
      'SuccessfulDelete: delete Pod web-1 in StatefulSet web successful',
    ]);
    expect(objectsOf(c, 'PersistentVolumeClaim').length).toBe(4);
    patch(c, { spec: { replicas: 3 } });
    advanceUntil(c, () => webPods(c).filter(isReady).length === 3);
    expect(webPods(c).map((p) => p.metadata!.name)).toEqual(['web-0', 'web-1', 'web-2']);
  });

  it('Parallel creates every pod at once', () => {
    const c = startCluster(1, STORAGE);
    createObject(
      c,
      WEB.replace('registry.k8s.io/nginx-slim:0.21', 'nginx:1.27').replace(
        'replicas: 2',
        'replicas: 3\n  podManagementPolicy: Parallel',
      ),
    );
    c.clock.advance(1_000);
    expect(webPods(c).map((p) => p.metadata!.name)).toEqual(['web-0', 'web-1', 'web-2']);
    expect(webPods(c).some(isReady)).toBe(false);
  });

  it('rolls an update from the highest ordinal down to the partition', () => {
    const c = startCluster(1, STORAGE);
    createObject(
      c,
      WEB.replace('registry.k8s.io/nginx-slim:0.21', 'nginx:1.26').replace(
        'replicas: 2',
        'replicas: 3',
      ),
    );
    advanceUntil(c, () => sts(c).status?.readyReplicas === 3);
    patch(c, {
      spec: {
        updateStrategy: { rollingUpdate: { partition: 1 } },
        template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
      },
    });
    advanceUntil(
      c,
      () => sts(c).status?.updatedReplicas === 2 && webPods(c).filter(isReady).length === 3,
    );
    c.clock.advance(20_000);
    expect(webPods(c).map(image)).toEqual(['nginx:1.26', 'nginx:1.27', 'nginx:1.27']);
    // Partition 0: web-0 follows, and the update revision becomes current.
    patch(c, { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } });
    advanceUntil(c, () => {
      const st = sts(c).status;
      return (
        st?.updatedReplicas === 3 &&
        st.currentRevision === st.updateRevision &&
        st.readyReplicas === 3
      );
    });
    expect(webPods(c).map(image)).toEqual(['nginx:1.27', 'nginx:1.27', 'nginx:1.27']);
    expect(
      objectsOf<ControllerRevision>(c, 'ControllerRevision')
        .filter((r) => r.metadata?.name?.startsWith('web-'))
        .map((r) => r.revision)
        .sort(),
    ).toEqual([1, 2]);
  });

  it('refuses an update of a field other than replicas, template, updateStrategy…', () => {
    const c = startCluster(1, STORAGE);
    createObject(c, WEB);
    const r = c.requestSync({
      verb: 'patch',
      resource: 'statefulsets',
      namespace: 'default',
      name: 'web',
      body: { spec: { serviceName: 'other' } },
    });
    expect(r.code).toBe(422);
    expect((r.body as { message: string }).message).toBe(
      "StatefulSet.apps \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
  });
});
