import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `base: './'` keeps every asset path relative, so the built app works from any static folder.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  optimizeDeps: { include: ['monaco-yaml/yaml.worker.js'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
});
