/** One entry of the editor's "Examples" menu. */
export interface ExampleManifest {
  /** Stable id, usable in URLs and tests. */
  readonly id: string;
  /** Menu label. */
  readonly title: string;
  /** One sentence on what applying it shows. */
  readonly description: string;
  /** The manifest text, one or more YAML documents. */
  readonly yaml: string;
}

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  containers:
    - name: nginx
      image: nginx:1.27
      ports:
        - containerPort: 80
`;

const deploymentWithService = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports:
            - containerPort: 80
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: ClusterIP
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: 80
`;

const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: hello
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: hello
          image: busybox:1.36
          command: ["sh", "-c", "echo hello from the job && sleep 3"]
`;

const badImage = `# The tag does not exist: watch the kubelet's pull fail, then back off.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: broken
  labels:
    app: broken
spec:
  replicas: 2
  selector:
    matchLabels:
      app: broken
  template:
    metadata:
      labels:
        app: broken
    spec:
      containers:
        - name: nginx
          image: nginx:1.27-doesnotexist
          ports:
            - containerPort: 80
`;

const invalid = `# The API server rejects this Deployment. Apply it, read the errors, fix both fields.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: invalid
spec:
  replicas: -1
  selector:
    matchLabels:
      app: frontend
  template:
    metadata:
      labels:
        app: backend
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
`;

const threePods = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
    - name: nginx
      image: nginx:1.27
      ports:
        - containerPort: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: cache
  labels:
    app: cache
spec:
  containers:
    - name: redis
      image: redis:7.4
      ports:
        - containerPort: 6379
---
apiVersion: v1
kind: Pod
metadata:
  name: shell
  labels:
    app: shell
spec:
  containers:
    - name: busybox
      image: busybox:1.36
      command: ["sleep", "3600"]
`;

const cronJob = `# Every minute the CronJob controller creates a Job, and the Job a Pod.
apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "* * * * *"
  successfulJobsHistoryLimit: 3
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: hello
              image: busybox:1.36
              command: ["sh", "-c", "date; echo Hello from the Kubernetes cluster"]
`;

const statefulSet = `# Stable names (web-0, web-1), started one at a time, each with its own volume.
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
    - name: web
      port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
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
          image: registry.k8s.io/nginx-slim:0.24
          ports:
            - name: web
              containerPort: 80
          volumeMounts:
            - name: www
              mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
    - metadata:
        name: www
      spec:
        accessModes: ["ReadWriteOnce"]
        resources:
          requests:
            storage: 1Gi
`;

const daemonSet = `# One Pod on every worker; a node that joins later gets its own.
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  labels:
    app: node-agent
spec:
  selector:
    matchLabels:
      app: node-agent
  template:
    metadata:
      labels:
        app: node-agent
    spec:
      containers:
        - name: agent
          image: busybox:1.36
          command: ["sh", "-c", "while true; do echo collecting on $(hostname); sleep 30; done"]
          resources:
            requests:
              cpu: 10m
              memory: 16Mi
`;

const configMap = `# The ConfigMap's keys become files in the Pod, and one becomes a variable.
# Read them with: kubectl logs config-reader
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  greeting: Hello from a ConfigMap
  log_level: debug
---
apiVersion: v1
kind: Pod
metadata:
  name: config-reader
spec:
  containers:
    - name: reader
      image: busybox:1.36
      command: ["sh", "-c", "ls /etc/config; cat /etc/config/greeting; echo; echo LOG_LEVEL=$LOG_LEVEL; sleep 3600"]
      env:
        - name: LOG_LEVEL
          valueFrom:
            configMapKeyRef:
              name: app-config
              key: log_level
      volumeMounts:
        - name: config
          mountPath: /etc/config
  volumes:
    - name: config
      configMap:
        name: app-config
`;

const autoscaling = `# Needs the metrics-server addon: Cluster › metrics-server addon, then Reset.
# The load generator keeps php-apache busy; the autoscaler adds Pods until the
# average CPU use is near 50 % of the request. Delete load-generator to see it
# scale back down after its 5-minute window.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: php-apache
spec:
  selector:
    matchLabels:
      run: php-apache
  template:
    metadata:
      labels:
        run: php-apache
    spec:
      containers:
        - name: php-apache
          image: registry.k8s.io/hpa-example
          ports:
            - containerPort: 80
          resources:
            limits:
              cpu: 500m
            requests:
              cpu: 200m
---
apiVersion: v1
kind: Service
metadata:
  name: php-apache
spec:
  ports:
    - port: 80
  selector:
    run: php-apache
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: php-apache
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: php-apache
  minReplicas: 1
  maxReplicas: 10
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 50
---
apiVersion: v1
kind: Pod
metadata:
  name: load-generator
spec:
  containers:
    - name: load-generator
      image: busybox:1.28
      command: ["/bin/sh", "-c", "while sleep 0.01; do wget -q -O- http://php-apache; done"]
`;

/** The example manifests offered in the editor's menu, in menu order. */
export const EXAMPLES: readonly ExampleManifest[] = [
  {
    id: 'pod',
    title: 'A Pod',
    description: 'One nginx Pod: watch the scheduler bind it and the kubelet start it.',
    yaml: pod,
  },
  {
    id: 'deployment-service',
    title: 'A Deployment with a Service',
    description:
      'Three nginx replicas behind a ClusterIP Service: Deployment → ReplicaSet → Pods → Endpoints.',
    yaml: deploymentWithService,
  },
  {
    id: 'job',
    title: 'A Job',
    description: 'A busybox Job that prints a line and completes; at most 2 retries.',
    yaml: job,
  },
  {
    id: 'cronjob',
    title: 'A CronJob',
    description: 'Every minute a new Job: CronJob → Job → Pod, and only the last three kept.',
    yaml: cronJob,
  },
  {
    id: 'statefulset',
    title: 'A StatefulSet with storage',
    description:
      'Pods web-0 and web-1, created in order, each bound to its own PersistentVolumeClaim.',
    yaml: statefulSet,
  },
  {
    id: 'daemonset',
    title: 'A DaemonSet',
    description: 'One agent Pod per worker node, placed by the DaemonSet controller.',
    yaml: daemonSet,
  },
  {
    id: 'configmap',
    title: 'A ConfigMap as files',
    description: 'Keys of a ConfigMap mounted as files and read by the Pod; one as a variable.',
    yaml: configMap,
  },
  {
    id: 'autoscaling',
    title: 'An autoscaled Deployment',
    description:
      'A HorizontalPodAutoscaler and a load generator (needs Cluster › metrics-server addon).',
    yaml: autoscaling,
  },
  {
    id: 'bad-image',
    title: 'A Deployment with a bad image',
    description: 'An image tag that does not exist: ErrImagePull, then ImagePullBackOff.',
    yaml: badImage,
  },
  {
    id: 'invalid',
    title: 'An invalid manifest',
    description:
      'Negative replicas and a selector that does not match the template labels: rejected by validation.',
    yaml: invalid,
  },
  {
    id: 'three-pods',
    title: 'Three pods',
    description: 'Three single-container Pods in one file, separated by ---.',
    yaml: threePods,
  },
];

/** The example the editor starts with when nothing is saved. */
export const DEFAULT_EXAMPLE: ExampleManifest = EXAMPLES[1];
