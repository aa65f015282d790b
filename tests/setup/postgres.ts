// A throwaway PostgreSQL 15 for tests and benchmarks: initdb into a temp folder, start on a free
// port with fsync off, hand out fresh databases, and stop and delete it all afterwards. Shared by
// the suites of one process and stopped when the last user lets go (or the process exits).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

type Cluster = { dir: string; dataDir: string; port: number; watchdog: ChildProcess };

let cluster: Cluster | undefined;
let users = 0;
let databases = 0;

/**
 * The malloc settings compose.yaml gives the production database, read from there so the two
 * cannot drift: without them a backend's speed on large statements depends on what it ran before
 * (glibc trims freed memory and faults it back in), and benchmarks compare two different machines.
 */
function glibcTunables(): string {
  const compose = readFileSync(new URL('../../compose.yaml', import.meta.url), 'utf8');
  const value = /^\s*GLIBC_TUNABLES:\s*(\S+)\s*$/m.exec(compose)?.[1];
  if (!value) throw new Error('compose.yaml: the db service has no GLIBC_TUNABLES line');
  return value;
}

function asPostgresUser(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const isRoot = process.getuid?.() === 0;
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  const run = spawnSync(file, argv, { encoding: 'utf8', env });
  if (run.status !== 0) {
    throw new Error(`${command} failed (${run.status ?? run.signal}): ${run.stderr || run.stdout}`);
  }
}

/** A port on the loopback no process listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function stopCluster(): void {
  if (!cluster) return;
  const { dir, dataDir, watchdog } = cluster;
  cluster = undefined;
  watchdog.kill('SIGKILL');
  try {
    asPostgresUser(join(PG_BIN, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function startCluster(): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-pg-'));
  if (process.getuid?.() === 0) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(ids.stdout.trim()), Number(gid.stdout.trim()));
  }
  const dataDir = join(dir, 'data');
  const port = await freePort();
  asPostgresUser(join(PG_BIN, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  asPostgresUser(
    join(PG_BIN, 'pg_ctl'),
    [
      '-D',
      dataDir,
      '-w',
      '-l',
      join(dir, 'server.log'),
      '-o',
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off -c max_connections=200`,
      'start',
    ],
    { ...process.env, GLIBC_TUNABLES: glibcTunables() },
  );
  process.once('exit', stopCluster);
  // A test process killed outright runs no exit handler: this watcher stops the server once the
  // process that started it is gone, however it went.
  const pgCtl = [join(PG_BIN, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', 'stop'].join(' ');
  const stop = process.getuid?.() === 0 ? `runuser -u postgres -- ${pgCtl}` : pgCtl;
  const watchdog = spawn(
    'sh',
    ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${stop} >/dev/null 2>&1; rm -rf '${dir}'`],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
  return { dir, dataDir, port, watchdog };
}

export type ThrowawayPostgres = {
  /** A new, empty database on the shared server, as a connection URL. */
  createDatabase: () => Promise<string>;
  /** Lets go of the server; the last one out stops it and deletes its files. */
  release: () => void;
};

export async function useThrowawayPostgres(): Promise<ThrowawayPostgres> {
  cluster ??= await startCluster();
  users += 1;
  const port = cluster.port;
  let isReleased = false;
  return {
    async createDatabase() {
      databases += 1;
      const name = `test_${process.pid}_${databases}`;
      const admin = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres` });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return `postgresql://postgres@127.0.0.1:${port}/${name}`;
    },
    release() {
      if (isReleased) return;
      isReleased = true;
      users -= 1;
      if (users === 0) stopCluster();
    },
  };
}
