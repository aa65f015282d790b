// `npm start`'s entry point as a process: a bad setting stops it with a message naming the setting.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('starting the server', () => {
  it('exits 1 naming each bad setting', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: {
        ...process.env,
        PORT: 'eighty',
        SEED_DEMO: 'maybe',
        SESSION_DAYS: '0',
        DATABASE_URL: 'mysql://nope',
        LOG_LEVEL: 'loud',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    for (const setting of ['PORT', 'SEED_DEMO', 'SESSION_DAYS', 'DATABASE_URL', 'LOG_LEVEL']) {
      expect(run.stderr).toMatch(new RegExp(`^  ${setting} .+ \\(got "`, 'm'));
    }
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 with a plain message when the database cannot be reached', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: { ...process.env, DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none', PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^The server could not start: /);
  });
});
