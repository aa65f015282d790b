// `npm run retention`: lists what the council's retention periods would remove now, changing
// nothing. `npm run retention -- --apply` removes it (and logs the run), as the daily job does.
// Uses the database the environment names (DATABASE_URL, or PGlite in DATA_DIR).
import { parseArgs } from 'node:util';
import type { RetentionReport } from '#shared/protocol/data-protection-api.ts';
import { loadConfig } from '../config.ts';
import { getRetentionSettings } from '../services/data-protection-settings.ts';
import { applyRetention, isNothingToRemove, planRetention, summariseRetention } from '../services/retention.ts';
import { openStore, type Store } from '../store/store.ts';

const USAGE = `Usage: npm run retention [-- --apply]
  Without --apply, lists what the retention periods set in Settings would remove now, and changes nothing.
  With --apply, removes it and writes what it removed to the audit log.
  On the embedded database (no DATABASE_URL), stop the server first: only one process may open DATA_DIR.`;

const period = (months: number | null): string => (months === null ? 'kept (no period set)' : `${months} months`);

export function describeRetention(report: RetentionReport): string {
  const lines = [
    report.isDryRun ? 'Dry run: nothing has been changed.' : 'Retention run applied.',
    `Periods: audits ${period(report.settings.auditsMonths)}, moderations ${period(report.settings.moderationsMonths)}, ` +
      `audit log ${period(report.settings.auditLogMonths)}.`,
    `${summariseRetention(report)}.`,
  ];
  for (const a of report.audits) {
    lines.push(`  audit ${a.id} (plan ${a.planRef}, cycle ${a.cycleId}, revision ${a.revision}, ${a.status})`);
  }
  for (const m of report.moderations) {
    lines.push(
      `  moderation ${m.id} (plan ${m.planRef}, cycle ${m.cycleId}, revision ${m.revision}, ${m.status}, ${m.actions} action(s))`,
    );
  }
  for (const id of report.keptForOpenReAudits) {
    lines.push(`  kept: moderation ${id}, the source of a re-audit in an open cycle`);
  }
  if (report.auditLog.entries > 0) {
    lines.push(
      `  audit log: ${report.auditLog.entries} entries from ${report.auditLog.oldest} to ${report.auditLog.newest}`,
    );
  }
  if (report.isDryRun && !isNothingToRemove(report)) lines.push('Run `npm run retention -- --apply` to remove them.');
  return lines.join('\n');
}

export async function runRetentionCommand(
  argv: string[],
  env: NodeJS.ProcessEnv,
  openWith: () => Promise<Store> = () => {
    const config = loadConfig(env);
    return openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  },
  now = new Date(),
): Promise<{ code: number; output: string }> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: { apply: { type: 'boolean' }, help: { type: 'boolean' } },
      strict: true,
    }).values;
  } catch (error) {
    return { code: 2, output: `${error instanceof Error ? error.message : String(error)}\n${USAGE}` };
  }
  if (args.help) return { code: 0, output: USAGE };
  const store = await openWith();
  try {
    const report = args.apply
      ? await store.db.transaction((tx) => applyRetention(tx, now, { trigger: 'command' }))
      : await planRetention(store.db, await getRetentionSettings(store.db), now);
    return { code: 0, output: describeRetention(report) };
  } finally {
    await store.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runRetentionCommand(process.argv.slice(2), process.env)
    .then(({ code, output }) => {
      (code === 0 ? process.stdout : process.stderr).write(`${output}\n`);
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      process.stderr.write(`retention failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
