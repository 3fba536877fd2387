import { describe, expect, it } from 'vitest';
import { RUN_FORMAT, validateRun } from './run';
import type { RunAction } from './run';
import { firstObjectProblem, markRefused, refusedProblems } from './validateObjects';

const bad =
  'apiVersion: v1\nkind: Pod\nmetadata: {name: Web_1}\nspec: {containers: [{name: c, image: nginx}]}\n';
const good =
  'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: c, image: nginx}]}\n';

describe('a shared run carries what the API server refused, marked', () => {
  const actions: RunAction[] = [
    { at: 10, executed: 1, op: 'apply', manifest: good },
    { at: 20, executed: 2, op: 'apply', manifest: bad },
  ];

  it('marks the refused action and only it; marked, it is no longer a reason to refuse the run', () => {
    expect(firstObjectProblem(actions)).toMatch(/^action 2 \(apply\) document 1: Pod "Web_1": /);
    const marked = markRefused(actions);
    expect(marked.map((a) => 'refused' in a && a.refused)).toEqual([false, true]);
    expect(firstObjectProblem(marked)).toBeUndefined();
    expect(refusedProblems(marked)).toEqual([
      expect.stringMatching(
        /^action 2 \(apply\) document 1: Pod "Web_1": metadata.name: Invalid value: "Web_1"/,
      ),
    ]);
  });

  it('an unmarked invalid object still refuses the whole run', () => {
    const marked = markRefused(actions);
    const smuggled = [...marked, { at: 30, executed: 3, op: 'apply' as const, manifest: bad }];
    expect(firstObjectProblem(smuggled)).toMatch(/^action 3 \(apply\)/);
  });

  it('the run format reads `refused: true` and nothing else there', () => {
    const run = {
      v: RUN_FORMAT,
      shape: { workers: 2, cpu: '4', memory: '8Gi', seed: 1 },
      editor: '',
      actions: markRefused(actions),
      moment: { at: 30, executed: 3 },
    };
    const ok = validateRun(JSON.parse(JSON.stringify(run)));
    expect(ok.ok && ok.value.actions[1]).toMatchObject({ op: 'apply', refused: true });
    const wrong = { ...run, actions: [{ ...actions[1], refused: 'yes' }] };
    expect(validateRun(wrong)).toEqual({ ok: false, error: 'action 1.refused can only be true' });
  });
});
