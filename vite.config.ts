import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The dev server's React refresh preamble is an inline script, which index.html's
 * Content-Security-Policy forbids: the dev server serves the page without it. Builds keep it.
 */
const cspOnlyInBuilds: Plugin = {
  name: 'kubeglass-csp-only-in-builds',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/, ''),
};

/**
 * Makes the generated files (the editor's JSON Schema, `kubectl explain`'s data; both gitignored)
 * before Vite resolves any import, so `vite`, `vite build` and `vite preview` work in a fresh
 * clone even where the install hook did not run (`npm install --ignore-scripts`). A child process
 * rather than an import keeps this config free of TypeScript imports, which Vite's native config
 * loader refuses; when nothing changed it only compares a hash.
 */
function generatedFiles(): Plugin {
  return {
    name: 'kubeglass:generated-files',
    // `config` runs first, for every command.
    config() {
      execFileSync(
        process.execPath,
        ['--import', 'tsx', 'scripts/generate-schemas.ts', '--quiet'],
        { cwd: fileURLToPath(new URL('.', import.meta.url)), stdio: 'inherit' },
      );
    },
  };
}

// `base: './'` keeps every asset path relative, so the built app works from any static folder.
export default defineConfig({
  base: './',
  plugins: [generatedFiles(), react(), cspOnlyInBuilds],
  worker: { format: 'es' },
  optimizeDeps: { include: ['monaco-yaml/yaml.worker.js'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
});
