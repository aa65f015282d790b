// Builds the web app for browser tests into a directory under the system's temp dir (outside the
// repository, so lint and format never see built files), skipping the build when no input changed
// since the last one (a fingerprint of the source files' paths, sizes and times).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = process.cwd();
const CHECKOUT = createHash('sha256').update(ROOT).digest('hex').slice(0, 12);
/** A build directory for this checkout; several checkouts on one machine do not share one. */
export const e2eBuildDir = (name: string): string => join(tmpdir(), `ehcp-audit-${CHECKOUT}-${name}`);
export const E2E_DIST = e2eBuildDir('dist');
const INPUTS = ['index.html', 'vite.config.ts', 'package.json', 'src/web', 'src/shared', 'public'];

function listFiles(path: string): string[] {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return [path];
  return readdirSync(full).flatMap((name) => listFiles(join(path, name)));
}

function fingerprint(env: Record<string, string>): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ NODE_ENV: 'production', ...env }));
  for (const file of INPUTS.flatMap(listFiles).sort()) {
    if (file.endsWith('.test.ts') || file.endsWith('.test.tsx')) continue;
    const stat = statSync(join(ROOT, file));
    hash.update(`${file}:${stat.size}:${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** Runs `vite build` into outDir (with extra env such as VITE_BUILD_ID) unless it is already up to date. */
export function buildApp(outDir: string = E2E_DIST, env: Record<string, string> = {}): string {
  const marker = join(outDir, '.fingerprint');
  const expected = fingerprint(env);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === expected) return outDir;
  const result = spawnSync(
    join(ROOT, 'node_modules', '.bin', 'vite'),
    ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      // Vitest sets NODE_ENV=test, and Vite would then make a development build without a service worker.
      env: { ...process.env, NODE_ENV: 'production', ...env },
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
  writeFileSync(marker, expected);
  return outDir;
}
