/**
 * The golden tests' comparison: `actual` against the checked-in transcript at `file`, line by line
 * so that a failure names the first line that differs. `UPDATE_GOLDEN=1` (or a missing file)
 * writes the transcript instead; review its diff before committing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { expect } from 'vitest';

export function expectGolden(file: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  const a = actual.split('\n');
  const e = readFileSync(file, 'utf8').split('\n');
  const name = basename(file);
  for (let i = 0; i < Math.max(a.length, e.length); i++)
    expect(a[i], `${name} line ${i + 1}`).toBe(e[i]);
}
