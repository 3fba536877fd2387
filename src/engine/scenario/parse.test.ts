import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse';
import { ScenarioError } from './error';

/** The error a file gives, or undefined when it parses. */
function error(text: string): string | undefined {
  try {
    parseScenario(text);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
}

const steps = (...lines: string[]) => `cluster: { workers: 1 }\nsteps:\n${lines.join('\n')}\n`;

describe('scenario files are validated completely (issue 15 item 5)', () => {
  it('`wait:` with no value names the line and asks for a duration', () => {
    expect(error(steps('  - kubectl: get pods', '  - wait:'))).toBe(
      'line 4: `wait` needs a duration such as 30s, 2m or 1m30s',
    );
  });

  it('`steps: {a: 1}` says steps is a list', () => {
    expect(error('steps: {a: 1}\n')).toMatch(/^line 1: `steps` is a list of steps/);
  });

  it('`expect: {name: 5}` names the missing kind, and a number where text belongs', () => {
    expect(error(steps('  - expect: {name: 5}'))).toBe(
      'line 3: `expect` needs `kind:` (Pod, Deployment, Event, …)',
    );
    expect(error(steps('  - expect:', '      kind: Pod', '      name: 5'))).toBe(
      'line 5: `expect.name` is text, not number 5',
    );
    expect(error(steps('  - expect: {kind: Pdo}'))).toBe('line 3: `expect`: unknown kind "Pdo"');
    expect(error(steps('  - expect: {kind: Pod, count: -1}'))).toBe(
      'line 3: `expect.count` is a whole number ≥ 0, not number -1',
    );
    expect(error(steps('  - expect: {kind: Pod, phaze: Running}'))).toMatch(
      /^line 3: unknown key `phaze` in `expect`/,
    );
  });

  it('refuses negative and endless durations', () => {
    expect(error(steps('  - wait: -5'))).toBe('line 3: `wait` must not be negative (got -5)');
    expect(error(steps('  - wait: -5s'))).toBe('line 3: `wait` must not be negative (got -5s)');
    expect(error(steps('  - sample: {for: -10s, expect: {kind: Pod}}'))).toBe(
      'line 3: `sample.for` must not be negative (got -10s)',
    );
    expect(error(steps('  - wait: 1e400'))).toBe('line 3: invalid duration Infinity');
    expect(error(steps('  - wait: 100000h'))).toBe(
      'line 3: `wait` is longer than the 30 days a scenario may wait (got 100000h)',
    );
    expect(error(steps('  - wait: 31d'))).toMatch(/^line 3: invalid duration "31d"/);
    expect(error(steps('  - wait: 720h'))).toBeUndefined();
    expect(error(steps('  - sample: {for: 30m, every: 1ms, expect: {kind: Pod}}'))).toBe(
      'line 3: `sample` would check 1800000 times; at most 100000',
    );
  });

  it('checks every step kind and its keys', () => {
    expect(error(steps('  - waitt: 5s'))).toMatch(/^line 3: a step has exactly one of apply/);
    expect(error(steps('  - wait: 5s', '    kubectl: get pods'))).toMatch(
      /^line 3: a step has exactly one of .* \(found wait, kubectl\)/,
    );
    expect(error(steps('  - kubectl: get pods', '    expectErrors: true'))).toBe(
      'line 4: unknown key `expectErrors` in a `kubectl` step (it takes expectError)',
    );
    expect(error(steps('  - kubectl: get pods', '    expectError: yes please'))).toBe(
      'line 4: `expectError` is true or false, not string "yes please"',
    );
    expect(error(steps('  - kubectl:'))).toBe('line 3: `kubectl` needs text, not nothing');
    expect(error(steps('  - fault: {stop: kubelet, start: etcd}'))).toMatch(
      /^line 3: a fault says one of/,
    );
    expect(error(steps('  - expectOutput: {exitCode: 300}'))).toBe(
      'line 3: `expectOutput.exitCode` is 0 to 255, not number 300',
    );
    expect(error(steps('  - 42'))).toBe(
      'line 3: a step is a mapping such as `wait: 30s`, not number 42',
    );
    expect(error('cluster: { workers: 0 }\nsteps: []\n')).toBe(
      'line 1: cluster.workers must be a whole number from 1 to 500, not number 0',
    );
    expect(error('cluster: { workers: 1 }\nstep: []\n')).toMatch(/^line 2: unknown key `step`/);
  });

  it('refuses a catastrophic regular expression when the file is read', () => {
    expect(error(steps('  - expectOutput: { matches: "(x+x+)+y" }'))).toMatch(
      /^line 3: pattern \/\(x\+x\+\)\+y\/ refused: a repeated group/,
    );
    expect(error(steps('  - expectOutput: { matches: "(" }'))).toMatch(
      /^line 3: invalid pattern \/\(\/: /,
    );
  });

  it('reads the lesson steps: narrate with highlight, task, predict, wait-for', () => {
    const s = parseScenario(
      [
        'title: The journey of a pod',
        'minutes: 10',
        'cluster: { workers: 2 }',
        'steps:',
        '  - narrate: The scheduler picks a node.',
        '    highlight: [kube-scheduler, pod/web]',
        '  - predict: Which node?',
        '    choices: [worker-1, worker-2]',
        '    answer: worker-2',
        '    why: It has more room.',
        '    then:',
        '      - kubectl: run web --image=nginx',
        '  - task: Scale web to 5.',
        '    hints: [Use kubectl scale.]',
        '    check:',
        '      - { kind: Deployment, name: web, fields: { spec.replicas: 5 } }',
        '      - ran: [scale, edit]',
        '    solution:',
        '      - kubectl: kubectl scale deployment web --replicas=5',
        '  - wait-for: { kind: Pod, phase: Running, count: 5 }',
        '    notBefore: 2s',
        '    timeout: 2m',
      ].join('\n'),
    );
    expect(s.title).toBe('The journey of a pod');
    expect(s.minutes).toBe(10);
    expect(s.steps).toEqual([
      { narrate: 'The scheduler picks a node.', highlight: ['kube-scheduler', 'pod/web'], line: 5 },
      {
        predict: {
          question: 'Which node?',
          choices: ['worker-1', 'worker-2'],
          answer: 1,
          why: 'It has more room.',
          then: [{ kubectl: 'run web --image=nginx', line: 12 }],
          highlight: [],
        },
        line: 7,
      },
      {
        task: {
          text: 'Scale web to 5.',
          hints: ['Use kubectl scale.'],
          check: [
            { kind: 'Deployment', name: 'web', fields: { 'spec.replicas': 5 } },
            { ran: ['scale', 'edit'] },
          ],
          solution: [{ kubectl: 'scale deployment web --replicas=5', line: 19 }],
          within: 300_000,
          highlight: [],
        },
        line: 13,
      },
      {
        waitFor: {
          check: [{ kind: 'Pod', phase: 'Running', count: 5 }],
          notBefore: 2000,
          timeout: 120_000,
          highlight: [],
        },
        line: 20,
      },
    ]);
  });

  it('names the line of a bad lesson step', () => {
    expect(error(steps('  - task: Scale web.', '    solution: [{kubectl: scale}]'))).toBe(
      'line 3: a `task` needs `check:`, the condition that tells it is done',
    );
    expect(
      error(
        steps(
          '  - task: Scale web.',
          '    check: {kind: Pod}',
          '    solution: [{expect: {kind: Pod}}]',
        ),
      ),
    ).toBe('line 5: `expect` cannot stand here: only apply, delete, kubectl, fault, wait');
    expect(
      error(
        steps('  - predict: Which?', '    choices: [a, b]', '    answer: c', '    why: because'),
      ),
    ).toBe('line 5: `answer` must be one of the choices, written the same (got string "c")');
    expect(error(steps('  - wait-for: {ran: logs, kind: Pod}'))).toBe(
      'line 3: unknown key `kind` in a `ran` condition (it takes ran)',
    );
    expect(error(steps('  - narrate: Hi', '    highlight: [3]'))).toBe(
      'line 4: `highlight` needs text, not number 3',
    );
  });
});
