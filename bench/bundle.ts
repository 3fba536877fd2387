import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The cases run as the page runs the engine: bundled by esbuild without tsx's `keepNames`, which
 * wraps every function (each closure made per pod included) in a naming call and gives it an
 * own `name` property, ~5 KB of heap a Running pod and ~13% of the wall time at 1,000 workers
 * that the production build (Vite) does not have. Undefined when esbuild cannot be loaded
 * (then each case runs under tsx, as before, and says so).
 */
export async function bundleForNode(entry: string): Promise<string | undefined> {
  try {
    // esbuild is tsx's own transformer (a dependency of tsx, so always installed with it).
    const { build } = await import('esbuild');
    const out = join(mkdtempSync(join(tmpdir(), 'kubeglass-bench-')), 'engine.bench.mjs');
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: out,
      logLevel: 'warning',
    });
    return out;
  } catch (e) {
    console.log(`  (not bundled, so run under tsx with keepNames: ${(e as Error).message})`);
    return undefined;
  }
}

/** This process's node options without tsx's loader (`--import <tsx loader>` and the like). */
export function nodeOptionsWithoutTsx(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    if (args[i].includes('/tsx/')) continue;
    if (
      /^--(require|import|loader|experimental-loader)$/.test(args[i]) &&
      args[i + 1]?.includes('/tsx/')
    ) {
      i++;
      continue;
    }
    out.push(args[i]);
  }
  return out;
}
