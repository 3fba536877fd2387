/**
 * Golden transcripts of the ResourceQuota and LimitRange task pages
 * (docs/tasks/administer-cluster/manage-resources/ and quota-api-object), each run with the
 * manifests the page applies (copied under testing/k8s-examples/admin/resource), and the
 * ReplicationController example. Each was checked against the output its page prints: the
 * quota's status.hard/used, the refusal texts, the requests and limits a LimitRange gives a
 * container. Regenerate after an intended change with
 * `UPDATE_GOLDEN=1 npx vitest run src/engine/kubectl/quotaGolden.test.ts` and review the diff.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { expectGolden } from '../testing/golden';
import { kubectlTranscript } from '../testing/kubectlTranscript';

const here = dirname(fileURLToPath(import.meta.url));
const examples = join(here, '..', 'testing', 'k8s-examples');

/** The corpus's files, by their path under content/en/examples/. */
const files = new Proxy({} as Record<string, string>, {
  get: (_t, name: string) => readFileSync(join(examples, name), 'utf8'),
});

function golden(name: string, steps: string[]): void {
  const actual = kubectlTranscript(steps, files, { workers: 2, streamLimitMs: 20_000 });
  expectGolden(join(here, 'testdata', 'quota', `${name}.golden.txt`), actual);
}

const apply = (file: string, ns: string) => `apply -f admin/resource/${file} --namespace=${ns}`;

describe('quota and limit range golden transcripts', () => {
  it('configure memory and CPU quotas for a namespace (quota-memory-cpu-namespace)', () => {
    const ns = 'quota-mem-cpu-example';
    golden('quota-memory-cpu', [
      `create namespace ${ns}`,
      apply('quota-mem-cpu.yaml', ns),
      'wait 2',
      `get resourcequota mem-cpu-demo --namespace=${ns} --output=yaml`,
      apply('quota-mem-cpu-pod.yaml', ns),
      'wait 20',
      `get pod quota-mem-cpu-demo --namespace=${ns}`,
      `get resourcequota mem-cpu-demo --namespace=${ns} --output=jsonpath={.status}`,
      apply('quota-mem-cpu-pod-2.yaml', ns),
      `get quota --namespace=${ns}`,
      `describe quota mem-cpu-demo --namespace=${ns}`,
      // A pod without limits is refused while the quota limits them.
      `run no-limits --image=nginx --namespace=${ns}`,
    ]);
  });

  it('configure a pod quota for a namespace (quota-pod-namespace)', () => {
    const ns = 'quota-pod-example';
    golden('quota-pod', [
      `create namespace ${ns}`,
      apply('quota-pod.yaml', ns),
      'wait 2',
      `get resourcequota pod-demo --namespace=${ns} --output=yaml`,
      apply('quota-pod-deployment.yaml', ns),
      'wait 30',
      `get deployment pod-quota-demo --namespace=${ns}`,
      `get pods --namespace=${ns}`,
      `get quota --namespace=${ns}`,
      `get deployment pod-quota-demo --namespace=${ns} -o jsonpath='{.status.conditions[?(@.type=="ReplicaFailure")].message}'`,
      `describe rs --namespace=${ns}`,
    ]);
  });

  it('configure quotas for API objects (quota-api-object)', () => {
    const ns = 'quota-object-example';
    golden('quota-objects', [
      `create namespace ${ns}`,
      apply('quota-objects.yaml', ns),
      'wait 2',
      `get resourcequota object-quota-demo --namespace=${ns} --output=jsonpath={.status}`,
      apply('quota-objects-pvc.yaml', ns),
      `get persistentvolumeclaims --namespace=${ns}`,
      apply('quota-objects-pvc-2.yaml', ns),
      `create service nodeport web --tcp=80:80 --namespace=${ns}`,
      'wait 2',
      `describe quota --namespace=${ns}`,
    ]);
  });

  it('default memory and CPU requests and limits (memory- and cpu-default-namespace)', () => {
    const ns = 'default-mem-example';
    golden('limit-range-defaults', [
      `create namespace ${ns}`,
      apply('memory-defaults.yaml', ns),
      apply('memory-defaults-pod.yaml', ns),
      `get pod default-mem-demo --namespace=${ns} -o jsonpath={.spec.containers[0].resources}`,
      `get pod default-mem-demo --namespace=${ns} -o jsonpath={.metadata.annotations}`,
      apply('memory-defaults-pod-2.yaml', ns),
      `get pod default-mem-demo-2 --namespace=${ns} -o jsonpath={.spec.containers[0].resources}`,
      apply('memory-defaults-pod-3.yaml', ns),
      `get pod default-mem-demo-3 --namespace=${ns} -o jsonpath={.spec.containers[0].resources}`,
      'create namespace default-cpu-example',
      apply('cpu-defaults.yaml', 'default-cpu-example'),
      apply('cpu-defaults-pod.yaml', 'default-cpu-example'),
      apply('cpu-defaults-pod-2.yaml', 'default-cpu-example'),
      apply('cpu-defaults-pod-3.yaml', 'default-cpu-example'),
      'get pods -n default-cpu-example -o custom-columns=NAME:.metadata.name,RESOURCES:.spec.containers[0].resources',
      'get limitrange -n default-cpu-example',
      'describe limitrange cpu-limit-range -n default-cpu-example',
    ]);
  });

  it('minimum and maximum memory and CPU constraints (memory- and cpu-constraint-namespace)', () => {
    const ns = 'constraints-mem-example';
    golden('limit-range-constraints', [
      `create namespace ${ns}`,
      apply('memory-constraints.yaml', ns),
      `get limitrange mem-min-max-demo-lr --namespace=${ns} --output=jsonpath={.spec}`,
      apply('memory-constraints-pod.yaml', ns),
      `get pod constraints-mem-demo --namespace=${ns} -o jsonpath={.spec.containers[0].resources}`,
      `delete pod constraints-mem-demo --namespace=${ns}`,
      apply('memory-constraints-pod-2.yaml', ns),
      apply('memory-constraints-pod-3.yaml', ns),
      apply('memory-constraints-pod-4.yaml', ns),
      `get pod constraints-mem-demo-4 --namespace=${ns} -o jsonpath={.spec.containers[0].resources}`,
      `describe limitrange --namespace=${ns}`,
      'create namespace constraints-cpu-example',
      apply('cpu-constraints.yaml', 'constraints-cpu-example'),
      'get limitrange cpu-min-max-demo-lr --namespace=constraints-cpu-example --output=jsonpath={.spec}',
      apply('cpu-constraints-pod-2.yaml', 'constraints-cpu-example'),
      apply('cpu-constraints-pod-3.yaml', 'constraints-cpu-example'),
      apply('cpu-constraints-pod-4.yaml', 'constraints-cpu-example'),
      'get pod constraints-cpu-demo-4 --namespace=constraints-cpu-example -o jsonpath={.spec.containers[0].resources}',
    ]);
  });

  it('a ReplicationController: get, wide, describe, scale and a cascading delete', () => {
    golden('replication-controller', [
      'apply -f controllers/replication.yaml',
      'wait 20',
      'get rc',
      'get rc -o wide',
      'get all',
      'describe rc nginx',
      'scale rc nginx --replicas=1',
      'wait 5',
      'get rc nginx',
      'get pods',
      'delete rc nginx',
      'wait 40',
      'get pods',
    ]);
  });
});
