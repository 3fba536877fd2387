import { defineConfig } from '@playwright/test';

// Playwright never downloads a browser here: it launches the system Chromium.
// KUBEGLASS_CHROMIUM overrides the path (for people who use Playwright's own browsers).
const executablePath = process.env.KUBEGLASS_CHROMIUM ?? '/usr/bin/chromium';
// The production build is served by `vite preview` on this port during the tests.
const port = Number(process.env.KUBEGLASS_E2E_PORT ?? 4319);

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? 'list' : 'line',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
