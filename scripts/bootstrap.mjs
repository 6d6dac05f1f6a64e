// Gets a fresh machine (Node 20 + npm only) to a built workspace: pnpm, dependencies, build.
// Used by `npm run demo` and `npm test`; safe to run again (every step is idempotent).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = '12.21.0';

export function log(msg) {
  process.stderr.write(`[crosspoint] ${msg}\n`);
}

function pnpmVersion(cmd) {
  try {
    return execFileSync(cmd[0], [...cmd.slice(1), '--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** The command that runs pnpm: a global pnpm of our version, installed if needed, else npx. */
export function ensurePnpm() {
  if (pnpmVersion(['pnpm']) === PNPM_VERSION) return ['pnpm'];
  log(`installing pnpm@${PNPM_VERSION} (npm i -g)`);
  const r = spawnSync('npm', ['install', '-g', `pnpm@${PNPM_VERSION}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status === 0 && pnpmVersion(['pnpm']) === PNPM_VERSION) return ['pnpm'];
  log('global install not possible here; using npx instead');
  return ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
}

/** Set-up output goes to stderr: the demo's stdout carries MCP messages only. */
export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd[0], [...cmd.slice(1), ...args], { cwd: root, stdio: ['ignore', 2, 'inherit'], ...options });
  if (r.status !== 0) {
    log(`failed: ${[...cmd, ...args].join(' ')} (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

/** Installs what the serial tests need (socat), when we are root and have apt; says why not otherwise. */
export function ensureSystemPackages() {
  run(['bash'], [join(root, 'scripts', 'system-deps.sh')]);
}

export function bootstrap({ systemPackages = false } = {}) {
  const pnpm = ensurePnpm();
  run(pnpm, ['install', '--frozen-lockfile']);
  if (systemPackages) ensureSystemPackages();
  run(pnpm, ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
  return pnpm;
}

export function builtCli() {
  const bin = join(root, 'packages', 'cli', 'dist', 'bin.js');
  return existsSync(bin) ? bin : undefined;
}
