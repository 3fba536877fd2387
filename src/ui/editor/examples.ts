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
