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
    ],
  },
});
