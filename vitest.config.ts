import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Generated files are gitignored; a fresh clone makes them here if the install hook did not.
    globalSetup: ['scripts/vitest-global-setup.ts'],
    // The engine's on-demand parts (src/engine/onDemand.ts), which Node loads at once.
    setupFiles: ['src/engine/onDemandNow.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
