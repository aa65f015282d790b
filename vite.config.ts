import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // Mirrors package.json "imports" so the bundler and Node agree on #shared/*, #web/*.
    alias: {
      '#shared': new URL('./src/shared', import.meta.url).pathname,
      '#web': new URL('./src/web', import.meta.url).pathname,
      '#tests': new URL('./tests', import.meta.url).pathname,
    },
  },
  test: {
    // One project per kind of suite, so each gets its own environment and can be run alone.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/shared/**/*.test.ts', 'src/server/**/*.test.ts', 'tests/unit/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'web',
          environment: 'jsdom',
          include: ['src/web/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/setup/web.ts'],
        },
      },
      {
        extends: true,
        test: {
          // Server and client<->server suites on real engines: one PGlite per file, files run one at a time.
          name: 'integration',
          environment: 'node',
          include: ['tests/integration/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // Browser suites: Debian's chromium driven by playwright-core against the real server.
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
