// `npm start`: reads the configuration, opens the store (migrating it and seeding the demo council
// into an empty database), and serves the app. No logic lives here.
import { buildServer } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './demo/seed-demo.ts';
import { openStore } from './store/store.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const seeded = config.seedDemo
    ? await seedDemo(store.db, new Date(), { history: config.seedDemoHistory })
    : { isSeeded: false };
  const app = await buildServer(config, store);
  const url = await app.listen({ host: config.host, port: config.port });

  const shutdown = (signal: string): void => {
    log.info(`${signal}: stopping`);
    app
      .close()
      .then(() => store.close())
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  const database = store.engine === 'postgres' ? 'PostgreSQL' : `PGlite in ${config.dataDir}`;
  log.banner([
    `EHCP quality audit is running at ${url.replace('0.0.0.0', 'localhost')}`,
    `Database: ${database}${seeded.isSeeded ? ' (demo council seeded)' : ''}`,
    ...(config.seedDemo
      ? [
          `Demo sign-ins (password for all: ${DEMO_PASSWORD}):`,
          ...DEMO_USERS.map(
            (user) =>
              `  ${user.email.padEnd(36)} ${user.roles.join(', ')}${'agency' in user ? ` (${user.agency})` : ''}`,
          ),
        ]
      : []),
  ]);
}

main().catch((error: unknown) => {
  process.stderr.write(`The server could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
