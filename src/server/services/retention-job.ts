// The daily retention run as a scheduled job for the job runner (job-runner.ts), which runs it once
// across every server process, in one transaction under its advisory lock: all or nothing.
import type { ScheduledJob } from './job-runner.ts';
import { applyRetention, summariseRetention } from './retention.ts';

export const RETENTION_EVERY_MS = 24 * 60 * 60 * 1000;

export const retentionJob: ScheduledJob = {
  name: 'retention',
  everyMs: RETENTION_EVERY_MS,
  run: async (tx, now) => summariseRetention(await applyRetention(tx, now, { trigger: 'schedule' })),
};
