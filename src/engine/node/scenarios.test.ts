import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/format';
import { runScenario } from '../scenario/runner';

const dir = new URL('../scenario/testdata/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.startsWith('node-') && f.endsWith('.yaml'));

/** Run one scenario file and return its output lines (failing with them if an expect failed). */
function run(file: string): string[] {
  const out = runScenario(parseScenario(readFileSync(new URL(file, dir), 'utf8')), { file });
  expect(
    out.lines.filter((l) => l.startsWith('✗')),
    out.lines.join('\n'),
  ).toEqual([]);
  expect(out.ok).toBe(true);
  return out.lines;
}

describe('worker node scenarios (src/engine/scenario/testdata/node-*.yaml)', () => {
  it('finds the scenario files', () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
  });

  for (const file of files) {
    it(file, () => {
      const lines = run(file);
      if (file === 'node-crashloop.yaml') {
        // `kubectl logs crash --previous` prints the crashed container's output.
        const i = lines.indexOf('$ kubectl logs crash --previous');
        expect(lines.slice(i + 1, i + 3)).toEqual(['starting', 'giving up']);
      }
      if (file === 'node-missing-config.yaml') expect(lines).toContain('mode=fast');
      if (file === 'node-init-containers.yaml') expect(lines).toContain('waiting for db');
      if (file === 'node-liveness-exec.yaml') {
        // The exec probe sees the container's /tmp/healthy: no restart at 35 s, one at 75 s.
        const rows = lines.filter((l) => l.startsWith('liveness-exec '));
        expect(rows[0]).toMatch(/^liveness-exec\s+1\/1\s+Running\s+0\s+35s$/);
        expect(rows[1]).toMatch(/^liveness-exec\s+1\/1\s+Running\s+1 \(\d+s ago\)\s+75s$/);
      }
    });
  }
});
