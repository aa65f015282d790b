// The server's settings, read from the environment and checked at start: a bad value stops the
// server with a message naming the setting, instead of failing later in a way nobody can trace.
import { z } from 'zod';
import { readSignInSettings, type SignInSettings } from './sign-in-config.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const booleanText = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');

const EnvSchema = z.object({
  HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a whole number from 0 to 65535')
    .transform(Number)
    .refine((port) => port <= 65_535, 'must be a whole number from 0 to 65535')
    .default(8080),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// connection URL')
    .optional(),
  DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
  SEED_DEMO: booleanText.default(true),
  // With SEED_DEMO: also a previous term's cycle, audited and moderated, so dashboards and re-audits have data.
  SEED_DEMO_HISTORY: booleanText.default(true),
  SESSION_DAYS: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a whole number of days from 1 to 90')
    .transform(Number)
    .refine((days) => days >= 1 && days <= 90, 'must be a whole number of days from 1 to 90')
    .default(14),
  STATIC_DIR: z.string().trim().min(1, 'must not be empty').default('dist'),
  // Behind a reverse proxy: `true` (trust every hop) or the proxies' addresses (comma-separated,
  // CIDR allowed). Off by default, so a client cannot name its own address in X-Forwarded-For.
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(/^(true|false|[\da-fA-F.:/]+(\s*,\s*[\da-fA-F.:/]+)*)$/, "must be true, false, or the proxies' addresses")
    .transform((value): boolean | string[] =>
      value === 'true' ? true : value === 'false' ? false : value.split(/\s*,\s*/),
    )
    .default(false),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  // Test-only: exit the process after a push commits and before it is answered, to prove a retry is harmless.
  TEST_EXIT_AFTER_PUSH_COMMIT: booleanText.default(false),
  // Test-only: exit the process inside a push's transaction once this many of its mutations are applied.
  TEST_EXIT_AFTER_MUTATIONS: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a whole number')
    .transform(Number)
    .optional(),
});

export type ServerConfig = {
  host: string;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  seedDemo: boolean;
  seedDemoHistory: boolean;
  sessionDays: number;
  staticDir: string;
  logLevel: LogLevel;
  /** Fastify's trustProxy: whether (and which) X-Forwarded-* headers say who the client is. */
  trustProxy: boolean | string[];
  /** Failed sign-ins allowed per address and email address in signInWindowMs before it is refused. */
  signInLimit: number;
  signInWindowMs: number;
  exitAfterPushCommit: boolean;
  /** Test-only: die between two mutations' savepoints of a push, before it commits. */
  exitAfterMutations: number | undefined;
  /** Single sign-on, password sign-in and mail (OIDC_ISSUERS, PASSWORD_SIGN_IN, SMTP_*, PUBLIC_URL): see sign-in-config.ts. */
  signIn: SignInSettings;
};

export class ConfigError extends Error {}

/** Empty strings count as unset, as in most deployment tools. */
function present(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
}

export function loadConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const given = present(env);
  const parsed = EnvSchema.safeParse(given);
  const signIn = readSignInSettings(given);
  if (!parsed.success || !signIn.settings) {
    const lines = (parsed.error?.issues ?? []).map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const value = env[name];
      return `${name} ${issue.message}${value === undefined ? '' : ` (got "${value}")`}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${[...lines, ...signIn.problems].join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    seedDemo: e.SEED_DEMO,
    seedDemoHistory: e.SEED_DEMO_HISTORY,
    sessionDays: e.SESSION_DAYS,
    staticDir: e.STATIC_DIR,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    signInLimit: 10,
    signInWindowMs: 15 * 60 * 1000,
    exitAfterPushCommit: e.TEST_EXIT_AFTER_PUSH_COMMIT,
    exitAfterMutations: e.TEST_EXIT_AFTER_MUTATIONS,
    signIn: signIn.settings,
  };
}

/** Settings for tests and benchmarks: quiet, no static files unless asked. */
export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return { ...loadConfig({ LOG_LEVEL: 'silent', SEED_DEMO: 'true' }), staticDir: '', ...overrides };
}
