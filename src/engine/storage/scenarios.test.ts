import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/format';
import { runScenario } from '../scenario/runner';

const dir = new URL('../scenario/testdata/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.startsWith('storage-') && f.endsWith('.yaml'));

describe('storage tutorials (src/engine/scenario/testdata/storage-*.yaml)', () => {
  it('finds the scenario files', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  for (const file of files) {
    it(file, () => {
      const out = runScenario(parseScenario(readFileSync(new URL(file, dir), 'utf8')), { file });
      expect(
        out.lines.filter((l) => l.startsWith('✗')),
        out.lines.join('\n'),
      ).toEqual([]);
      expect(out.ok).toBe(true);
    });
  }
});
