/** The corpus's application/ examples added with the folder-by-folder copy (./k8sExamples). */
import type { Example } from './k8sExampleTypes';

const INDEXED =
  'Indexed Jobs (completion index annotation, JOB_COMPLETION_INDEX) are not simulated';

export const APPLICATION: Example[] = [
  // "Update API Objects in Place Using kubectl patch": the pods run before the patch.
  { file: 'application/deployment-patch.yaml', ends: { running: 2 } },
  { file: 'application/deployment-retainkeys.yaml', ends: { running: 1 } },
  // The sidecars page: the old way (two app containers) and a sidecar that tails the log.
  { file: 'application/deployment-sidecar-legacy.yaml', ends: { running: 1 } },
  { file: 'application/deployment-sidecar.yaml', ends: { running: 1 } },
  { file: 'application/deployment-subresource.yaml', ends: { running: 2 } },
  // The old guestbook's replicas: redis-master does not exist, they keep retrying, Running.
  { file: 'application/guestbook/redis-slave-deployment.yaml', ends: { running: 2 } },
  {
    file: 'application/job/indexed-job-vol.yaml',
    ends: { succeeded: 5 },
    todo: INDEXED,
  },
  {
    file: 'application/job/indexed-job.yaml',
    ends: { succeeded: 5 },
    todo: `${INDEXED}; nor are bash arrays (items=(foo bar …))`,
  },
  // The app container exits, the old-style sidecar tails forever: the Job never completes.
  { file: 'application/job/job-sidecar-legacy.yaml', ends: { status: ['NotReady'] } },
  // A sidecar (restartPolicy Always) is stopped once the main container is done: Completed.
  { file: 'application/job/job-sidecar.yaml', ends: { succeeded: 1 } },
  // A template for sed ($ITEM): applied as it is, its name is not a valid name.
  {
    file: 'application/job/job-tmpl.yaml',
    ends: {
      refused:
        'The Job "process-item-$ITEM" is invalid: \n* metadata.name: Invalid value: "process-item-$ITEM"',
    },
  },
  // A LoadBalancer Service on kind (no cloud): EXTERNAL-IP stays <pending>; the pods run.
  { file: 'application/nginx-app.yaml', ends: { running: 3 } },
  { file: 'application/nginx-with-request.yaml', ends: { running: 2 } },
  { file: 'application/nginx/nginx-deployment.yaml', ends: { running: 3 } },
  { file: 'application/nginx/nginx-svc.yaml', ends: { stored: ['service/my-nginx-svc'] } },
  { file: 'application/simple_deployment.yaml', ends: { running: 1 } },
];
