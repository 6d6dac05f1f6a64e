import { join } from 'node:path';
import {
  CallToolResultSchema,
  EXAMPLE_PLUGIN,
  FIXTURES,
  type SdkGateway,
  ToolListChangedNotificationSchema,
  connectSdk,
  requireBuilt,
  writeConfig,
} from './helpers/gateway-process';

// End-to-end: the built `crosspoint serve` as a real child process, driven by the SDK client over stdio.
jest.setTimeout(60_000);

const config = {
  pageSize: 100,
  subsystems: {
    thermo: { package: EXAMPLE_PLUGIN, options: { ambientC: 20 } },
    dyn: { package: join(FIXTURES, 'dynamic-plugin.mjs') },
    many: { package: join(FIXTURES, 'many-tools-plugin.mjs'), options: { count: 250 } },
    broken: { package: join(FIXTURES, 'dynamic-plugin.mjs'), options: { failConnect: 'fixture refuses to start' } },
    nope: { package: join(FIXTURES, 'throwing-plugin.mjs') },
  },
};

const text = (r: unknown): string => (r as { content: Array<{ text?: string }> }).content[0]?.text ?? '';

let cfg: ReturnType<typeof writeConfig>;
let gw: SdkGateway;
beforeAll(async () => {
  requireBuilt();
  cfg = writeConfig(config);
  gw = await connectSdk(cfg.file);
});
afterAll(async () => {
  await gw?.close();
  cfg?.remove();
});

async function listAll(): Promise<{ names: string[]; pages: number }> {
  const names: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const r = await gw.client.listTools(cursor ? { cursor } : {});
    names.push(...r.tools.map((t) => t.name));
    cursor = r.nextCursor;
    pages++;
  } while (cursor);
  return { names, pages };
}

describe('crosspoint serve over stdio (SDK client)', () => {
  it('announces itself and lists every subsystem under its prefix, across pages', async () => {
    expect(gw.client.getServerVersion()).toEqual({ name: 'crosspoint', version: '0.1.0' });
    expect(gw.client.getServerCapabilities()?.tools?.listChanged).toBe(true);
    const { names, pages } = await listAll();
    expect(pages).toBe(Math.ceil(names.length / 100));
    expect(names.length).toBe(2 + 3 + 4 + 250 + 4);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['crosspoint_status', 'thermo_read', 'dyn_multiply', 'many_t0249', 'broken_multiply']));
  });

  it('rejects a cursor it did not issue with a JSON-RPC -32602 error', async () => {
    await expect(gw.client.listTools({ cursor: 'bogus' })).rejects.toMatchObject({ code: -32602 });
  });

  it('routes calls to the right subsystem', async () => {
    const thermo = await gw.client.callTool({ name: 'thermo_read', arguments: { sensor: 'probe' } });
    expect(thermo.structuredContent).toEqual({ sensor: 'probe', celsius: 24.5 });
    const dyn = await gw.client.callTool({ name: 'dyn_multiply', arguments: { a: 6, b: 7 } });
    expect(dyn.structuredContent).toEqual({ product: 42 });
    const many = await gw.client.callTool({ name: 'many_t0123', arguments: { value: 1 } });
    expect(many.structuredContent).toEqual({ tool: 't0123', args: { value: 1 } });
  });

  it('completes many concurrent calls over one stdio session', async () => {
    const calls = Array.from({ length: 64 }, (_, i) => gw.client.callTool({ name: i % 2 ? 'dyn_multiply' : 'many_t0007', arguments: i % 2 ? { a: i, b: 2 } : { value: i } }));
    const results = await Promise.all(calls);
    results.forEach((r, i) => expect(r.structuredContent).toEqual(i % 2 ? { product: i * 2 } : { tool: 't0007', args: { value: i } }));
  });

  it('answers unknown tools, invalid arguments and a down subsystem with isError results', async () => {
    const unknown = await gw.client.callTool({ name: 'thermo_melt', arguments: {} });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/^thermo_melt failed \[TOOL_NOT_FOUND\]/);
    const invalid = await gw.client.callTool({ name: 'thermo_read', arguments: { sensor: 'oven' } });
    expect(invalid.isError).toBe(true);
    expect(text(invalid)).toMatch(/^thermo_read failed \[INVALID_ARGUMENTS\].*sensor/);
    const down = await gw.client.callTool({ name: 'broken_multiply', arguments: { a: 1, b: 2 } });
    expect(down.isError).toBe(true);
    expect(text(down)).toContain('[SUBSYSTEM_UNAVAILABLE]');
    expect(text(down)).toContain('fixture refuses to start');
  });

  it('reports every subsystem in crosspoint_status', async () => {
    const r = await gw.client.callTool({ name: 'crosspoint_status', arguments: {} });
    const s = r.structuredContent as { gateway: { startup: { text: string } }; subsystems: Array<{ name: string; state: string; toolCount: number }> };
    expect(s.subsystems.map((x) => [x.name, x.state, x.toolCount])).toEqual([
      ['thermo', 'running', 3],
      ['dyn', 'running', 4],
      ['many', 'running', 250],
      ['broken', 'failed', 4],
    ]);
    expect(s.gateway.startup.text).toBe('3 running, 1 failed: broken (fixture refuses to start)');
  });

  it('survives tools that throw a string, return an unserializable value, or leave a stray rejection', async () => {
    const thrown = await gw.client.callTool({ name: 'dyn_misbehave', arguments: { how: 'throw_string' } });
    expect(text(thrown)).toBe('dyn_misbehave failed [TOOL_FAILED]: a thrown string');
    const bigint = await gw.client.callTool({ name: 'dyn_misbehave', arguments: { how: 'bigint' } });
    expect(bigint.isError).toBe(true);
    expect(text(bigint)).toMatch(/BigInt/);
    const stray = await gw.client.callTool({ name: 'dyn_misbehave', arguments: { how: 'stray_rejection' } });
    expect(stray.structuredContent).toEqual({ ok: true });
    const deadline = Date.now() + 10_000;
    while (!gw.stderr().includes('unhandled rejection') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(gw.stderr()).toContain('stray rejection from a plugin');
    await expect(gw.client.ping()).resolves.toEqual({});
  });

  it('reports a plugin that could not be created and serves the rest', () => {
    expect(gw.stderr()).toContain('subsystems.nope: not loaded: this plugin cannot be created (fixture)');
  });

  it('forwards progress notifications under the caller token', async () => {
    const seen: number[] = [];
    const r = await gw.client.callTool({ name: 'dyn_slow_count', arguments: { n: 4 } }, CallToolResultSchema, {
      onprogress: (p) => seen.push(p.progress),
    });
    expect(r.structuredContent).toEqual({ counted: 4 });
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.slice(0, 3)).toEqual([1, 2, 3]);
  });

  it('sends tools/list_changed after a subsystem adds a tool, and the new tool is callable', async () => {
    let notified = 0;
    gw.client.setNotificationHandler(ToolListChangedNotificationSchema, () => void notified++);
    await gw.client.callTool({ name: 'dyn_add_tool', arguments: { name: 'fresh_tool' } });
    const deadline = Date.now() + 20_000;
    while (notified === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(notified).toBeGreaterThan(0);
    const { names } = await listAll();
    expect(names).toContain('dyn_fresh_tool');
    expect((await gw.client.callTool({ name: 'dyn_fresh_tool', arguments: {} })).structuredContent).toEqual({ added: 'fresh_tool' });
  });
});
