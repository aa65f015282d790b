// `npm test`: every check a submission must pass, in order, then one closing line
// "N passed, N failed" that CI reads. Static checks count as one test each.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

type Step = { name: string; command: string; args: string[] };

const bin = (name: string): string => join('node_modules', '.bin', name);
const outputDir = join('tests', '.output');
const vitestReport = join(outputDir, 'vitest.json');

const staticSteps: Step[] = [
  // One project per part (tsconfig.json references them): -b checks each with its own lib and types.
  { name: 'type-check', command: bin('tsc'), args: ['-b'] },
  { name: 'lint', command: bin('eslint'), args: ['.', '--max-warnings', '0'] },
  { name: 'format', command: bin('prettier'), args: ['--check', '.', '--log-level', 'warn'] },
  { name: 'frameworks', command: bin('tsx'), args: ['src/server/cli/frameworks-check.ts'] },
];

let passed = 0;
let failed = 0;
const failures: string[] = [];

for (const step of staticSteps) {
  process.stdout.write(`\n== ${step.name}\n`);
  const result = spawnSync(step.command, step.args, { stdio: 'inherit' });
  if (result.status === 0) {
    passed += 1;
    process.stdout.write(`ok ${step.name}\n`);
  } else {
    failed += 1;
    failures.push(step.name);
  }
}

mkdirSync(outputDir, { recursive: true });
rmSync(vitestReport, { force: true });
process.stdout.write('\n== vitest\n');
const vitest = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
try {
  const report = JSON.parse(readFileSync(vitestReport, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numTotalTestSuites: number;
    testResults: { status: string; name: string }[];
  };
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A suite that fails to load has no failed test of its own: count it, or the run would look green.
  const brokenSuites = report.testResults.filter((suite) => suite.status === 'failed').length;
  if (vitest.status !== 0 && report.numFailedTests === 0) {
    failed += Math.max(1, brokenSuites);
    failures.push('vitest (a suite failed to run)');
  }
  if (report.numFailedTests > 0) failures.push('vitest');
} catch {
  failed += 1;
  failures.push('vitest (no report)');
}

if (failures.length > 0) process.stdout.write(`\nFailed: ${failures.join(', ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
