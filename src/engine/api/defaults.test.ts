import { describe, it, expect } from 'vitest';
import type { KubeObject } from './types';
import { applyDefaults, defaultImagePullPolicy } from './defaults';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('defaultImagePullPolicy', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['registry.local:5000/team/app', 'Always'],
    ['registry.local:5000/team/app:v2', 'IfNotPresent'],
    ['nginx@sha256:abc123', 'IfNotPresent'],
    ['nginx:latest@sha256:abc123', 'Always'],
  ])('%s → %s', (image, policy) => {
    expect(defaultImagePullPolicy(image)).toBe(policy);
  });
});

describe('applyDefaults', () => {
  it('fills a Pod as the API server stores it', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web' },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            ports: [{ containerPort: 80 }],
            resources: { limits: { cpu: '500m' } },
            readinessProbe: { httpGet: { port: 80 } },
          },
        ],
      },
    };
    applyDefaults(pod);
    expect(pod.spec).toEqual({
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: { limits: { cpu: '500m' }, requests: { cpu: '500m' } },
          readinessProbe: {
            httpGet: { port: 80, path: '/', scheme: 'HTTP' },
            timeoutSeconds: 1,
            periodSeconds: 10,
            successThreshold: 1,
            failureThreshold: 3,
          },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
    });
  });

  it('keeps what the user set', () => {
    const pod: KubeObject = {
      kind: 'Pod',
      spec: {
        restartPolicy: 'Never',
        terminationGracePeriodSeconds: 0,
        containers: [{ name: 'a', image: 'busybox', imagePullPolicy: 'Never', resources: {} }],
      },
    };
    applyDefaults(pod);
    const spec = pod.spec as Record<string, unknown>;
    expect(spec.restartPolicy).toBe('Never');
    expect(spec.terminationGracePeriodSeconds).toBe(0);
    expect((spec.containers as { imagePullPolicy: string }[])[0].imagePullPolicy).toBe('Never');
  });

  it('is idempotent', () => {
    for (const kind of ['Pod', 'Deployment', 'Job', 'Service', 'Namespace']) {
      const o: KubeObject = {
        kind,
        metadata: { name: 'n' },
        spec: {
          containers: [{ name: 'a', image: 'x' }],
          template: { spec: { containers: [{ name: 'a', image: 'x' }] } },
          ports: [{ port: 80 }],
        },
      };
      applyDefaults(o);
      const once = clone(o);
      applyDefaults(o);
      expect(o).toEqual(once);
    }
  });

  it('leaves a spec kept from the stored object as it is, and defaults a new one', () => {
    const spec = Object.freeze({ containers: Object.freeze([Object.freeze({ name: 'a' })]) });
    const live = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec } as KubeObject;
    const next = { ...live, status: { phase: 'Running' } } as KubeObject;
    // Kept (a status write): nothing to default, nothing written into the frozen spec.
    expect(() => applyDefaults(next, live)).not.toThrow();
    expect(next.spec).toBe(spec);
    // A spec of its own is defaulted.
    const edited = { ...live, spec: { containers: [{ name: 'a', image: 'nginx' }] } } as KubeObject;
    applyDefaults(edited, live);
    expect((edited.spec as { restartPolicy?: string }).restartPolicy).toBe('Always');
  });

  it('Deployment: replicas, rolling update, history and progress deadline; template as a pod spec', () => {
    const d: KubeObject = {
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx' }] },
        },
      },
    };
    applyDefaults(d);
    const spec = d.spec as Record<string, unknown>;
    expect(spec.replicas).toBe(1);
    expect(spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
    });
    expect(spec.revisionHistoryLimit).toBe(10);
    expect(spec.progressDeadlineSeconds).toBe(600);
    const tspec = (spec.template as { spec: Record<string, unknown> }).spec;
    expect(tspec.restartPolicy).toBe('Always');
    expect(tspec.schedulerName).toBe('default-scheduler');
    // Pod-only defaults do not materialise in templates.
    expect(tspec.enableServiceLinks).toBeUndefined();
    expect((tspec.containers as { imagePullPolicy: string }[])[0].imagePullPolicy).toBe('Always');
  });

  it('Deployment with Recreate gets no rollingUpdate', () => {
    const d: KubeObject = {
      kind: 'Deployment',
      spec: { strategy: { type: 'Recreate' }, template: { spec: { containers: [] } } },
    };
    applyDefaults(d);
    expect((d.spec as Record<string, unknown>).strategy).toEqual({ type: 'Recreate' });
  });

  it('ReplicaSet: replicas 1', () => {
    const rs: KubeObject = { kind: 'ReplicaSet', spec: { template: { spec: { containers: [] } } } };
    applyDefaults(rs);
    expect((rs.spec as Record<string, unknown>).replicas).toBe(1);
  });

  it('Job: completions, parallelism, backoffLimit, mode, suspend; labels from the template', () => {
    const j: KubeObject = {
      kind: 'Job',
      metadata: { name: 'pi' },
      spec: {
        template: {
          metadata: { labels: { app: 'pi' } },
          spec: { restartPolicy: 'Never', containers: [] },
        },
      },
    };
    applyDefaults(j);
    const spec = j.spec as Record<string, unknown>;
    expect(spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
    });
    expect(j.metadata?.labels).toEqual({ app: 'pi' });
    const workQueue: KubeObject = {
      kind: 'Job',
      spec: { parallelism: 3, template: { spec: { containers: [] } } },
    };
    applyDefaults(workQueue);
    expect((workQueue.spec as Record<string, unknown>).completions).toBeUndefined();
  });

  it('Service: ClusterIP, no affinity, TCP, targetPort = port, single-stack IPv4', () => {
    const s: KubeObject = {
      kind: 'Service',
      spec: { ports: [{ port: 80 }, { port: 443, targetPort: 'https' }] },
    };
    applyDefaults(s);
    expect(s.spec).toEqual({
      sessionAffinity: 'None',
      type: 'ClusterIP',
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80 },
        { port: 443, protocol: 'TCP', targetPort: 'https' },
      ],
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
    const np: KubeObject = { kind: 'Service', spec: { type: 'NodePort', ports: [{ port: 80 }] } };
    applyDefaults(np);
    expect((np.spec as Record<string, unknown>).externalTrafficPolicy).toBe('Cluster');
  });

  it('Namespace: the kubernetes finalizer, the name label, phase Active', () => {
    const ns: KubeObject = { kind: 'Namespace', metadata: { name: 'team-a' } };
    applyDefaults(ns);
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.metadata?.labels).toEqual({ 'kubernetes.io/metadata.name': 'team-a' });
    expect(ns.status).toEqual({ phase: 'Active' });
  });
});
