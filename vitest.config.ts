import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Simulated-cluster tests spawn real processes; two cores are shared between them.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
