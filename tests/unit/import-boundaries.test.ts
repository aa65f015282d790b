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
  ])('refuses a forbidden import in %s', async (filePath, code, message) => {
    const messages = await restrictedImportMessages(filePath, code);
    expect(messages).toEqual([expect.stringMatching(message)]);
  });

  it('allows zod and #shared in src/shared', async () => {
    const code =
      "import { z } from 'zod';\nimport { gradeAudit } from '#shared/domain/grading.ts';\nexport const x = [z, gradeAudit];\n";
    expect(await restrictedImportMessages('src/shared/domain/grading.ts', code)).toEqual([]);
  });
}, 30_000);
