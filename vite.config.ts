import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

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

// `base: './'` keeps every asset path relative, so the built app works from any static folder.
export default defineConfig({
  base: './',
  plugins: [react(), cspOnlyInBuilds],
  worker: { format: 'es' },
  optimizeDeps: { include: ['monaco-yaml/yaml.worker.js'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
});
