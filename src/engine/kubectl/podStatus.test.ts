import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { podReadyColumn, podRestartsColumn, podStatusColumn } from './podStatus';

const now = Date.parse('2026-01-05T10:00:00Z');

function pod(status: Pod['status'], extra: Partial<Pod> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web',
      namespace: 'default',
      creationTimestamp: '2026-01-05T09:00:00Z',
      ...extra.metadata,
    },
    spec: { containers: [{ name: 'web', image: 'nginx' }], ...extra.spec },
    status,
  };
}

describe('podStatusColumn (printPod STATUS)', () => {
  it('is the phase for a pending pod without container statuses', () => {
    expect(podStatusColumn(pod({ phase: 'Pending' }))).toBe('Pending');
  });

  it('prefers status.reason over the phase (an evicted pod)', () => {
    expect(podStatusColumn(pod({ phase: 'Failed', reason: 'Evicted' }))).toBe('Evicted');
  });

  it('shows a waiting reason such as ContainerCreating or CrashLoopBackOff', () => {
    const p = pod({
      phase: 'Pending',
      containerStatuses: [
        {
          name: 'web',
          image: 'nginx',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { waiting: { reason: 'ContainerCreating' } },
        },
      ],
    });
    expect(podStatusColumn(p)).toBe('ContainerCreating');
  });

  it('walks containers in reverse, so the first container decides', () => {
    const p = pod(
      {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'a',
            image: 'x',
            imageID: '',
            ready: false,
            restartCount: 2,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
          },
          {
            name: 'b',
            image: 'x',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'ImagePullBackOff' } },
          },
        ],
      },
      { spec: { containers: [{ name: 'a' }, { name: 'b' }] } },
    );
    expect(podStatusColumn(p)).toBe('CrashLoopBackOff');
    expect(podReadyColumn(p)).toBe('0/2');
  });

  it('shows ExitCode:N or Signal:N for a terminated container without a reason', () => {
    const exit = pod({
      phase: 'Failed',
      containerStatuses: [
        {
          name: 'web',
          image: '',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode: 2 } },
        },
      ],
    });
    const signal = pod({
      phase: 'Failed',
      containerStatuses: [
        {
          name: 'web',
          image: '',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode: 137, signal: 9 } },
        },
      ],
    });
    expect(podStatusColumn(exit)).toBe('ExitCode:2');
    expect(podStatusColumn(signal)).toBe('Signal:9');
  });

  it('turns Completed back into Running (or NotReady) while another container runs', () => {
    const statuses = [
      {
        name: 'a',
        image: '',
        imageID: '',
        ready: true,
        restartCount: 0,
        state: { running: { startedAt: '2026-01-05T09:00:01Z' } },
      },
      {
        name: 'b',
        image: '',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: { terminated: { exitCode: 0, reason: 'Completed' } },
      },
    ];
    const spec = { spec: { containers: [{ name: 'a' }, { name: 'b' }] } };
    const ready = pod(
      {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: statuses,
      },
      spec,
    );
    const notReady = pod(
      {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: statuses,
      },
      spec,
    );
    expect(podStatusColumn(ready)).toBe('Running');
    expect(podStatusColumn(notReady)).toBe('NotReady');
  });

  it('shows Init:i/N, Init:<reason> and Init:ExitCode:N for init containers', () => {
    const spec = {
      spec: {
        initContainers: [{ name: 'migrate' }, { name: 'warm' }],
        containers: [{ name: 'web' }],
      },
    };
    const running = pod(
      {
        phase: 'Pending',
        initContainerStatuses: [
          {
            name: 'migrate',
            image: '',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
          {
            name: 'warm',
            image: '',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { running: {} },
          },
        ],
      },
      spec,
    );
    const crashing = pod(
      {
        phase: 'Pending',
        initContainerStatuses: [
          {
            name: 'migrate',
            image: '',
            imageID: '',
            ready: false,
            restartCount: 4,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
          },
        ],
      },
      spec,
    );
    const failed = pod(
      {
        phase: 'Failed',
        initContainerStatuses: [
          {
            name: 'migrate',
            image: '',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 1 } },
          },
        ],
      },
      spec,
    );
    expect(podStatusColumn(running)).toBe('Init:1/2');
    expect(podStatusColumn(crashing)).toBe('Init:CrashLoopBackOff');
    expect(podStatusColumn(failed)).toBe('Init:ExitCode:1');
  });

  it('shows Terminating for a deleted pod, Unknown for one lost with its node', () => {
    const deleting = pod(
      { phase: 'Running' },
      { metadata: { deletionTimestamp: '2026-01-05T09:59:00Z' } },
    );
    const lost = pod(
      { phase: 'Running', reason: 'NodeLost' },
      { metadata: { deletionTimestamp: '2026-01-05T09:59:00Z' } },
    );
    const done = pod(
      {
        phase: 'Succeeded',
        containerStatuses: [
          {
            name: 'web',
            image: '',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
        ],
      },
      { metadata: { deletionTimestamp: '2026-01-05T09:59:00Z' } },
    );
    expect(podStatusColumn(deleting)).toBe('Terminating');
    expect(podStatusColumn(lost)).toBe('Unknown');
    expect(podStatusColumn(done)).toBe('Completed');
  });
});

describe('podReadyColumn and podRestartsColumn', () => {
  it('counts a started sidecar (restartable init container) in READY and RESTARTS', () => {
    const p = pod(
      {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [
          {
            name: 'proxy',
            image: '',
            imageID: '',
            ready: true,
            started: true,
            restartCount: 1,
            state: { running: {} },
            lastState: { terminated: { exitCode: 1, finishedAt: '2026-01-05T09:30:00Z' } },
          },
        ],
        containerStatuses: [
          {
            name: 'web',
            image: '',
            imageID: '',
            ready: true,
            restartCount: 2,
            state: { running: {} },
            lastState: { terminated: { exitCode: 1, finishedAt: '2026-01-05T09:59:15Z' } },
          },
        ],
      },
      {
        spec: {
          initContainers: [{ name: 'proxy', restartPolicy: 'Always' }],
          containers: [{ name: 'web' }],
        },
      },
    );
    expect(podReadyColumn(p)).toBe('2/2');
    expect(podRestartsColumn(p, now)).toBe('3 (45s ago)');
  });

  it('is a bare count without any restart', () => {
    const p = pod({
      phase: 'Running',
      containerStatuses: [
        {
          name: 'web',
          image: '',
          imageID: '',
          ready: true,
          restartCount: 0,
          state: { running: {} },
        },
      ],
    });
    expect(podRestartsColumn(p, now)).toBe('0');
    expect(podReadyColumn(p)).toBe('1/1');
  });
});
