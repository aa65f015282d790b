// Each part is type-checked with its own tsconfig (tsconfig.json references them; `tsc -b` checks
// all): src/shared sees neither the DOM nor Node, src/web no Node, src/server no DOM. This proves
// it: a file using a global of the wrong world fails in that part's own compiler settings.
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** The type errors of one file, as if it sat in `part` (its path there) and was checked with the part's tsconfig. */
function typeErrors(part: 'src/shared' | 'src/web' | 'src/server', fileName: string, code: string): string[] {
  const configPath = join(root, part, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error(`No config at ${configPath}`);
  // Checked alone, without the declaration output project references need.
  const options = { ...config.options, composite: false, emitDeclarationOnly: false, declaration: false, noEmit: true };
  const filePath = join(root, part, fileName);
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (name === filePath ? code : readFile(name));
  host.fileExists = (name) => name === filePath || ts.sys.fileExists(name);
  host.getSourceFile = (name, languageVersion, ...rest) =>
    name === filePath
      ? ts.createSourceFile(name, code, languageVersion)
      : getSourceFile(name, languageVersion, ...rest);
  host.getCurrentDirectory = () => dirname(configPath);
  const program = ts.createProgram([filePath], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === filePath)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('type-check boundaries', () => {
  it.each([
    ['src/shared', 'export const href = window.location.href;\n', 'domain/probe.ts', /Cannot find name 'window'/],
    ['src/shared', 'export const title = document.title;\n', 'domain/probe.ts', /Cannot find name 'document'/],
    ['src/shared', 'export const env = process.env.NODE_ENV;\n', 'domain/probe.ts', /Cannot find name 'process'/],
    ['src/shared', 'export const b = Buffer.from("x");\n', 'domain/probe.ts', /Cannot find name 'Buffer'/],
    ['src/web', 'export const env = process.env.NODE_ENV;\n', 'sync/probe.ts', /Cannot find name 'process'/],
    ['src/server', 'export const href = window.location.href;\n', 'store/probe.ts', /Cannot find name 'window'/],
  ] as const)('%s refuses %s', (part, code, fileName, message) => {
    expect(typeErrors(part, fileName, code)).toContainEqual(expect.stringMatching(message));
  });

  it.each([
    ['src/shared', "import { z } from 'zod';\nexport const id = z.string().parse('x').trim();\n", 'domain/probe.ts'],
    ['src/web', 'export const online = navigator.onLine && window.location.href.length > 0;\n', 'sync/probe.ts'],
    ['src/server', 'export const env = process.env.NODE_ENV ?? Buffer.from("x").toString();\n', 'store/probe.ts'],
  ] as const)('%s allows its own world: %s', (part, code, fileName) => {
    expect(typeErrors(part, fileName, code)).toEqual([]);
  });
}, 60_000);
