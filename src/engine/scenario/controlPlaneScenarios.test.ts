import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from './format';
import { applyFault } from './faults';
import { runScenario } from './runner';

const dir = join(__dirname, 'testdata');
const run = (file: string) =>
  runScenario(parseScenario(readFileSync(join(dir, file), 'utf8')), { file });
/** The deleteVM fault is wired in scenario/faults.ts by the core; until then its scenario is skipped. */
const deleteVMWired = applyFault.toString().includes('deleteVM');

describe('control-plane scenarios', () => {
  it('node failure: NotReady, taint, NodeNotReady events, eviction after 300 s', () => {
    const out = run('control-plane-node-failure.yaml');
    expect(out.lines.filter((l) => l.startsWith('✗'))).toEqual([]);
    expect(out.ok).toBe(true);
  });

  it.skipIf(!deleteVMWired)('VM deletion: the Node is deleted', () => {
    const out = run('control-plane-vm-deletion.yaml');
    expect(out.lines.filter((l) => l.startsWith('✗'))).toEqual([]);
    expect(out.ok).toBe(true);
  });
});
