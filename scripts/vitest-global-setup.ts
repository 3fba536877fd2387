/**
 * Vitest's global setup: the generated files exist before any test imports them (the explain
 * golden transcripts read src/engine/kubectl/generated/explain.json).
 */
import { ensureGenerated } from './generate-schemas';

export async function setup(): Promise<void> {
  await ensureGenerated({ log: (line) => console.log(line) });
}
