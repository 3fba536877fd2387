import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario } from './parse';
import { runScenario } from './runner';

const root = new URL('../../../', import.meta.url).pathname;
const dir = join(root, 'public/lessons');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

function sim(...args: string[]) {
  const tsx = join(root, 'node_modules/.bin/tsx');
  const r = spawnSync(tsx, [join(root, 'src/cli/main.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

describe('lessons (public/lessons)', () => {
  it('has at least twelve lessons, and an index (the panel list) naming each of them in order', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as string[];
    expect(index).toEqual(files);
  });

  for (const file of files) {
    it(`${file} runs headless to its end, every task by its solution and every check met`, () => {
      const lesson = parseScenario(readFileSync(join(dir, file), 'utf8'));
      expect(lesson.title, 'a lesson has a title').toBeTruthy();
      expect(lesson.summary, 'a lesson has a summary').toBeTruthy();
      expect(lesson.minutes).toBeGreaterThanOrEqual(5);
      expect(lesson.minutes).toBeLessThanOrEqual(15);
      const tasks = lesson.steps.filter((s) => 'task' in s);
      expect(tasks.length, 'a lesson asks the learner to do something').toBeGreaterThan(0);
      for (const t of tasks) if ('task' in t) expect(t.task.hints.length).toBeGreaterThan(0);
      const out = runScenario(lesson, { file });
      const failed = out.lines.filter((l) => l.startsWith('✗'));
      expect(failed, failed.length ? out.lines.join('\n') : '').toEqual([]);
      expect(out.ok).toBe(true);
    });
  }

  it('`npm run sim -- scenario` runs lesson 1 to its end with exit code 0', () => {
    const r = sim('scenario', join('public/lessons', files[0]));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ task done after');
  });

  it('a lesson file with a bad step gives a clear error naming the file and line', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'kg-lesson-')), 'bad-lesson.yaml');
    writeFileSync(
      bad,
      'title: Bad\nsteps:\n  - narrate: Hello\n  - task: Scale web\n    check: { kind: Deployment, fields: { spec.replicas: [5] } }\n    solution: [{ kubectl: scale deployment web --replicas=5 }]\n',
    );
    const r = sim('scenario', bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `error: ${bad}: line 5: \`fields.spec.replicas\` compares a single value, not a list\n`,
    );
  });

  it('`npm run sim -- scenario` exits 1 when a kubectl step fails, keeping all the output', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kg-scenario-')), 'failing.yaml');
    writeFileSync(
      file,
      'cluster: { workers: 1 }\nsteps:\n  - kubectl: get nodes -o name\n  - kubectl: get frobs\n  - kubectl: get nodes -o name\n',
    );
    const r = sim('scenario', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        '$ kubectl get nodes -o name',
        'node/control-plane',
        'node/worker-1',
        '$ kubectl get frobs',
        'error: the server doesn\'t have a resource type "frobs"',
        '✗ line 4: kubectl get frobs failed (exit code 1); add `expectError: true` if that is intended',
        '$ kubectl get nodes -o name',
        'node/control-plane',
        'node/worker-1',
        '',
      ].join('\n'),
    );
  });
});
