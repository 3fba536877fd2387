/** The corpus's controllers/ examples (./k8sExamples): the workload concept and task pages. */
import type { Example } from './k8sExampleTypes';

const PYTHON_TODO = 'the python image does not run the script (JOB_COMPLETION_INDEX, sys.exit)';

export const CONTROLLERS: Example[] = [
  // No node is labelled ssd=true: the DaemonSet makes no pod.
  {
    file: 'controllers/daemonset-label-selector.yaml',
    ends: { stored: ['daemonset.apps/nginx-ssd'] },
  },
  // Tolerates only the old master taint: one pod per worker, none on the control plane.
  {
    file: 'controllers/fluentd-daemonset-update.yaml',
    ends: { running: 3, namespace: 'kube-system' },
  },
  // Tolerates the control-plane taint too: a pod on each of the four nodes.
  { file: 'controllers/fluentd-daemonset.yaml', ends: { running: 4, namespace: 'kube-system' } },
  // autoscaling/v1 is still served (converted to the stored v2).
  {
    file: 'controllers/hpa-rs.yaml',
    ends: { stored: ['horizontalpodautoscaler.autoscaling/frontend-scaler'] },
  },
  // Even indexes exit 1 twice each: five failed indexes, the Job fails (FailedIndexes).
  {
    file: 'controllers/job-backoff-limit-per-index-example.yaml',
    ends: { status: ['Completed', 'Error'] },
    todo: PYTHON_TODO,
  },
  {
    file: 'controllers/job-backoff-limit-per-index-failindex.yaml',
    ends: { status: ['Completed', 'Error'] },
    todo: PYTHON_TODO,
  },
  // The image does not exist; the ConfigIssue condition is one the page adds by hand.
  {
    file: 'controllers/job-pod-failure-policy-config-issue.yaml',
    ends: { status: ['ErrImagePull', 'ImagePullBackOff'] },
  },
  // Exit code 42 matches the FailJob rule: the first failure fails the Job, no retries.
  ...['job-pod-failure-policy-example.yaml', 'job-pod-failure-policy-failjob.yaml'].map(
    (file): Example => ({
      file: `controllers/${file}`,
      // corpus-apps: settled (controllers/jobPodFailurePolicy.ts).
      ends: { status: ['Error'] },
    }),
  ),
  // A tab before `status:`.
  {
    file: 'controllers/job-pod-failure-policy-ignore.yaml',
    ends: {
      refused:
        'error converting YAML to JSON: yaml: line 24: found character that cannot start any token',
    },
  },
  // This revision has no metadata.name: apply cannot look the object up.
  {
    file: 'controllers/job-success-policy-example.yaml',
    ends: {
      refused:
        'error: error when retrieving current configuration of:\nResource: "jobs", GroupVersionKind: "batch/v1, Kind=Job"\nName: "", Namespace: "default"\nfrom server for: "controllers/job-success-policy-example.yaml": resource name may not be empty',
    },
  },
  // Index 2 succeeds: the success policy completes the Job and the other pods are stopped.
  {
    file: 'controllers/job-success-policy.yaml',
    ends: { status: ['Completed', 'Error'] },
    todo: PYTHON_TODO,
  },
  { file: 'controllers/nginx-deployment.yaml', ends: { running: 3 } },
  { file: 'controllers/replicaset.yaml', ends: { running: 3 } },
  { file: 'controllers/replication-nginx-1.14.2.yaml', ends: { running: 5 } },
  // `nginx -T` tests and prints the configuration and exits 0: restarted again and again.
  {
    file: 'controllers/replication-nginx-1.16.1.yaml',
    ends: { status: ['CrashLoopBackOff', 'Completed'], logs: 'syntax is ok' },
  },
  {
    file: 'controllers/replication-nginx-1.9.2.yaml',
    ends: { status: ['CrashLoopBackOff', 'Completed'] },
  },
  // The claims name the class my-storage-class, which does not exist: web-0 waits, Pending.
  { file: 'controllers/statefulset.yaml', ends: { status: ['Pending'] } },
];
