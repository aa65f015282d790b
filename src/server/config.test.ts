import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    expect(loadConfig({})).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      databaseUrl: undefined,
      dataDir: './data',
      seedDemo: true,
      seedDemoHistory: true,
      sessionDays: 14,
      staticDir: 'dist',
      logLevel: 'info',
      exitAfterPushCommit: false,
    });
  });

  it('trusts a reverse proxy only when told which', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.2, 10.1.0.0/16' }).trustProxy).toEqual(['10.0.0.2', '10.1.0.0/16']);
    expect(() => loadConfig({ TRUST_PROXY: 'the proxy' })).toThrow(/TRUST_PROXY must be true, false/);
  });

  it('reads every setting', () => {
    expect(
      loadConfig({
        HOST: '0.0.0.0',
        PORT: '3000',
        DATABASE_URL: 'postgresql://audit@db/audit',
        DATA_DIR: '/var/lib/ehcp',
        SEED_DEMO: 'false',
        SEED_DEMO_HISTORY: 'false',
        SESSION_DAYS: '7',
        STATIC_DIR: 'public-build',
        LOG_LEVEL: 'warn',
      }),
    ).toMatchObject({
      host: '0.0.0.0',
      port: 3000,
      databaseUrl: 'postgresql://audit@db/audit',
      dataDir: '/var/lib/ehcp',
      seedDemo: false,
      seedDemoHistory: false,
      sessionDays: 7,
      staticDir: 'public-build',
      logLevel: 'warn',
    });
  });

  it.each([
    ['PORT', '65536'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['SEED_DEMO', 'yes'],
    ['SESSION_DAYS', '0'],
    ['SESSION_DAYS', '365'],
    ['DATABASE_URL', 'localhost:5432'],
    ['LOG_LEVEL', 'verbose'],
    ['HOST', '   '],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name} `));
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 8080, databaseUrl: undefined });
  });
});
