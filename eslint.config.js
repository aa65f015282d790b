// Lint: type-aware TypeScript rules, React hooks, and the import boundaries of the architecture
// (src/shared pure with an allow-list; src/web and src/server never import each other; Dexie only in
// web/storage, service-worker registration only in web/pwa, the PDF library only in web/pdf, no React
// in web/sync; features never import each other; product code under src never imports tests/).
// tests/unit/import-boundaries.test.ts proves each rule fires.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'url', 'stream', 'util'];

/**
 * A no-restricted-imports pattern. '#' starts a comment in gitignore-style groups, so the
 * package.json subpath imports (#shared/*, #web/*, #server/*) are matched with a regex instead.
 * @param {string[]} groups @param {string} message
 */
const forbid = (groups, message) => {
  const subpaths = groups.filter((g) => g.startsWith('#')).map((g) => g.slice(1).replace('/*', ''));
  const rest = groups.filter((g) => !g.startsWith('#'));
  if (subpaths.length === 0) return { group: rest, message };
  if (rest.length === 0) return { regex: `^#(${subpaths.join('|')})/`, message };
  throw new Error('Mix subpath and package patterns in separate forbid() calls.');
};

const TEST_FILES = ['**/*.test.{ts,tsx}'];
const FEATURES = readdirSync(join(import.meta.dirname, 'src/web/features'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const noTests = [
  forbid(['#tests/*'], 'Only test files may import from tests/: move shared test support there, product code here.'),
  forbid(['**/tests/**'], 'Only test files may import from tests/: move shared test support there, product code here.'),
];
const serverPackages = forbid(
  ['pg', '@electric-sql/*', 'fastify', '@fastify/*'],
  'Server packages do not belong in the browser.',
);
const webPatterns = [
  forbid(['#server/*'], 'src/web must not import server code.'),
  forbid(['**/server/**'], 'src/web must not import server code.'),
  serverPackages,
  forbid(nodeBuiltins, 'src/web runs in the browser: no Node built-ins.'),
];
const noDexie = forbid(['dexie', 'dexie-*'], 'Dexie appears only in src/web/storage: use its repositories.');
const noPwaRegister = forbid(
  ['virtual:pwa-register', 'virtual:pwa-register/*', 'workbox-window'],
  'Service-worker registration lives only in src/web/pwa: use the update controller from the services.',
);
const noPdfLibrary = forbid(
  ['@react-pdf/*'],
  '@react-pdf appears only in src/web/pdf: the PDF library is lazy-loaded in the report worker, off the main thread.',
);
const noReact = forbid(['react', 'react-*', 'react-dom/*'], 'src/web/sync is the sync client and scheduler: no React.');

/** One feature may not reach into another: what two features share goes to components, storage or shared. */
const featureZone = (feature) => {
  const others = FEATURES.filter((name) => name !== feature);
  const message = `Features never import each other: ${feature} may not import another feature; move what they share to src/web/components or src/shared.`;
  return others.length === 0
    ? []
    : [
        { regex: `^#web/features/(?!${feature}/)`, message },
        // A sibling by relative path (features are one folder deep).
        { regex: `^\\.\\./(${others.join('|')})/`, message },
        { group: others.map((o) => `**/features/${o}/**`), message },
      ];
};

const WEB_AREAS = ['storage', 'pwa', 'pdf', 'sync', ...FEATURES.map((feature) => `features/${feature}`)];

/** The import rules of one folder of src/web ('' for any folder without rules of its own). */
const webPatternsFor = (area) => [
  ...webPatterns,
  ...(area === 'storage' ? [] : [noDexie]),
  ...(area === 'pwa' ? [] : [noPwaRegister]),
  ...(area === 'pdf' ? [] : [noPdfLibrary]),
  ...(area === 'sync' ? [noReact] : []),
  ...(area.startsWith('features/') ? featureZone(area.slice('features/'.length)) : []),
];

/**
 * What each server layer may not import: the layers above it, its sibling, and the demo seed and CLI,
 * which sit on top (main.ts, app.ts and the CLI put them together).
 */
const SERVER_LAYERS_BELOW = {
  store: ['http', 'services', 'sync', 'demo', 'cli'],
  services: ['http', 'sync', 'demo', 'cli'],
  sync: ['http', 'services', 'demo', 'cli'],
  http: ['demo', 'cli'],
};
const serverLayerZone = (layer, refused) => ({
  regex: `^(\\.\\./|#server/)(${refused.join('|')})/`,
  message: `The server's layers only look down (http -> services and sync -> store): ${layer} may not import ${refused.join(', ')}.`,
});

/**
 * The import rules per part. In flat config a later block replaces an earlier block's options for
 * the same rule, so each kind of file gets one block with every pattern that applies to it.
 */
function boundaryBlocks() {
  const block = (files, patterns, ignores = []) => ({
    files,
    ignores,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  });
  const sharedPatterns = [
    forbid(['#web/*', '#server/*'], 'src/shared must not import web or server code.'),
    forbid(['**/web/**', '**/server/**'], 'src/shared must not import web or server code.'),
    forbid(nodeBuiltins, 'src/shared runs in the browser too: no Node built-ins.'),
  ];
  // An allow-list: anything but zod, #shared/* and its own relative files is refused (tests may add vitest).
  const sharedOnly = (extra) => ({
    regex: `^(?!(zod|${extra.join('|')})$|#shared/|#tests/|\\.{1,2}/)`,
    message: 'src/shared is pure: zod and #shared/* only.',
  });
  const serverPatterns = [
    forbid(['#web/*'], 'src/server must not import web code.'),
    forbid(['**/web/**'], 'src/server must not import web code.'),
    forbid(
      ['react', 'react-*', 'dexie', 'dexie-*', '@react-pdf/*', 'workbox-*', 'virtual:*'],
      'Browser packages do not belong in the server.',
    ),
  ];
  return [
    block(['src/shared/**/*.{ts,tsx}'], [...sharedPatterns, sharedOnly([]), ...noTests], TEST_FILES),
    block(['src/shared/**/*.test.{ts,tsx}'], [...sharedPatterns, sharedOnly(['vitest'])]),
    // Every web file gets the catch-all rules first; the folders with a licence of their own
    // (storage: Dexie, pwa: service-worker registration, pdf: the PDF library) or a restriction
    // of their own (sync: no React, each feature: no other feature) then replace them.
    block(['src/web/**/*.{ts,tsx}'], [...webPatternsFor(''), ...noTests], TEST_FILES),
    block(['src/web/**/*.test.{ts,tsx}'], webPatternsFor('')),
    ...WEB_AREAS.flatMap((area) => [
      block([`src/web/${area}/**/*.{ts,tsx}`], [...webPatternsFor(area), ...noTests], TEST_FILES),
      block([`src/web/${area}/**/*.test.{ts,tsx}`], webPatternsFor(area)),
    ]),
    block(['src/server/**/*.ts'], [...serverPatterns, ...noTests], TEST_FILES),
    block(['src/server/**/*.test.ts'], serverPatterns),
    // The server's layers only look down: http -> services and sync -> store. Product code only:
    // a test beside a layer may drive it through any other.
    ...Object.entries(SERVER_LAYERS_BELOW).map(([layer, refused]) =>
      block(
        [`src/server/${layer}/**/*.ts`],
        [...serverPatterns, ...noTests, serverLayerZone(layer, refused)],
        TEST_FILES,
      ),
    ),
  ];
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'dev-dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' }],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  ...boundaryBlocks(),
  {
    files: ['tests/**/*.{ts,tsx,mjs}', '**/*.test.{ts,tsx}'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
