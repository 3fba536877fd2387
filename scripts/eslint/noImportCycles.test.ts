import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterEach, describe, expect, it } from 'vitest';
import { runtimeImports } from './importGraph.js';
import { kubeglassPlugin } from './noImportCycles.js';

describe('runtimeImports', () => {
  it('counts what loads a module at runtime, not type-only imports', () => {
    const text = [
      "import { a } from './a';",
      "import type { B } from './b';",
      "import { type C } from './c';",
      "export { d } from './d';",
      "export type { E } from './e';",
      "export * from './f';",
      "import './g';",
      "const h = () => import('./h');",
    ].join('\n');
    expect(runtimeImports(text, 'x.ts')).toEqual(['./a', './c', './d', './f', './g']);
  });
});

describe('kubeglass/no-import-cycles', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  /** Lint `file` of a project made of `files`, with the given allowed edges. */
  function lint(files: Record<string, string>, file: string, allow: string[] = []): string[] {
    const dir = mkdtempSync(join(tmpdir(), 'cycles-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'src'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'src', name), text);
    const linter = new Linter({ cwd: dir });
    const config = {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { kubeglass: kubeglassPlugin },
      rules: { 'kubeglass/no-import-cycles': ['error', { root: 'src', allow }] },
    } as Linter.Config;
    return linter
      .verify(files[file], [config], join(dir, 'src', file))
      .map((m) => `${m.line}: ${m.message}`);
  }

  const project = {
    'a.ts': "import { b } from './b';\nexport const a = () => b;\n",
    'b.ts': "import { c } from './c';\nexport const b = c;\n",
    'c.ts': "import { a } from './a';\nexport const c = a;\n",
  };

  it('reports a runtime cycle on the import that closes it, with the whole cycle', () => {
    expect(lint(project, 'a.ts')).toEqual([
      '1: Import cycle: src/a.ts → src/b.ts → src/c.ts → src/a.ts. Move what both need into a third module, or use import type.',
    ]);
  });

  it('lets import type break a cycle', () => {
    const typeOnly = { ...project, 'c.ts': "import type { a } from './a';\nexport const c = 1;\n" };
    expect(lint(typeOnly, 'a.ts')).toEqual([]);
  });

  it('leaves out an allowed edge, and reports the entry once it closes no cycle', () => {
    expect(lint(project, 'c.ts', ['src/c.ts -> src/a.ts'])).toEqual([]);
    expect(lint(project, 'a.ts', ['src/c.ts -> src/a.ts'])).toEqual([]);
    const fixed = { ...project, 'b.ts': 'export const b = 1;\n' };
    expect(lint(fixed, 'c.ts', ['src/c.ts -> src/a.ts'])).toEqual([
      '1: Allowed import cycle edge "src/c.ts → src/a.ts" no longer closes a cycle: delete it from the allow list.',
    ]);
  });
});
