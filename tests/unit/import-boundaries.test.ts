// The architecture's import rules are enforced by lint: this proves each rule fires (and that what a
// part may import still passes), so a broken lint config cannot silently let src/shared import React
// or src/web import the server. One case or more per rule in eslint.config.js; the README lists them.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function restrictedImportMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['src/shared/domain/grading.ts', "import { useState } from 'react';\nexport const x = useState;\n", /pure/],
    [
      'src/shared/domain/grading.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      /browser too/,
    ],
    [
      'src/shared/domain/grading.ts',
      "import { x } from '#server/main.ts';\nexport const y = x;\n",
      /must not import web or server/,
    ],
    [
      'src/server/cli/frameworks-check.ts',
      "import { x } from '#web/app/main.tsx';\nexport const y = x;\n",
      /must not import web/,
    ],
    // src/shared's allow-list: any package but zod is refused, not only the ones a blocklist names.
    ['src/shared/domain/grading.ts', "import { chunk } from 'lodash';\nexport const x = chunk;\n", /pure/],
    ['src/shared/domain/grading.ts', "import { Dexie } from 'dexie';\nexport const x = Dexie;\n", /pure/],
    [
      'src/shared/domain/grading.ts',
      "import { x } from '#tests/fixtures/frameworks.ts';\nexport const y = x;\n",
      /Only test files may import from tests/,
    ],
    // Dexie only in web/storage.
    ['src/web/app/routes.tsx', "import { Dexie } from 'dexie';\nexport const x = Dexie;\n", /Dexie appears only/],
    ['src/web/app/routes.tsx', "import { x } from '#server/app.ts';\nexport const y = x;\n", /must not import server/],
    // Features never import each other, by subpath or by relative path.
    [
      'src/web/features/audit/section-page.tsx',
      "import { x } from '#web/features/reports/report-pages.tsx';\nexport const y = x;\n",
      /Features never import each other/,
    ],
    [
      'src/web/features/audit/section-page.tsx',
      "import { x } from '../moderation/use-moderation.ts';\nexport const y = x;\n",
      /Features never import each other/,
    ],
    // Product code never imports tests/ (test files beside it may).
    [
      'src/web/storage/db.ts',
      "import { x } from '#tests/web-support/device-fixtures.tsx';\nexport const y = x;\n",
      /Only test files may import from tests/,
    ],
    [
      'src/web/features/audit/section-page.tsx',
      "import { x } from '../../../../tests/fixtures/frameworks.ts';\nexport const y = x;\n",
      /Only test files may import from tests/,
    ],
    [
      'src/server/app.ts',
      "import { x } from '#tests/setup/test-server.ts';\nexport const y = x;\n",
      /Only test files may import from tests/,
    ],
    // src/shared: neither other part, by subpath or by relative path; nothing but zod outside itself.
    [
      'src/shared/domain/grading.ts',
      "import { x } from '#web/main.tsx';\nexport const y = x;\n",
      /must not import web/,
    ],
    [
      'src/shared/domain/grading.ts',
      "import { x } from '../../web/storage/db.ts';\nexport const y = x;\n",
      /must not import web or server/,
    ],
    ['src/shared/domain/grading.ts', "import { it } from 'vitest';\nexport const x = it;\n", /pure/],
    // src/server never imports web code or browser packages.
    [
      'src/server/http/session-routes.ts',
      "import { x } from '../../web/storage/db.ts';\nexport const y = x;\n",
      /must not import web/,
    ],
    ['src/server/app.ts', "import { useState } from 'react';\nexport const x = useState;\n", /Browser packages/],
    ['src/server/app.ts', "import { Dexie } from 'dexie';\nexport const x = Dexie;\n", /Browser packages/],
    // src/web never imports server code, server packages or Node built-ins.
    [
      'src/web/sync/api-client.ts',
      "import { x } from '../../server/app.ts';\nexport const y = x;\n",
      /must not import server/,
    ],
    ['src/web/app/routes.tsx', "import pg from 'pg';\nexport const x = pg;\n", /Server packages/],
    ['src/web/app/routes.tsx', "import { fastify } from 'fastify';\nexport const x = fastify;\n", /Server packages/],
    [
      'src/web/app/routes.tsx',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      /no Node built-ins/,
    ],
    // Dexie only in web/storage: neither its hooks package, nor in a test beside a feature.
    [
      'src/web/features/audit/use-audit.ts',
      "import { useLiveQuery } from 'dexie-react-hooks';\nexport const x = useLiveQuery;\n",
      /Dexie appears only/,
    ],
    [
      'src/web/features/audit/section-page.test.tsx',
      "import { Dexie } from 'dexie';\nexport const x = Dexie;\n",
      /Dexie appears only/,
    ],
    // Service-worker registration only in web/pwa.
    [
      'src/web/main.tsx',
      "import { registerSW } from 'virtual:pwa-register';\nexport const x = registerSW;\n",
      /only in src\/web\/pwa/,
    ],
    [
      'src/web/features/sync-status/sync-page.tsx',
      "import { Workbox } from 'workbox-window';\nexport const x = Workbox;\n",
      /only in src\/web\/pwa/,
    ],
    // The PDF library only in web/pdf (lazy-loaded by the report worker).
    [
      'src/web/features/reports/pdf-generator.tsx',
      "import { pdf } from '@react-pdf/renderer';\nexport const x = pdf;\n",
      /@react-pdf appears only in src\/web\/pdf/,
    ],
    // The sync client has no React.
    ['src/web/sync/sync-engine.ts', "import { useState } from 'react';\nexport const x = useState;\n", /no React/],
    // Features never import each other, from a test beside a feature either.
    [
      'src/web/features/reports/report-pages.test.tsx',
      "import { x } from '../../features/moderation/use-moderation.ts';\nexport const y = x;\n",
      /Features never import each other/,
    ],
    // The server's layers only look down: http -> services and sync -> store.
    [
      'src/server/store/feed.ts',
      "import { x } from '../services/accounts.ts';\nexport const y = x;\n",
      /layers only look down.*store may not/,
    ],
    [
      'src/server/store/feed.ts',
      "import { x } from '#server/http/auth.ts';\nexport const y = x;\n",
      /layers only look down.*store may not/,
    ],
    [
      'src/server/sync/push.ts',
      "import { x } from '../services/accounts.ts';\nexport const y = x;\n",
      /layers only look down.*sync may not/,
    ],
    [
      'src/server/services/accounts.ts',
      "import { x } from '../sync/push.ts';\nexport const y = x;\n",
      /layers only look down.*services may not/,
    ],
    [
      'src/server/services/accounts.ts',
      "import { x } from '../http/auth.ts';\nexport const y = x;\n",
      /layers only look down.*services may not/,
    ],
    [
      'src/server/http/session-routes.ts',
      "import { x } from '../demo/seed-demo.ts';\nexport const y = x;\n",
      /layers only look down.*http may not/,
    ],
  ])('refuses a forbidden import in %s', async (filePath, code, message) => {
    const messages = await restrictedImportMessages(filePath, code);
    expect(messages).toContainEqual(expect.stringMatching(message));
  });

  it.each([
    [
      'src/shared/domain/grading.test.ts',
      "import { it } from 'vitest';\nimport { x } from '#tests/fixtures/frameworks.ts';\nexport const y = [it, x];\n",
    ],
    [
      'src/web/features/audit/section-page.test.tsx',
      "import { x } from '#tests/web-support/device-fixtures.tsx';\nexport const y = x;\n",
    ],
    [
      'src/web/features/audit/section-page.tsx',
      "import { x } from './grade-choice.tsx';\nimport { y } from '#web/components/page.tsx';\nexport const z = [x, y];\n",
    ],
    ['src/web/storage/db.ts', "import { Dexie } from 'dexie';\nexport const x = Dexie;\n"],
    ['src/web/pwa/update-controller.ts', "import { Workbox } from 'workbox-window';\nexport const x = Workbox;\n"],
    ['src/web/pdf/report-document.tsx', "import { pdf } from '@react-pdf/renderer';\nexport const x = pdf;\n"],
    [
      'src/server/http/session-routes.ts',
      "import { readFileSync } from 'node:fs';\nimport { z } from 'zod';\nimport { x } from '#shared/domain/grading.ts';\nexport const y = [readFileSync, z, x];\n",
    ],
    ['src/server/config.test.ts', "import { x } from '#tests/setup/test-server.ts';\nexport const y = x;\n"],
    [
      'src/server/http/cycle-routes.ts',
      "import { a } from '../services/accounts.ts';\nimport { b } from '../sync/push.ts';\nimport { c } from '../store/feed.ts';\nexport const y = [a, b, c];\n",
    ],
    ['src/server/services/accounts.ts', "import { x } from '../store/feed.ts';\nexport const y = x;\n"],
    ['src/server/store/feed.test.ts', "import { x } from '../services/accounts.ts';\nexport const y = x;\n"],
  ])('allows what %s may import', async (filePath, code) => {
    expect(await restrictedImportMessages(filePath, code)).toEqual([]);
  });

  it('allows zod and #shared in src/shared', async () => {
    const code =
      "import { z } from 'zod';\nimport { gradeAudit } from '#shared/domain/grading.ts';\nexport const x = [z, gradeAudit];\n";
    expect(await restrictedImportMessages('src/shared/domain/grading.ts', code)).toEqual([]);
  });
}, 30_000);
