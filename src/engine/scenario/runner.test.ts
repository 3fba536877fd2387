import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse';
import { runScenario } from './runner';

const run = (yaml: string) => runScenario(parseScenario(yaml), { file: 'test.yaml' });

const badDeployment = `
      apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web }
      spec:
        replicas: -1
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec: { containers: [{ name: nginx, image: nginx }] }`;

describe('the headless runner', () => {
  it('fails the run when an apply or kubectl step fails, naming the line', () => {
    const out = run(`cluster: { workers: 1 }
steps:
  - kubectl: get nodes
  - kubectl: get frobs
  - apply: |${badDeployment}
`);
    expect(out.ok).toBe(false);
    expect(out.lines.filter((l) => l.startsWith('✗'))).toEqual([
      '✗ line 4: kubectl get frobs failed (exit code 1); add `expectError: true` if that is intended',
      '✗ line 5: kubectl apply -f - failed (exit code 1); add `expectError: true` if that is intended',
    ]);
    // The output of every step is kept, the failing ones' too.
    expect(out.lines).toContain('$ kubectl get nodes');
    expect(out.lines.some((l) => /^worker-1\s+Ready/.test(l))).toBe(true);
    expect(out.lines).toContain(
      'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });

  it('passes a failing step that says expectError: true, and fails one that then succeeds', () => {
    const ok = run(`steps:
  - kubectl: get frobs
    expectError: true
  - expectOutput: { contains: 'error: the server doesn''t have a resource type "frobs"', exitCode: 1 }
  - apply: |${badDeployment}
    expectError: true
`);
    expect(ok.lines.filter((l) => l.startsWith('✗'))).toEqual([]);
    expect(ok.ok).toBe(true);
    const wrong = run(`steps:
  - kubectl: get nodes
    expectError: true
`);
    expect(wrong.ok).toBe(false);
    expect(wrong.lines).toContain(
      '✗ line 2: kubectl get nodes succeeded, but the step says `expectError: true`',
    );
  });

  it('a fault that cannot be made fails the run and keeps the output printed before it', () => {
    const out = run(`cluster: { workers: 1 }
steps:
  - kubectl: get nodes
  - fault: { stop: kubelet, node: worker-9 }
  - kubectl: get nodes -o name
`);
    expect(out.ok).toBe(false);
    expect(out.lines).toContain('$ kubectl get nodes');
    expect(out.lines).toContain('# fault: no component "kubelet@worker-9"');
    expect(out.lines.filter((l) => l.startsWith('✗'))[0]).toMatch(/^✗ line 4: fault: no component/);
    expect(out.lines).toContain('node/worker-1');
  });

  it('runs a task by its solution, waits for its check, and answers a prediction', () => {
    const out = run(`cluster: { workers: 2, seed: 4 }
steps:
  - predict: How many pods will run?
    choices: ['1', '2']
    answer: '2'
    why: The Deployment asks for two.
    then:
      - kubectl: create deployment web --image=nginx:1.27 --replicas=2
  - task: Scale web to 3.
    check:
      - { kind: Deployment, name: web, fields: { spec.replicas: 3 } }
      - { kind: Pod, name: 'web-*', phase: Running, count: 3 }
      - ran: scale
    solution:
      - kubectl: scale deployment web --replicas=3
  - kubectl: logs deployment/web
  - wait-for: { ran: logs }
`);
    expect(out.lines.filter((l) => l.startsWith('✗'))).toEqual([]);
    expect(out.lines).toContain('? How many pods will run?');
    expect(out.lines).toContain('  ● 2');
    expect(out.lines).toContain('  $ kubectl scale deployment web --replicas=3');
    expect(out.lines.find((l) => l.startsWith('✓ task done after'))).toMatch(
      /^✓ task done after \d+(\.\d)?s: Deployment name=web spec.replicas=3; /,
    );
    expect(out.lines).toContain('✓ wait-for held after 0s: ran kubectl logs');
  });

  it('fails a task whose solution does not meet its check, and a wait-for that holds too soon', () => {
    const out = run(`cluster: { workers: 1 }
steps:
  - task: Make a pod.
    check: { kind: Pod, name: web }
    within: 10s
    solution:
      - wait: 1s
  - wait-for: { kind: Node, name: worker-1, ready: true }
    notBefore: 40s
`);
    expect(out.ok).toBe(false);
    expect(out.lines.filter((l) => l.startsWith('✗'))).toEqual([
      '✗ line 3: task check Pod name=web: after 10s: expected a matching Pod, found none',
      '✗ line 8: wait-for Node name=worker-1 ready=true: held after 0s, sooner than notBefore 40s',
    ]);
  });
});
