/** The corpus's application/ examples added with the folder-by-folder copy (./k8sExamples). */
import type { Example } from './k8sExampleTypes';

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
    // The first pod (index 0) reverses its downward-API file holding its completion index.
    ends: { succeeded: 5, logs: '0' },
  },
  {
    file: 'application/job/indexed-job.yaml',
    // The init container (bash) writes items[JOB_COMPLETION_INDEX]; pod 0's worker reverses foo.
    ends: { succeeded: 5, logs: 'oof' },
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
  // corpus-apps: the rest of the folder.
  // "Coarse Parallel Processing Using a Work Queue": the page's image name keeps its
  // placeholder, which is not a valid reference: the kubelet refuses it (InvalidImageName).
  { file: 'application/job/rabbitmq/job.yaml', ends: { status: ['InvalidImageName'] } },
  {
    file: 'application/job/rabbitmq/rabbitmq-service.yaml',
    ends: { stored: ['service/rabbitmq-service'] },
  },
  { file: 'application/job/rabbitmq/rabbitmq-statefulset.yaml', ends: { running: 1 } },
  // "Fine Parallel Processing Using a Work Queue": job-wq-2 is the image the reader builds and
  // pushes to their own project; pulled from gcr.io/myproject it fails.
  {
    file: 'application/job/redis/job.yaml',
    ends: { status: ['ErrImagePull', 'ImagePullBackOff'] },
    offline: 'the worker image is one the reader builds and pushes to a registry of their own',
  },
  { file: 'application/job/redis/redis-pod.yaml', ends: { running: 1 } },
  { file: 'application/job/redis/redis-service.yaml', ends: { stored: ['service/redis'] } },
  // "Use Port Forwarding to Access Applications in a Cluster".
  { file: 'application/mongodb/mongo-deployment.yaml', ends: { running: 1 } },
  { file: 'application/mongodb/mongo-service.yaml', ends: { stored: ['service/mongo'] } },
  // "Run a Single-Instance Stateful Application": the claim binds the manual hostPath PV.
  { file: 'application/mysql/mysql-configmap.yaml', ends: { stored: ['configmap/mysql'] } },
  {
    file: 'application/mysql/mysql-deployment.yaml',
    before: ['apply -f application/mysql/mysql-pv.yaml'],
    ends: { running: 1 },
  },
  {
    file: 'application/mysql/mysql-pv.yaml',
    ends: { stored: ['persistentvolume/mysql-pv-volume', 'persistentvolumeclaim/mysql-pv-claim'] },
  },
  {
    file: 'application/mysql/mysql-services.yaml',
    ends: { stored: ['service/mysql', 'service/mysql-read'] },
  },
  // "Run a Replicated Stateful Application": mysql-0..2 Running 2/2 on the page.
  {
    file: 'application/mysql/mysql-statefulset.yaml',
    before: [
      'apply -f application/mysql/mysql-configmap.yaml',
      'apply -f application/mysql/mysql-services.yaml',
    ],
    ends: { running: 3 },
    // mysql: mysql-1 is cloned from mysql-0 (ncat | xbstream, xtrabackup --prepare) and
    // mysql-2 from mysql-1, both replicating from mysql-0 (CHANGE MASTER TO, START SLAVE); each
    // xtrabackup sidecar then serves clones with `ncat --listen`.
    shows: [
      {
        kubectl: 'exec mysql-2 -c mysql -- mysql -e "SHOW SLAVE STATUS\\G"',
        contains: ['Master_Host: mysql-0.mysql', 'Slave_IO_Running: Yes', 'Master_Server_Id: 100'],
      },
    ],
  },
  // A claim restored from a VolumeSnapshot: kind's local-path provisioner cannot, it stays Pending.
  {
    file: 'application/restore-pvc.yaml',
    ends: { stored: ['persistentvolumeclaim/restored-pvc'] },
  },
  // "Server-Side Apply" (the Deployment without replicas gets the default 1).
  { file: 'application/ssa/nginx-deployment-no-replicas.yaml', ends: { running: 1 } },
  { file: 'application/ssa/nginx-deployment-replicas-only.yaml', ends: { running: 3 } },
  { file: 'application/ssa/nginx-deployment.yaml', ends: { running: 3 } },
  { file: 'application/update_deployment.yaml', ends: { running: 1 } },
  // kind installs no snapshot CRDs (external-snapshotter): the kinds are unknown.
  {
    file: 'application/volume-snaphot.yaml',
    ends: {
      refused:
        'no matches for kind "VolumeSnapshot" in version "snapshot.storage.k8s.io/v1"\nensure CRDs are installed first',
    },
  },
  {
    file: 'application/volume-snapshot-class.yaml',
    ends: {
      refused:
        'no matches for kind "VolumeSnapshotClass" in version "snapshot.storage.k8s.io/v1"\nensure CRDs are installed first',
    },
  },
  // "StatefulSet Basics": web-0 then web-1 (Parallel: both at once), claims from `standard`.
  { file: 'application/web/web-parallel.yaml', ends: { running: 2 } },
  { file: 'application/web/web.yaml', ends: { running: 2 } },
  // "Deploying WordPress and MySQL with Persistent Volumes": the kustomization's secret first.
  ...['mysql-deployment.yaml', 'wordpress-deployment.yaml'].map((file): Example => ({
    file: `application/wordpress/${file}`,
    before: ['create secret generic mysql-pass --from-literal=password=YOUR_PASSWORD'],
    ends: { running: 1 },
  })),
  // "Running ZooKeeper": zk-0, zk-1, zk-2 Running (OrderedReady), with the PodDisruptionBudget.
  { file: 'application/zookeeper/zookeeper.yaml', ends: { running: 3 } },
];
