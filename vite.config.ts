import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

/**
 * A council service is not on GOV.UK, so it may not use the GDS Transport typeface or the crest.
 * govuk-frontend's compiled CSS names both; this rewrites it to Arial/Helvetica and drops the
 * font files and crest image it points at, so neither is fetched nor shipped.
 */
function genericGovukStyles(): Plugin {
  return {
    name: 'generic-govuk-styles',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('govuk-frontend.min.css')) return null;
      return (
        code
          .replace(/@font-face\{font-family:GDS Transport;[^}]*\}/g, '')
          .replace(/GDS Transport,arial,sans-serif/g, 'arial,helvetica,sans-serif')
          .replace(/url\(\/assets\/images\/govuk-crest\.svg\)/g, 'none')
          // Old Internet Explorer hacks ("@media screen\0", "(min-width:0\0)") that the CSS minifier
          // rejects: turn each such media query into one that matches nothing, as it does in modern browsers.
          .replace(/@media[^{]*\\0[^{]*\{/g, '@media not all{')
      );
    },
  };
}

export default defineConfig({
  plugins: [
    react(),
    genericGovukStyles(),
    VitePWA({
      // The app asks before it updates (src/web/pwa) and registers the worker itself through workbox-window.
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'EHCP quality audit',
        short_name: 'EHCP audit',
        description:
          'Score Education, Health and Care plans against the partnership audit framework, online or offline.',
        lang: 'en-GB',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0b0c0c',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // Everything the app can load, lazy route chunks included, so a cold start works offline.
        globPatterns: ['**/*.{js,css,html,svg,png,ico,woff2,webmanifest}'],
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
        navigateFallback: 'index.html',
        // The API must answer for itself (or fail): never with the app's page.
        navigateFallbackDenylist: [/^\/api\//, /^\/public\//],
        cleanupOutdatedCaches: true,
        // The first install takes charge of the open page, so it works offline without a reload.
        // Updates still wait: skipWaiting only follows the user's "Update now".
        clientsClaim: true,
      },
      devOptions: { enabled: false },
    }),
  ],
  // Module workers, so the report worker can load the PDF library as a separate chunk on first use.
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
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
