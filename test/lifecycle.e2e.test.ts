import { FIXTURES, isAlive, requireBuilt, spawnGateway, writeConfig } from './helpers/gateway-process';
import { join } from 'node:path';

jest.setTimeout(60_000);

const config = { subsystems: { dyn: { package: join(FIXTURES, 'dynamic-plugin.mjs') } } };
let cfg: ReturnType<typeof writeConfig>;
beforeAll(() => {
  requireBuilt();
  cfg = writeConfig(config);
});
afterAll(() => cfg?.remove());

async function waitGone(pid: number): Promise<void> {
  const end = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
}

describe('process lifecycle', () => {
  it('exits 0 when stdin closes, leaving no process behind', async () => {
    const g = await spawnGateway(cfg.file);
    expect((await g.client.callTool({ name: 'dyn_multiply', arguments: { a: 2, b: 3 } })).structuredContent).toEqual({ product: 6 });
    const pid = g.child.pid as number;
    g.child.stdin?.end();
    expect(await g.exited).toEqual({ code: 0, signal: null });
    await waitGone(pid);
    expect(isAlive(pid)).toBe(false);
    expect(g.stderr()).toContain('stdin closed: shutting down');
  });

  it('exits 0 on SIGTERM with a call in flight', async () => {
    const g = await spawnGateway(cfg.file);
    const inflight = g.client.callTool({ name: 'dyn_slow_count', arguments: { n: 1000 } }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    g.child.kill('SIGTERM');
    expect(await g.exited).toEqual({ code: 0, signal: null });
    expect(g.stderr()).toContain('signal received: shutting down');
    await inflight;
    await g.client.close();
  });

  it('answers a line that is not JSON with -32700 on stdout and keeps serving', async () => {
    const g = await spawnGateway(cfg.file);
    let raw = '';
    g.child.stdout?.on('data', (c: Buffer) => (raw += c.toString()));
    g.child.stdin?.write('this is not json\n');
    const end = Date.now() + 15_000;
    while (!raw.includes('-32700') && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(raw).toContain('"code":-32700');
    expect((await g.client.callTool({ name: 'dyn_multiply', arguments: { a: 3, b: 3 } })).structuredContent).toEqual({ product: 9 });
    g.child.stdin?.end();
    expect((await g.exited).code).toBe(0);
  });

  it('with no config serves the demo bench and prints the IDE snippet to stderr', async () => {
    const g = await spawnGateway(undefined);
    const names = (await g.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('bench_psu_set');
    const end = Date.now() + 15_000;
    while (!g.stderr().includes('mcpServers') && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(g.stderr()).toContain('{"mcpServers":{"crosspoint":{"command":"npx","args":["crosspoint","serve"]}}}');
    g.child.stdin?.end();
    expect((await g.exited).code).toBe(0);
  });
});
