/**
 * `npm run sim`: makes the generated files first, then loads the runner. The engine imports
 * generated data statically (the API server's field table), so in a fresh clone installed with
 * `--ignore-scripts` those files must exist before any engine module is loaded.
 */
import { ensureGenerated } from '../../scripts/generate-schemas';

try {
  // Said on stderr, so stdout stays kubectl's output; later runs only compare a hash.
  await ensureGenerated({ log: (line) => process.stderr.write(line + '\n') });
} catch (e) {
  process.stderr.write(`error: ${(e as Error).message}\n`);
  process.exit(1);
}
await import('./main');
