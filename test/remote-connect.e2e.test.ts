import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { NdjsonStreamTransport } from '@crosspoint/aggregator';
import { CLI, FIXTURES, ToolListChangedNotificationSchema, requireBuilt, writeConfig } from './helpers/gateway-process';
import { type Daemon, cleanEnv, startDaemon } from './helpers/remote-daemon';
import { Client, StdioClientTransport } from '../packages/cli/test/support/sdk';

// End-to-end: `crosspoint connect ws://…` as an IDE would run it (an SDK client spawning it over
// stdio), bridging to a `crosspoint serve --ws` daemon that is killed and started again meanwhile.
jest.setTimeout(120_000);

const TOKEN = 'connect-token-0123456789abcdef';
let cfg: ReturnType<typeof writeConfig>;
let daemon: Daemon | undefined;
beforeAll(() => {
  requireBuilt();
  cfg = writeConfig({ subsystems: { dyn: { package: join(FIXTURES, 'dynamic-plugin.mjs') } } });
});
afterAll(async () => {
  await daemon?.stop();
  cfg?.remove();
});

const serveOn = (port: number) => startDaemon(['--config', cfg.file, '--ws', `127.0.0.1:${port}`], ['ws'], { CROSSPOINT_TOKEN: TOKEN });

describe('crosspoint connect', () => {
  it('bridges an IDE to a gateway over WebSocket and survives a gateway restart', async () => {
    daemon = await serveOn(0);
    const url = daemon.urls.ws as string;
    const port = Number(new URL(url).port);
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'connect', `ws://127.0.0.1:${port}`], env: cleanEnv({ CROSSPOINT_TOKEN: TOKEN }), stderr: 'pipe' });
    let bridgeLog = '';
    transport.stderr?.on('data', (c: Buffer) => (bridgeLog += c.toString()));
    const ide = new Client({ name: 'ide', version: '0' });
    await ide.connect(transport);
    try {
      expect(ide.getServerVersion()?.name).toBe('crosspoint');
      expect((await ide.callTool({ name: 'dyn_multiply', arguments: { a: 6, b: 7 } })).structuredContent).toEqual({ product: 42 });

      const changed = new Promise<void>((resolve) => ide.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));
      expect(await daemon.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      daemon = await serveOn(port);
      await changed; // the bridge tells the IDE once the catalog is back
      expect((await ide.callTool({ name: 'dyn_multiply', arguments: { a: 5, b: 5 } })).structuredContent).toEqual({ product: 25 });
      expect((await ide.listTools()).tools.map((t) => t.name)).toContain('dyn_slow_count');
      expect(bridgeLog).not.toContain(TOKEN);
    } finally {
      await ide.close();
    }
  });

  it('a refused token: the IDE sees the reason, and the bridge exits 1 once the IDE closes stdin', async () => {
    daemon ??= await serveOn(0);
    const child = spawn(process.execPath, [CLI, 'connect', daemon.urls.ws as string], { env: cleanEnv({ CROSSPOINT_TOKEN: 'wrong-token-0123456789' }), stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const ide = new Client({ name: 'ide', version: '0' });
    await expect(ide.connect(new NdjsonStreamTransport(child.stdout, child.stdin))).rejects.toThrow(/401|refused/);
    expect(child.exitCode).toBeNull(); // still answering the IDE with the reason
    child.stdin.end();
    expect(await exited).toBe(1);
    expect(stderr).toMatch(/refused the token \(401\)/);
    expect(stderr).not.toContain('wrong-token-0123456789');
    await ide.close().catch(() => undefined);
  });

  it.each(['tcp', 'http'] as const)('also bridges over the %s front', async (front) => {
    const d = await startDaemon(['--config', cfg.file, `--${front}`, '127.0.0.1:0'], [front], { CROSSPOINT_TOKEN: TOKEN });
    try {
      const ide = new Client({ name: 'ide', version: '0' });
      await ide.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'connect', d.urls[front] as string], env: cleanEnv({ CROSSPOINT_TOKEN: TOKEN }), stderr: 'ignore' }));
      expect((await ide.callTool({ name: 'dyn_multiply', arguments: { a: 9, b: 9 } })).structuredContent).toEqual({ product: 81 });
      await ide.close();
    } finally {
      await d.stop();
    }
  });

  it('a URL that is not one exits 2 with the accepted shapes', async () => {
    const child = spawn(process.execPath, [CLI, 'connect', 'bench:7420'], { env: cleanEnv(), stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    clearTimeout(timer);
    expect({ code, stderr }).toEqual({ code: 2, stderr: expect.stringMatching(/unsupported scheme bench: \(use ws:\/\/, wss:\/\/, tcp:\/\/ or http\(s\):\/\/…\/mcp\)/) });
  });
});
