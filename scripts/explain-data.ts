/**
 * Writes src/engine/kubectl/generated/explain.json (what `kubectl explain` prints) from the
 * editor's combined JSON Schema. Runs at the end of `npm run schemas`; skips when up to date.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExplainData } from '../src/engine/kubectl/explainData';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const EXPLAIN_OUT = join(repoRoot, 'src', 'engine', 'kubectl', 'generated', 'explain.json');

/**
 * @returns whether the file was (re)written.
 */
export function writeExplainData(schemaFile: string, out = EXPLAIN_OUT): boolean {
  try {
    if (statSync(out).mtimeMs >= statSync(schemaFile).mtimeMs) return false;
  } catch {
    // missing: write it
  }
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(buildExplainData(schema)));
  return true;
}
