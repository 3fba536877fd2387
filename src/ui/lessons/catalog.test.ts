import { describe, expect, it } from 'vitest';
import { loadCatalog } from './catalog';

describe('the lesson catalogue', () => {
  it('lists a lesson with a bad step with its file and line, and loads the others', async () => {
    const files: Record<string, string> = {
      './lessons/index.json': '["good.yaml", "bad.yaml"]',
      './lessons/good.yaml': 'title: Good\nsteps:\n  - narrate: Hello.\n',
      './lessons/bad.yaml': 'title: Bad\nsteps:\n  - narrate: Hello.\n  - task: Scale web.\n',
    };
    const catalog = await loadCatalog(async (url) => files[url]);
    expect(catalog[0]).toMatchObject({ file: 'good.yaml', number: 1, lesson: { title: 'Good' } });
    expect(catalog[1].lesson).toBeUndefined();
    expect(catalog[1].error).toBe(
      'bad.yaml: line 4: a `task` needs `check:`, the condition that tells it is done',
    );
  });
});
