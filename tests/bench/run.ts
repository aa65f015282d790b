// `npm run bench [scenario...]`: runs the benchmark scenarios the issues name, prints a table and
// writes tests/bench/results.json. Benchmarks report numbers; they never fail the test suite.
import { writeFileSync } from 'node:fs';
import { arch, cpus, totalmem } from 'node:os';
import type { BenchResult, Scenario } from './harness.ts';
import { agreementScenario } from './scenarios/agreement.ts';
import { gradingScenario } from './scenarios/grading.ts';
import { syncBulkScenario, syncConcurrentScenario } from './scenarios/sync.ts';
import { webAppScenario } from './scenarios/web-app.ts';

const SCENARIOS: Scenario[] = [
  gradingScenario,
  agreementScenario,
  webAppScenario,
  syncBulkScenario,
  syncConcurrentScenario,
];
const RESULTS_FILE = 'tests/bench/results.json';

function table(results: BenchResult[]): string {
  const rows = [
    ['scenario', 'metric', 'value', 'target', 'met', 'detail'],
    ...results.map((r) => [
      r.scenario,
      r.metric,
      `${r.value} ${r.unit}`,
      r.target,
      r.isMet ? 'yes' : 'NO',
      r.detail ?? '',
    ]),
  ];
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => row[col]?.length ?? 0))) ?? [];
  const line = (row: string[]) => row.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join(' | ');
  return [line(rows[0] ?? []), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const chosen = wanted.length > 0 ? SCENARIOS.filter((s) => wanted.includes(s.name)) : SCENARIOS;
  const results: BenchResult[] = [];
  for (const scenario of chosen) {
    process.stdout.write(`Running ${scenario.name}...\n`);
    try {
      results.push(...(await scenario.run()));
    } catch (error) {
      results.push({
        scenario: scenario.name,
        metric: 'error',
        value: NaN,
        unit: '',
        target: '',
        isMet: false,
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  }
  process.stdout.write(`\n${table(results)}\n`);
  const machine = {
    node: process.version,
    arch: arch(),
    cpus: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ ranAt: new Date().toISOString(), machine, results }, null, 2)}\n`);
  process.stdout.write(`\nWrote ${RESULTS_FILE}\n`);
}

await main();
