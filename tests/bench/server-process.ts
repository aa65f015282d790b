// The server as deployed, for the benchmarks that need it in a process of its own (two-processes,
// pull-10k): started as `npm start` starts it, stopped, and its CPU read from /proc, along with the
// CPU of a PostgreSQL cluster's processes. On a machine other work shares, wall time stretches with
// the load while the CPU each side needs does not, so the benchmarks report both.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { Store } from '#server/store/store.ts';
import { freePort } from '#tests/setup/postgres.ts';

export type ServerProcess = { url: string; child: ChildProcess; output: () => string };

/** A server process on `databaseUrl` (node itself, so its pid is the server's), once it answers its health check. */
export async function startServerProcess(databaseUrl: string): Promise<ServerProcess> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      STATIC_DIR: 'no-static-files-in-this-benchmark',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + 120_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`a server process exited at start: ${output}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, child, output: () => output };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`a server process did not answer its health check: ${output}`);
}

export async function stopServerProcess(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  const timeout = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timeout);
}

/** CPU time (user + system) so far of one process, in ms; 0 once it has ended. */
export function processCpu(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    // Fields after the command's closing parenthesis: state, ppid, … utime (12th), stime (13th).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/** CPU time so far, in ms, of every PostgreSQL process of the cluster behind `store` (NaN if unreadable). */
export async function postgresCpu(store: Store): Promise<number> {
  const [dir] = await store.db.query<{ data_directory: string }>('SHOW data_directory');
  try {
    const postmaster = Number(readFileSync(`${dir!.data_directory}/postmaster.pid`, 'utf8').split('\n')[0]);
    let total = 0;
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (Number(pid) === postmaster || ppid === postmaster) total += processCpu(Number(pid));
      } catch {
        // The process ended while being read.
      }
    }
    return total;
  } catch {
    return NaN;
  }
}
