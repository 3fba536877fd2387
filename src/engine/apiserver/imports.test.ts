import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const engine = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The folders whose modules must not import each other in a circle. */
const CHECKED = ['apiserver', 'api', 'etcd'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Relative imports that exist at run time (`import type` and all-`type` lists do not). */
function runtimeImports(file: string, known: Set<string>): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /^(?:import|export)\s+(type\s+)?([^;]*?)\s+from\s+'(\.[^']*)';/gms;
  for (const m of text.matchAll(re)) {
    if (m[1]) continue;
    const list = /^\{([^}]*)\}$/.exec(m[2].trim());
    if (list && list[1].split(',').every((s) => !s.trim() || s.trim().startsWith('type ')))
      continue;
    const target = resolve(dirname(file), m[3]);
    for (const candidate of [`${target}.ts`, join(target, 'index.ts')])
      if (known.has(candidate)) out.push(candidate);
  }
  return out;
}

describe('module structure', () => {
  it('the API server, API and etcd modules import no module that imports them back', () => {
    const files = sources(engine);
    const known = new Set(files);
    const graph = new Map(files.map((f) => [f, runtimeImports(f, known)]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string): void => {
      state.set(f, 'open');
      stack.push(f);
      for (const g of graph.get(f) ?? []) {
        if (state.get(g) === 'open') {
          const cycle = stack.slice(stack.indexOf(g)).map((x) => relative(engine, x));
          if (cycle.some((x) => CHECKED.includes(x.split('/')[0]))) cycles.push(cycle.join(' → '));
        } else if (!state.has(g)) visit(g);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of files) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});
