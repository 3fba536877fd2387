/**
 * The warnings the v1.31 API server gives for a new pod (k/k: pkg/api/pod/warnings.go
 * warningsForPodSpecAndMeta, through podStrategy.WarningsOnCreate), in its order. Only the
 * deprecated annotations are covered here: the ones that do nothing any more, and the seccomp
 * annotations, which lost their effect in v1.27 (the API server no longer copies them into
 * `seccompProfile`) and are warned about when the matching field is not set.
 */
import type { Pod } from './types';

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

/** k/k deprecatedAnnotations. */
const DEPRECATED_ANNOTATIONS: [key: string, message: string][] = [
  [
    'scheduler.alpha.kubernetes.io/critical-pod',
    'non-functional in v1.16+; use the "priorityClassName" field instead',
  ],
  [
    'security.alpha.kubernetes.io/sysctls',
    'non-functional in v1.11+; use the "sysctls" field instead',
  ],
  [
    'security.alpha.kubernetes.io/unsafe-sysctls',
    'non-functional in v1.11+; use the "sysctls" field instead',
  ],
];

const SECCOMP_MESSAGE = 'non-functional in v1.27+; use the "seccompProfile" field instead';

/**
 * The warnings for a pod, or for a pod template at `prefix` (`spec.template.`: k/k
 * GetWarningsForPodTemplate, which the workload strategies call).
 */
export function podWarnings(pod: Pick<Pod, 'metadata' | 'spec'>, prefix = ''): string[] {
  const annotations = pod.metadata?.annotations ?? {};
  const spec = pod.spec;
  const warnings: string[] = [];
  const at = (key: string) => `${prefix}metadata.annotations[${key}]`;
  for (const [key, message] of DEPRECATED_ANNOTATIONS)
    if (key in annotations) warnings.push(`${at(key)}: ${message}`);
  if (!spec?.securityContext?.seccompProfile && SECCOMP_POD_ANNOTATION in annotations)
    warnings.push(`${at(SECCOMP_POD_ANNOTATION)}: ${SECCOMP_MESSAGE}`);
  // pods.VisitContainersWithPath: init containers, containers, ephemeral containers.
  for (const c of [
    ...(spec?.initContainers ?? []),
    ...(spec?.containers ?? []),
    ...(spec?.ephemeralContainers ?? []),
  ]) {
    const key = SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name;
    if (!c.securityContext?.seccompProfile && key in annotations)
      warnings.push(`${at(key)}: ${SECCOMP_MESSAGE}`);
  }
  return warnings;
}

/** Where a workload keeps its pod template (k/k: each workload strategy's WarningsOnCreate). */
const TEMPLATES: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
};

/** The warnings for the pod template of a new workload, if `obj` is one. */
export function podTemplateWarnings(obj: { kind?: string }): string[] {
  const path = obj.kind ? TEMPLATES[obj.kind] : undefined;
  if (!path) return [];
  let template: unknown = obj;
  for (const k of path) template = (template as Record<string, unknown> | undefined)?.[k];
  if (!template || typeof template !== 'object') return [];
  return podWarnings(template as Pick<Pod, 'metadata' | 'spec'>, `${path.join('.')}.`);
}
