// The architecture's import rules are enforced by lint: this proves the rules fire, so a broken
// lint config cannot silently let src/shared import React or src/web import the server.
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
  ])('allows what %s may import', async (filePath, code) => {
    expect(await restrictedImportMessages(filePath, code)).toEqual([]);
  });

  it('allows zod and #shared in src/shared', async () => {
    const code =
      "import { z } from 'zod';\nimport { gradeAudit } from '#shared/domain/grading.ts';\nexport const x = [z, gradeAudit];\n";
    expect(await restrictedImportMessages('src/shared/domain/grading.ts', code)).toEqual([]);
  });
}, 30_000);
