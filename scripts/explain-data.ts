/**
 * Writes src/engine/kubectl/generated/explain.json (what `kubectl explain` prints) from the
 * editor's combined JSON Schema. Runs after the schema (scripts/generate-schemas.ts,
 * `ensureGenerated`); skips when up to date.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExplainData } from '../src/engine/kubectl/explainBuild';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const EXPLAIN_OUT = join(repoRoot, 'src', 'engine', 'kubectl', 'generated', 'explain.json');

/**
 * Writes `text` to a temporary file beside `file`, then renames it over `file`: two processes
 * generating at once (Vitest workers, `sim` beside `vite`) never read a half-written file.
 */
export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/**
 * @returns whether the file was (re)written.
 */
export function writeExplainData(schemaFile: string, out = EXPLAIN_OUT, force = false): boolean {
  try {
    if (!force && statSync(out).mtimeMs >= statSync(schemaFile).mtimeMs) return false;
  } catch {
    // missing: write it
  }
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
  writeFileAtomic(out, JSON.stringify(buildExplainData(schema)));
  return true;
}
