import { describe, it, expect } from 'vitest';
import type { Pod } from '../../engine/public';
import { podView } from './podView';

const base = (status: Pod['status'], extra: Partial<Pod> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web' },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
  status,
  ...extra,
});

describe('podView (kubectl get pods STATUS)', () => {
  it('shows the waiting reason of a container that is being created', () => {
    const v = podView(
      base({
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'web',
            image: 'nginx:1.27',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'ContainerCreating' } },
          },
        ],
      }),
    );
    expect(v).toEqual({ status: 'ContainerCreating', ready: '0/1', restarts: 0, tone: 'pending' });
  });

  it('marks image pull errors and crash loops as failing although the phase is Pending/Running', () => {
    const pull = podView(
      base({
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'web',
            image: 'x',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'ErrImagePull' } },
          },
        ],
      }),
    );
    expect([pull.status, pull.tone]).toEqual(['ErrImagePull', 'failed']);
    const crash = podView(
      base({
        phase: 'Running',
        containerStatuses: [
          {
            name: 'web',
            image: 'x',
            imageID: '',
            ready: false,
            restartCount: 4,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
          },
        ],
      }),
    );
    expect([crash.status, crash.restarts, crash.tone]).toEqual(['CrashLoopBackOff', 4, 'failed']);
  });

  it('shows Running with READY 1/1, and Terminating once a deletion timestamp is set', () => {
    const running = base({
      phase: 'Running',
      containerStatuses: [
        {
          name: 'web',
          image: 'x',
          imageID: '',
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: '2024-01-01T00:00:00Z' } },
        },
      ],
    });
    expect(podView(running)).toMatchObject({ status: 'Running', ready: '1/1', tone: 'running' });
    running.metadata = { ...running.metadata, deletionTimestamp: '2024-01-01T00:01:00Z' };
    expect(podView(running)).toMatchObject({ status: 'Terminating', tone: 'terminating' });
  });

  it('shows Completed for a finished job pod and Init:0/1 while an init container runs', () => {
    const done = podView(
      base({
        phase: 'Succeeded',
        containerStatuses: [
          {
            name: 'web',
            image: 'x',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
        ],
      }),
    );
    expect([done.status, done.tone]).toEqual(['Completed', 'succeeded']);
    const init = podView(
      base(
        {
          phase: 'Pending',
          initContainerStatuses: [
            {
              name: 'init',
              image: 'x',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { running: {} },
            },
          ],
        },
        { spec: { initContainers: [{ name: 'init' }], containers: [{ name: 'web' }] } },
      ),
    );
    expect(init.status).toBe('Init:0/1');
  });

  it('counts a running sidecar as kubectl get pods does: Running 2/2, not Init:0/1', () => {
    const running = { running: { startedAt: '2026-01-05T09:00:00Z' } };
    const pod = base(
      {
        phase: 'Running',
        conditions: [
          { type: 'Initialized', status: 'True' },
          { type: 'Ready', status: 'True' },
        ],
        initContainerStatuses: [
          {
            name: 'proxy',
            image: 'envoy',
            imageID: '',
            ready: true,
            restartCount: 1,
            started: true,
            state: running,
          },
        ],
        containerStatuses: [
          {
            name: 'web',
            image: 'nginx:1.27',
            imageID: '',
            ready: true,
            restartCount: 0,
            state: running,
          },
        ],
      },
      {
        spec: {
          initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }],
          containers: [{ name: 'web', image: 'nginx:1.27' }],
        },
      },
    );
    expect(podView(pod)).toMatchObject({
      status: 'Running',
      ready: '2/2',
      restarts: 1,
      tone: 'running',
    });
  });
});
