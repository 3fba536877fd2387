/**
 * Golden transcripts of the workload tutorials of issue 14 (DaemonSet, StatefulSet, CronJob…),
 * run as in golden.test.ts: a fixed seed, each kubectl line with its output, compared line by
 * line with testdata/workloads/*.golden.txt. Each was checked against the output printed on the
 * kubernetes.io page it follows (named in its test), where that page's output is still what
 * kubectl v1.31 prints. Regenerate after an intended change with
 * `UPDATE_GOLDEN=1 npx vitest run src/engine/kubectl/workloadsGolden.test.ts` and review the diff.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { expectGolden } from '../testing/golden';
import { kubectlTranscript } from '../testing/kubectlTranscript';

const here = dirname(fileURLToPath(import.meta.url));

/** kubectl lines or `wait <seconds>`, run like a terminal session. */
function transcript(steps: string[], files: Record<string, string> = {}, workers = 2): string {
  return kubectlTranscript(steps, files, { workers, streamLimitMs: 60_000 });
}

function golden(name: string, actual: string): void {
  expectGolden(join(here, 'testdata', 'workloads', `${name}.golden.txt`), actual);
}

/**
 * content/en/examples/controllers/fluentd-daemonset.yaml, with the image the simulated
 * registry serves (quay.io/fluentd_elasticsearch/fluentd is the images track's to add).
 */
const FLUENTD = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd-elasticsearch
  namespace: kube-system
  labels:
    k8s-app: fluentd-logging
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: fluentd-elasticsearch
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 1
  template:
    metadata:
      labels:
        app.kubernetes.io/name: fluentd-elasticsearch
    spec:
      tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      - key: node-role.kubernetes.io/master
        operator: Exists
        effect: NoSchedule
      containers:
      - name: fluentd-elasticsearch
        image: nginx:1.26
        volumeMounts:
        - name: varlog
          mountPath: /var/log
      terminationGracePeriodSeconds: 30
      volumes:
      - name: varlog
        hostPath:
          path: /var/log
`;

/**
 * content/en/examples/application/web/web.yaml (the headless Service and the StatefulSet), with
 * an nginx image the simulated registry serves in place of registry.k8s.io/nginx-slim.
 */
const WEB = `apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: "nginx"
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.26
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
`;

/** content/en/examples/application/job/cronjob.yaml */
const CRONJOB = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: hello
            image: busybox:1.28
            imagePullPolicy: IfNotPresent
            command:
            - /bin/sh
            - -c
            - date; echo Hello from the Kubernetes cluster
          restartPolicy: OnFailure
`;

describe('workload golden transcripts', () => {
  it('CronJob: /docs/tasks/job/automated-tasks-with-cron-jobs/', () => {
    golden(
      'cronjob',
      transcript(
        [
          'create -f cronjob.yaml',
          'get cronjob hello',
          'wait 60',
          'get jobs',
          'get cronjob hello',
          'wait 200',
          'get jobs',
          'get pods --selector=job-name=hello-29460064 --output=jsonpath={.items[*].metadata.name}',
          'logs job/hello-29460064',
          'describe cronjob hello',
          'get cronjob hello -o wide',
          'delete cronjob hello',
          'wait 10',
          'get jobs',
        ],
        { 'cronjob.yaml': CRONJOB },
      ),
    );
  });

  it('StatefulSet: /docs/tutorials/stateful-application/basic-stateful-set/', () => {
    golden(
      'statefulset',
      transcript(
        [
          'apply -f web.yaml',
          'get service nginx',
          'get statefulset web',
          'rollout status sts/web',
          'get pods -l app=nginx',
          'delete pod -l app=nginx',
          'get pods -l app=nginx',
          'wait 30',
          'get pods -l app=nginx -o wide',
          'scale sts web --replicas=5',
          'rollout status sts/web',
          'scale sts web --replicas=3',
          'wait 40',
          'get pods -l app=nginx',
          'get pvc -l app=nginx',
          'set image sts/web nginx=nginx:1.27',
          'rollout status sts/web',
          'get pods -l app=nginx -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image',
          'rollout history sts/web',
          'rollout undo sts/web',
          'rollout status sts/web',
          'get controllerrevisions',
          'describe sts web',
          'get sts -o wide',
          'delete sts web',
          'wait 40',
          'get pods -l app=nginx',
        ],
        { 'web.yaml': WEB },
      ),
    );
  });

  it('DaemonSet: /docs/tasks/manage-daemon/update-daemon-set/ and rollback-daemon-set/', () => {
    golden(
      'daemonset',
      transcript(
        [
          'apply -f fluentd-daemonset.yaml',
          `get ds/fluentd-elasticsearch -o go-template='{{.spec.updateStrategy.type}}{{"\\n"}}' -n kube-system`,
          'rollout status ds/fluentd-elasticsearch -n kube-system',
          'get ds -n kube-system',
          'get pods -l app.kubernetes.io/name=fluentd-elasticsearch -o wide -n kube-system',
          'set image ds/fluentd-elasticsearch fluentd-elasticsearch=nginx:1.27 -n kube-system',
          'rollout status ds/fluentd-elasticsearch -n kube-system',
          'rollout history daemonset fluentd-elasticsearch -n kube-system',
          'rollout history daemonset fluentd-elasticsearch -n kube-system --revision=1',
          'get controllerrevision -l app.kubernetes.io/name=fluentd-elasticsearch -n kube-system',
          'rollout undo daemonset fluentd-elasticsearch -n kube-system --to-revision=1',
          'rollout status ds/fluentd-elasticsearch -n kube-system',
          'get controllerrevision -n kube-system -o wide',
          'describe ds fluentd-elasticsearch -n kube-system',
          'get ds -n kube-system -o wide',
          'rollout pause ds/fluentd-elasticsearch -n kube-system',
          'delete ds fluentd-elasticsearch -n kube-system',
          'wait 40',
          'get pods -n kube-system',
        ],
        { 'fluentd-daemonset.yaml': FLUENTD },
      ),
    );
  });
});
