// Lint: type-aware TypeScript rules, React hooks, and the import boundaries of the architecture
// (src/shared pure; src/web and src/server never import each other; Dexie only in web/storage).
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
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(['#web/*', '#server/*'], 'src/shared must not import web or server code.'),
            forbid(['**/web/**', '**/server/**'], 'src/shared must not import web or server code.'),
            forbid(
              ['react', 'react-*', 'react/*', 'dexie', 'dexie-*', 'pg', '@electric-sql/*', 'fastify', '@fastify/*'],
              'src/shared is pure: zod and #shared/* only.',
            ),
            forbid(nodeBuiltins, 'src/shared runs in the browser too: no Node built-ins.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(['#server/*'], 'src/web must not import server code.'),
            forbid(['**/server/**'], 'src/web must not import server code.'),
            forbid(['pg', '@electric-sql/*', 'fastify', '@fastify/*'], 'Server packages do not belong in the browser.'),
            forbid(nodeBuiltins, 'src/web runs in the browser: no Node built-ins.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    ignores: ['src/web/storage/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(['#server/*'], 'src/web must not import server code.'),
            forbid(['**/server/**'], 'src/web must not import server code.'),
            forbid(['pg', '@electric-sql/*', 'fastify', '@fastify/*'], 'Server packages do not belong in the browser.'),
            forbid(nodeBuiltins, 'src/web runs in the browser: no Node built-ins.'),
            forbid(['dexie', 'dexie-*'], 'Dexie appears only in src/web/storage: use its repositories.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(['#web/*'], 'src/server must not import web code.'),
            forbid(['**/web/**'], 'src/server must not import web code.'),
            forbid(['react', 'react-*', 'dexie', 'dexie-*'], 'Browser packages do not belong in the server.'),
          ],
        },
      ],
    },
  },
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
