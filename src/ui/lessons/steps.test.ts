import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../engine/publicScenario';
import { highlightTargets, panelSteps, textBlocks } from './steps';
import { emptyProgress, loadProgress, PROGRESS_KEY, saveProgress } from './progress';
import { requestAsCommand } from './LessonPanel';

describe('lesson panel steps', () => {
  it('shows the learner steps only, each with the actions the lesson runs before it', () => {
    const lesson = parseScenario(`steps:
  - narrate: Hello
  - kubectl: create deployment web --image=nginx
  - wait: 5s
  - expect: { kind: Deployment, name: web }
  - task: Scale it
    check: { kind: Deployment, name: web, fields: { spec.replicas: 2 } }
    hints: [Use scale]
    solution: [{ kubectl: scale deployment web --replicas=2 }]
  - expectOutput: { contains: scaled }
`);
    const steps = panelSteps(lesson);
    expect(steps.map((s) => Object.keys(s.step)[0])).toEqual(['narrate', 'task']);
    expect(steps[0].before).toEqual([]);
    expect(steps[1].before).toEqual([
      { kubectl: 'create deployment web --image=nginx', line: 3 },
      { wait: 5000, line: 4 },
    ]);
  });

  it('splits text into paragraphs, code blocks and inline code, as text', () => {
    expect(
      textBlocks(
        'Type this:\n\n  kubectl get pods\n  kubectl get nodes\n\nThen `<b>read</b>` it.\nNext line.',
      ),
    ).toEqual([
      { type: 'paragraph', parts: [{ code: false, text: 'Type this:' }] },
      { type: 'code', text: 'kubectl get pods\nkubectl get nodes' },
      {
        type: 'paragraph',
        parts: [
          { code: false, text: 'Then ' },
          { code: true, text: '<b>read</b>' },
          { code: false, text: ' it.' },
        ],
      },
      { type: 'paragraph', parts: [{ code: false, text: 'Next line.' }] },
    ]);
  });

  it('resolves highlights to diagram nodes: component ids and kinds, pods, nodes, owners', () => {
    const components = [
      { id: 'kube-scheduler', kind: 'kube-scheduler' },
      { id: 'kubelet@worker-1', kind: 'kubelet' },
      { id: 'kubelet@worker-2', kind: 'kubelet' },
    ];
    expect(
      highlightTargets(
        ['kube-scheduler', 'kubelet', 'pod/web', 'node/worker-2', 'deployment/api'],
        components,
      ),
    ).toEqual({
      nodeIds: [
        'kube-scheduler',
        'kubelet@worker-1',
        'kubelet@worker-2',
        'pod:/registry/pods/default/web',
        'group:worker-2',
        'node:worker-2',
      ],
      nodeIdPrefixes: ['pod:/registry/pods/default/api-'],
    });
    expect(highlightTargets(['kubelet@worker-2', 'pod/kube-system/web-*'], components)).toEqual({
      nodeIds: ['kubelet@worker-2'],
      nodeIdPrefixes: ['pod:/registry/pods/kube-system/web-'],
    });
  });

  it('records what a request amounts to as a kubectl command, for ran: checks', () => {
    expect(requestAsCommand({ type: 'kubectl', command: 'logs web' })).toBe('logs web');
    expect(requestAsCommand({ type: 'apply', manifest: 'x' })).toBe('apply -f editor.yaml');
    expect(requestAsCommand({ type: 'logs', namespace: 'default', pod: 'web' })).toBe('logs web');
    expect(requestAsCommand({ type: 'inspect', component: 'etcd' })).toBeUndefined();
  });
});

describe('lesson progress', () => {
  it('round-trips through storage and survives junk or a refusing browser', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    const p = { ...emptyProgress(), step: 4, met: [3], answers: { 2: 1 } };
    expect(saveProgress(storage, { 'a.yaml': p })).toBe(true);
    expect(loadProgress(storage)).toEqual({ 'a.yaml': p });
    store.set(PROGRESS_KEY, '{not json');
    expect(loadProgress(storage)).toEqual({});
    store.set(PROGRESS_KEY, '{"a.yaml": {"step": -3, "met": "x", "done": "yes"}}');
    expect(loadProgress(storage)).toEqual({ 'a.yaml': emptyProgress() });
    const full = {
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(saveProgress(full, { 'a.yaml': p })).toBe(false);
  });
});
