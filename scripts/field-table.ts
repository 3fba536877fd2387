/**
 * Writes src/engine/api/generated/fields.json (the Go type of every field, which the API
 * server's decoder checks objects against) from the editor's combined JSON Schema. Runs at the
 * end of `npm run schemas`; skips when up to date.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFieldTable } from '../src/engine/api/fieldTable';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const FIELDS_OUT = join(repoRoot, 'src', 'engine', 'api', 'generated', 'fields.json');
const builder = join(repoRoot, 'src', 'engine', 'api', 'fieldTable.ts');

/**
 * @returns whether the file was (re)written.
 */
export function writeFieldTable(schemaFile: string, out = FIELDS_OUT): boolean {
  try {
    const written = statSync(out).mtimeMs;
    if (written >= statSync(schemaFile).mtimeMs && written >= statSync(builder).mtimeMs)
      return false;
  } catch {
    // missing: write it
  }
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(buildFieldTable(schema)));
  return true;
}
