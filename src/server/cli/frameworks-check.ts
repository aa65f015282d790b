// `npm run frameworks:check [files...]`: validates framework files (all of audit-frameworks/ by
// default; audit frameworks and feedback forms) and prints each problem as "file: path: message". Exits 1 on any problem; never a stack trace.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkAnyFrameworkText, formatProblem, type FrameworkProblem } from '#shared/domain/framework-check.ts';

export const FRAMEWORKS_DIR = 'audit-frameworks';

export function defaultFrameworkFiles(dir = FRAMEWORKS_DIR): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && !name.endsWith('.schema.json'))
    .sort()
    .map((name) => join(dir, name));
}

export function checkFrameworkFiles(files: string[]): { checked: number; problems: FrameworkProblem[] } {
  const problems: FrameworkProblem[] = [];
  for (const file of files) {
    const name = relative(process.cwd(), file) || file;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push({
        file: name,
        path: '(file)',
        message: code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? 'unknown error'})`,
      });
      continue;
    }
    const result = checkAnyFrameworkText(name, text);
    if (!result.ok) problems.push(...result.problems);
  }
  return { checked: files.length, problems };
}

function main(argv: string[]): number {
  const files = argv.length > 0 ? argv : defaultFrameworkFiles();
  if (files.length === 0) {
    process.stderr.write(`No framework files found in ${FRAMEWORKS_DIR}/.\n`);
    return 1;
  }
  const { checked, problems } = checkFrameworkFiles(files);
  for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
  const bad = new Set(problems.map((p) => p.file)).size;
  const summary =
    problems.length === 0
      ? `${checked} framework file${checked === 1 ? '' : 's'} valid.\n`
      : `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${bad} of ${checked} file${checked === 1 ? '' : 's'}.\n`;
  (problems.length === 0 ? process.stdout : process.stderr).write(summary);
  return problems.length === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`frameworks:check could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
