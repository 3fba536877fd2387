/**
 * Golden tests: fixed-seed runs of kubectl sessions, compared line by line with checked-in
 * transcripts in testdata/*.golden.txt (real kubectl v1.31 formatting: columns, widths, `<none>`,
 * `<pending>`, AGE). Regenerate after an intended change with
 * `UPDATE_GOLDEN=1 npx vitest run src/engine/kubectl/golden.test.ts` and review the diff.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, it } from 'vitest';
import { expectGolden } from '../testing/golden';
import { kubectlTranscript } from '../testing/kubectlTranscript';
import { loadExplainData } from './explainData';

const here = dirname(fileURLToPath(import.meta.url));

function transcript(steps: string[], files: Record<string, string> = {}, workers = 3): string {
  // -w and -f stop after 20 s of virtual time in the test.
  return kubectlTranscript(steps, files, { workers, streamLimitMs: 20_000 });
}

function golden(name: string, actual: string): void {
  expectGolden(join(here, 'testdata', `${name}.golden.txt`), actual);
}

const WEB = `apiVersion: apps/v1
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
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: LoadBalancer
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 80
`;

describe('kubectl golden transcripts', () => {
  // explain's data is a chunk of its own, loaded on first use; these sessions run synchronously.
  beforeAll(() => loadExplainData());

  it('deployment and service', () => {
    golden(
      'deployment-service',
      transcript(
        [
          'apply -f web.yaml',
          'get pods',
          'wait 30',
          'get deploy,rs -o wide',
          'get pods -o wide',
          'get svc',
          'get endpoints web',
          'apply -f web.yaml',
          'scale deployment web --replicas=5',
          'rollout status deployment/web',
          'get all',
          'describe deployment web',
          'describe service web',
          'get pods --show-labels -l app=web',
          'get deployment web -o jsonpath={.spec.replicas}',
          'get pods -o name',
        ],
        { 'web.yaml': WEB },
      ),
    );
  });

  it('imperative create, expose, rollout and labels', () => {
    golden(
      'create-expose-rollout',
      transcript([
        'create deployment web --image=nginx --replicas=3 --port=80',
        'create deployment web --image=nginx',
        'expose deployment web --port=80 --target-port=80 --type=NodePort',
        'create service clusterip api --tcp=8080:80',
        'create namespace team-a',
        'create configmap settings --from-literal=mode=fast --from-literal=level=3',
        'create secret generic token --from-literal=key=s3cr3t',
        'get cm,secret',
        'wait 30',
        'set image deployment/web nginx=nginx:1.27',
        'rollout status deployment/web',
        'rollout history deployment/web',
        'rollout undo deployment/web',
        'rollout restart deployment/web',
        'rollout pause deployment/web',
        'rollout pause deployment/web',
        'rollout resume deployment/web',
        'label deployment web tier=frontend',
        'label deployment web tier=backend',
        'label deployment web tier=backend --overwrite',
        'label deployment web tier-',
        'annotate deployment web owner=team-a',
        'get svc',
        'delete svc api',
        'delete deployment web',
      ]),
    );
  });

  it('a job and its logs', () => {
    golden(
      'job',
      transcript([
        'create job hello --image=busybox -- echo hello from the job',
        'wait 30',
        'get jobs',
        'get pods',
        'logs job/hello',
        'describe job hello',
      ]),
    );
  });

  it('a failing image', () => {
    golden(
      'failing-image',
      transcript([
        'create deployment bad --image=nginx:doesnotexist',
        'wait 60',
        'get pods',
        'describe pods bad',
        'get events --field-selector type=Warning',
      ]),
    );
  });

  it('taint, cordon, drain and uncordon a node', () => {
    golden(
      'node-maintenance',
      transcript(
        [
          'apply -f web.yaml',
          'wait 30',
          'taint nodes worker-1 dedicated=gpu:NoSchedule',
          'taint nodes worker-1 dedicated=gpu:NoSchedule',
          'taint nodes worker-1 dedicated:NoSchedule-',
          'cordon worker-1',
          'get nodes',
          'drain worker-1 --ignore-daemonsets',
          'wait 30',
          'get pods -o wide',
          'uncordon worker-1',
          'get nodes',
          'describe node worker-2',
        ],
        { 'web.yaml': WEB },
        2,
      ),
    );
  });

  it('errors, exit codes and deletes', () => {
    golden(
      'errors',
      transcript([
        'get',
        'get foo',
        'get pods nope',
        'get pods --foo',
        'gte pods',
        'describe pod nope',
        'logs',
        'logs nope',
        'delete pods',
        'delete',
        'scale deployment web',
        'rollout status deployment/nope',
        'create deployment',
        'create deployment x',
        'apply -f missing.yaml',
        'run nginx --image=nginx',
        'get pods -o foo',
        'create deployment solo --image=nginx',
        'wait 20',
        'delete pod -l app=solo --force',
        'delete deployment solo --cascade=orphan',
        'delete deployment solo',
        'delete pods --all --now',
      ]),
    );
  });

  it('cluster information commands', () => {
    golden(
      'cluster-info',
      transcript([
        'version',
        'version --client',
        'cluster-info',
        'api-resources',
        'get cs',
        'get nodes',
        'get ns',
        'get sa',
        'get nodes -o wide',
        'get pods -A',
        'describe namespace default',
      ]),
    );
  });

  it('watching and following', () => {
    golden(
      'watch',
      transcript([
        'create deployment web --image=nginx --replicas=2',
        'get pods -w',
        'events',
        'logs deployment/web -f --tail=3',
      ]),
    );
  });

  it('explain', () => {
    golden(
      'explain',
      transcript([
        'explain pods',
        'explain deployment.spec.replicas',
        'explain svc.spec.ports --recursive',
        'explain pods.spec.nope',
      ]),
    );
  });
  it('waiting, stuck and hostile objects', () => {
    golden(
      'stuck',
      transcript(
        [
          'apply -f pods.yaml',
          'logs slow',
          'logs nopull',
          'wait 20',
          'logs nopull',
          'delete pod held --timeout=10s',
          'get pod held',
          'apply -f stuck.yaml',
          'rollout status deployment/stuck',
          'get cm hostile',
          'describe cm hostile',
          'apply -f empty.yaml',
          'apply -f partial.yaml',
          'apply -f list.yaml',
        ],
        {
          'pods.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: slow
spec:
  containers:
  - name: app
    image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: nopull
spec:
  containers:
  - name: app
    image: registry.example/missing:1
---
apiVersion: v1
kind: Pod
metadata:
  name: held
  finalizers:
  - example.com/hold
spec:
  containers:
  - name: app
    image: nginx:1.27
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: hostile
  annotations:
    note: "\\e[2J\\e[31mred\\r"
  labels:
    tier: "a"
data:
  k: v
`,
          'stuck.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: stuck
spec:
  progressDeadlineSeconds: 30
  selector:
    matchLabels: {app: stuck}
  template:
    metadata:
      labels: {app: stuck}
    spec:
      containers:
      - name: app
        image: registry.example/missing:1
`,
          'empty.yaml': '---\n',
          'partial.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: first}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: second}
data:
  a: b
   c: d
---
apiVersion: v1
kind: ConfigMap
metadata: {name: third}
`,
          'list.yaml': `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: listed-a}
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: listed-b}
`,
        },
        1,
      ),
    );
  });
});
