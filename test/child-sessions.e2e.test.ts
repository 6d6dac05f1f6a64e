import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { NdjsonStreamTransport } from '@crosspoint/aggregator';
import { WebSocketClientTransport } from '@crosspoint/remote';
import { Client } from '../packages/cli/test/support/sdk';
import { fixtureEntry } from './fixtures/child-servers/paths';
import { killMarked, marker, processesWith, until } from './fixtures/child-servers/proc';
import { CLI, requireBuilt, writeConfig } from './helpers/gateway-process';

jest.setTimeout(90_000);

// One child per server, whatever the number of sessions: an IDE over stdio and a remote client over
// WebSocket see the same process, and one of them leaving restarts nothing under the other.
const mark = marker('shared');
let cfg: ReturnType<typeof writeConfig>;
let gateway: ChildProcess;
let exited: Promise<number | null>;
let stderr = '';
let stdio: Client;

const pidOf = async (client: Client) =>
  ((await client.callTool({ name: 'shared_pids', arguments: {} })).structuredContent as { pid: number }).pid;

beforeAll(async () => {
  requireBuilt();
  cfg = writeConfig({ fronts: { ws: '127.0.0.1:0' }, mcpServers: { shared: fixtureEntry(['--marker', mark]) } });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('CROSSPOINT_')) env[k] = v;
  gateway = spawn(process.execPath, [CLI, 'serve', '--config', cfg.file, '--stdio'], {
    env: { ...env, CROSSPOINT_STATE_DIR: join(cfg.dir, 'state') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  gateway.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  exited = new Promise((resolve) => gateway.once('exit', (code) => resolve(code)));
  stdio = new Client({ name: 'ide', version: '0' });
  await stdio.connect(new NdjsonStreamTransport(gateway.stdout!, gateway.stdin!));
});

afterAll(async () => {
  if (gateway?.exitCode === null) gateway.kill('SIGKILL');
  killMarked(mark);
  cfg?.remove();
});

it('an IDE over stdio and a WebSocket client share one child; the WebSocket client leaving restarts nothing', async () => {
  const url = await until(() => /ws:\/\/127\.0\.0\.1:\d+\/mcp/.exec(stderr)?.[0], 'the ws front URL on stderr');
  const remote = new Client({ name: 'remote', version: '0' });
  await remote.connect(new WebSocketClientTransport(new URL(url)));
  const [a, b] = await Promise.all([pidOf(stdio), pidOf(remote)]);
  expect(a).toBe(b);
  expect(processesWith(mark)).toEqual([a]);

  await remote.close();
  const after = await pidOf(stdio);
  expect(after).toBe(a);
  const status = (await stdio.callTool({ name: 'crosspoint_status', arguments: {} })).structuredContent as {
    subsystems: Array<{ name: string; state: string; details?: { starts?: number; restarts?: number } }>;
  };
  expect(status.subsystems.find((s) => s.name === 'shared')?.state).toBe('running');

  gateway.stdin?.end();
  expect(await exited).toBe(0);
  expect(processesWith(mark)).toEqual([]);
});
