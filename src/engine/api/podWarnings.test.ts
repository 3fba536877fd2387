import { describe, expect, it } from 'vitest';
import { podTemplateWarnings, podWarnings } from './podWarnings';
import type { Pod } from './types';

describe("the API server's warnings on a new pod (pkg/api/pod/warnings.go)", () => {
  const pod = (annotations: Record<string, string>, withField = false): Pod =>
    ({
      metadata: { name: 'p', annotations },
      spec: {
        ...(withField ? { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } } : {}),
        initContainers: [{ name: 'init', image: 'busybox' }],
        containers: [
          {
            name: 'c',
            image: 'busybox',
            ...(withField
              ? { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }
              : {}),
          },
        ],
      },
    }) as Pod;

  it('name the seccomp annotations, non-functional since v1.27, in the order of the source', () => {
    expect(
      podWarnings(
        pod({
          'container.seccomp.security.alpha.kubernetes.io/c': 'runtime/default',
          'seccomp.security.alpha.kubernetes.io/pod': 'localhost/profiles/audit.json',
          'container.seccomp.security.alpha.kubernetes.io/init': 'runtime/default',
          'scheduler.alpha.kubernetes.io/critical-pod': '',
        }),
      ),
    ).toEqual([
      'metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the "priorityClassName" field instead',
      'metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+; use the "seccompProfile" field instead',
      'metadata.annotations[container.seccomp.security.alpha.kubernetes.io/init]: non-functional in v1.27+; use the "seccompProfile" field instead',
      'metadata.annotations[container.seccomp.security.alpha.kubernetes.io/c]: non-functional in v1.27+; use the "seccompProfile" field instead',
    ]);
  });

  it('say nothing of a seccomp annotation beside its field, nor of other annotations', () => {
    expect(
      podWarnings(
        pod(
          {
            'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default',
            'container.seccomp.security.alpha.kubernetes.io/c': 'runtime/default',
            'example.com/x': 'y',
          },
          true,
        ),
      ),
    ).toEqual([]);
  });
});

describe("the API server's warnings on a new workload's pod template", () => {
  const template = {
    metadata: { annotations: { 'scheduler.alpha.kubernetes.io/critical-pod': '' } },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  };

  it('name the field under the template', () => {
    const message =
      'metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the "priorityClassName" field instead';
    expect(podTemplateWarnings({ kind: 'DaemonSet', spec: { template } } as object)).toEqual([
      `spec.template.${message}`,
    ]);
    expect(
      podTemplateWarnings({
        kind: 'CronJob',
        spec: { jobTemplate: { spec: { template } } },
      } as object),
    ).toEqual([`spec.jobTemplate.spec.template.${message}`]);
    expect(podTemplateWarnings({ kind: 'PodTemplate', template } as object)).toEqual([
      `template.${message}`,
    ]);
    expect(podTemplateWarnings({ kind: 'ConfigMap' })).toEqual([]);
  });
});
