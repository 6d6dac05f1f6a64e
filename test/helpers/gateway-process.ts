import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NdjsonStreamTransport } from '@crosspoint/aggregator';
import { Client, StdioClientTransport, getDefaultEnvironment } from '../../packages/cli/test/support/sdk';

export { CallToolResultSchema, ToolListChangedNotificationSchema } from '../../packages/cli/test/support/sdk';

export const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'packages', 'cli', 'dist', 'bin.js');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const EXAMPLE_PLUGIN = join(ROOT, 'examples', 'plugin-example');

/** The e2e tests drive the built CLI; `npm test` builds first. Fail loudly when it is missing. */
export function requireBuilt(): void {
  for (const f of [CLI, join(EXAMPLE_PLUGIN, 'dist', 'index.js')]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`pnpm exec turbo run build\` first`);
  }
}

export function writeConfig(config: unknown): { file: string; dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'crosspoint-e2e-'));
  const file = join(dir, 'crosspoint.json');
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return { file, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The test environment without anything that would change which config the CLI picks. */
function baseEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('CROSSPOINT_')) env[k] = v;
  return { ...env, ...extra };
}

export interface SdkGateway {
  client: Client;
  transport: StdioClientTransport;
  stderr: () => string;
  close: () => Promise<void>;
}

/** `crosspoint serve --config <file>` as a child process, driven by the SDK over StdioClientTransport. */
export async function connectSdk(
  configFile: string,
  options: { env?: Record<string, string>; capabilities?: Record<string, unknown> } = {},
): Promise<SdkGateway> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'serve', '--config', configFile],
    env: { ...getDefaultEnvironment(), ...(options.env ?? {}) },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const client = new Client({ name: 'e2e', version: '0' }, { capabilities: options.capabilities ?? {} });
  await client.connect(transport);
  return { client, transport, stderr: () => stderr, close: () => client.close() };
}

export interface RawGateway {
  child: ChildProcess;
  client: Client;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

/** Our own spawn (so the test controls stdin and signals), with an SDK Client over its pipes. */
export async function spawnGateway(configFile: string | undefined, env: Record<string, string> = {}): Promise<RawGateway> {
  const args = [CLI, 'serve', ...(configFile ? ['--config', configFile] : [])];
  const child = spawn(process.execPath, args, { env: baseEnv(env), stdio: ['pipe', 'pipe', 'pipe'], cwd: tmpdir() });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const client = new Client({ name: 'e2e-raw', version: '0' });
  await client.connect(new NdjsonStreamTransport(child.stdout!, child.stdin!));
  return { child, client, exited, stderr: () => stderr };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs a CLI command to completion (check, tools, call). */
export function runCli(args: string[], env: Record<string, string> = {}, cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: baseEnv(env), cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
