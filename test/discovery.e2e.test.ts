import { join } from 'node:path';
import { EXAMPLE_PLUGIN, FIXTURES, type SdkGateway, connectSdk, requireBuilt, writeConfig } from './helpers/gateway-process';

jest.setTimeout(60_000);

const config = {
  subsystems: {
    thermo: { package: EXAMPLE_PLUGIN },
    many: { package: join(FIXTURES, 'many-tools-plugin.mjs'), options: { count: 40 } },
  },
};
const META = ['tools_search', 'tools_describe_many'];

let cfg: ReturnType<typeof writeConfig>;
const open: SdkGateway[] = [];
beforeAll(() => {
  requireBuilt();
  cfg = writeConfig(config);
});
afterEach(async () => {
  for (const g of open.splice(0)) await g.close();
});
afterAll(() => cfg?.remove());

async function connect(options: Parameters<typeof connectSdk>[1]) {
  const g = await connectSdk(cfg.file, options);
  open.push(g);
  return g;
}

async function expectDeferredSession(g: SdkGateway) {
  expect(g.client.getServerCapabilities()?.experimental).toEqual({ 'x-deferred-loading': { enabled: true }, 'x-discovery-tools': META });
  expect((await g.client.listTools()).tools.map((t) => t.name)).toEqual(META);
  const search = await g.client.callTool({ name: 'tools_search', arguments: { query: 'temperature sensor', limit: 3 } });
  const results = (search.structuredContent as { results: Array<{ name: string; score: number }> }).results;
  expect(results[0]?.name).toBe('thermo_read');
  expect(results.length).toBeLessThanOrEqual(3);
  const described = await g.client.callTool({ name: 'tools_describe_many', arguments: { names: ['thermo_read', 'no_such_tool'] } });
  expect(described.structuredContent).toMatchObject({
    tools: [{ name: 'thermo_read', inputSchema: { type: 'object', properties: { sensor: {} } } }],
    unknown: ['no_such_tool'],
  });
  // Real tools stay callable by wire name.
  expect((await g.client.callTool({ name: 'thermo_read', arguments: { sensor: 'ambient' } })).structuredContent).toEqual({ sensor: 'ambient', celsius: 21 });
}

describe('discovery (deferred) mode end to end', () => {
  it('serves the full catalog by default', async () => {
    const g = await connect({});
    expect(g.client.getServerCapabilities()?.experimental?.['x-deferred-loading']).toEqual({ enabled: false });
    expect((await g.client.listTools()).tools).toHaveLength(2 + 3 + 40);
  });

  it('turns on for a client declaring the x-deferred-tools capability', async () => {
    await expectDeferredSession(await connect({ capabilities: { experimental: { 'x-deferred-tools': {} } } }));
  });

  it('turns on for every client with CROSSPOINT_DEFERRED=1', async () => {
    await expectDeferredSession(await connect({ env: { CROSSPOINT_DEFERRED: '1' } }));
  });
});
