import { describe, expect, it } from 'vitest';
import type { Job, Pod } from '../api/types';
import { failJobMessage, matchPodFailurePolicy } from './jobPodFailurePolicy';

const job = {
  metadata: { name: 'j', namespace: 'default' },
  spec: {
    template: { spec: { containers: [] } },
    podFailurePolicy: {
      rules: [
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
        { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
      ],
    },
  },
} as unknown as Job;

const failedPod = (exitCode: number, conditions: { type: string; status: string }[] = []) =>
  ({
    metadata: { name: 'j-abcde', namespace: 'default' },
    status: {
      phase: 'Failed',
      conditions,
      containerStatuses: [{ name: 'main', state: { terminated: { exitCode } } }],
    },
  }) as unknown as Pod;

describe('the pod failure policy', () => {
  it('fails the Job with the rule that matched, as the controller says it', () => {
    expect(failJobMessage(job, [failedPod(1), failedPod(42)])).toBe(
      'Container main for pod default/j-abcde failed with exit code 42 matching FailJob rule at index 1',
    );
  });

  it('does not count a failure an Ignore rule matches; other failures count', () => {
    expect(
      matchPodFailurePolicy(job, failedPod(137, [{ type: 'DisruptionTarget', status: 'True' }])),
    ).toEqual({
      count: false,
      action: 'Ignore',
    });
    expect(matchPodFailurePolicy(job, failedPod(1))).toEqual({ count: true });
  });
});
