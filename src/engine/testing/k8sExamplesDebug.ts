/** corpus-apps: the corpus's debug/ examples (./k8sExamples): the monitoring and debugging tasks. */
import type { Example } from './k8sExampleTypes';

export const DEBUG: Example[] = [
  // "Logging Architecture": a counter printing a line a second (and one to stderr).
  { file: 'debug/counter-pod-err.yaml', ends: { running: 1, logs: ': err' } },
  { file: 'debug/counter-pod.yaml', ends: { running: 1, logs: '0: ' } },
  // A `kubectl debug --custom` profile, not an API object: apply's validation refuses it.
  {
    file: 'debug/custom-profile.yaml',
    ends: {
      refused:
        'error: error validating "debug/custom-profile.yaml": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false',
    },
  },
  // The exporter runs, but the events it sends to Google Cloud Logging go nowhere offline.
  {
    file: 'debug/event-exporter.yaml',
    ends: { running: 1 },
    offline: 'the exporter sends the events to Google Cloud Logging',
  },
  // GKE's logging agent: no node has the label its nodeSelector asks for, so no pod.
  {
    file: 'debug/fluentd-gcp-configmap.yaml',
    ends: { stored: ['configmap/fluentd-gcp-config'] },
  },
  {
    file: 'debug/fluentd-gcp-ds.yaml',
    ends: { stored: ['daemonset.apps/fluentd-gcp-v2.0'] },
    // The template's critical-pod annotation (pkg/api/pod/warnings.go, through the DaemonSet
    // strategy's WarningsOnCreate).
    warning:
      'Warning: spec.template.metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the "priorityClassName" field instead',
  },
  // "Monitor Node Health": one pod per worker (no toleration for the control plane). The
  // ConfigMap the first one mounts is not in the examples: FailedMount, ContainerCreating.
  {
    file: 'debug/node-problem-detector-configmap.yaml',
    namespace: 'kube-system',
    ends: { status: ['ContainerCreating'] },
  },
  { file: 'debug/node-problem-detector.yaml', namespace: 'kube-system', ends: { running: 3 } },
  // "Determine the Reason for Pod Failure": the message the container wrote to
  // /dev/termination-log becomes lastState.terminated.message; it exits 0 and is restarted.
  { file: 'debug/termination.yaml', ends: { status: ['CrashLoopBackOff', 'Completed'] } },
];
