import { join } from 'node:path';
import { FIXTURES, type SdkGateway, connectSdk, requireBuilt, writeConfig } from './helpers/gateway-process';
import { type Daemon, startDaemon, waitFor } from './helpers/remote-daemon';

// End-to-end: gateway B federates gateway A (a `crosspoint serve --ws` daemon with a token) through an
// `mcpServers` entry with a `url`; a client of B drives A's tools; a wrong token is final, not a loop.
jest.setTimeout(90_000);

const TOKEN = 'federation-token-0123456789abcdef';
let cfgA: ReturnType<typeof writeConfig>;
let cfgB: ReturnType<typeof writeConfig>;
let a: Daemon;
let b: SdkGateway;

type Status = { subsystems: Array<{ name: string; state: string } & Record<string, unknown>> };
const status = async () => (await b.client.callTool({ name: 'crosspoint_status', arguments: {} })).structuredContent as Status;
const entry = (s: Status, name: string) => s.subsystems.find((x) => x.name === name);

beforeAll(async () => {
  requireBuilt();
  cfgA = writeConfig({ subsystems: { dyn: { package: join(FIXTURES, 'dynamic-plugin.mjs') } } });
  a = await startDaemon(['--config', cfgA.file, '--ws', '127.0.0.1:0', '--http', '127.0.0.1:0'], ['ws', 'http'], { CROSSPOINT_TOKEN: TOKEN });
  cfgB = writeConfig({
    mcpServers: {
      benchA: { url: a.urls.ws, headers: { Authorization: `Bearer ${TOKEN}` } },
      benchAHttp: { url: a.urls.http, headers: { Authorization: `Bearer ${TOKEN}` } },
      wrongToken: { url: a.urls.ws, headers: { Authorization: 'Bearer not-the-token-0123456789' } },
    },
  });
  b = await connectSdk(cfgB.file);
});
afterAll(async () => {
  await b?.close();
  await a?.stop();
  cfgA?.remove();
  cfgB?.remove();
});

describe('a gateway federating another gateway', () => {
  it("calls A's tools through B, over WebSocket and Streamable HTTP", async () => {
    await waitFor(status, (s) => entry(s, 'bencha')?.state === 'running' && entry(s, 'benchahttp')?.state === 'running');
    const names = (await b.client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['bencha_dyn_multiply', 'bencha_crosspoint_status', 'benchahttp_dyn_multiply']));
    expect((await b.client.callTool({ name: 'bencha_dyn_multiply', arguments: { a: 6, b: 7 } })).structuredContent).toEqual({ product: 42 });
    expect((await b.client.callTool({ name: 'benchahttp_dyn_multiply', arguments: { a: 2, b: 8 } })).structuredContent).toEqual({ product: 16 });
    const bad = await b.client.callTool({ name: 'bencha_dyn_multiply', arguments: { a: 'x' } });
    expect(bad.isError).toBe(true);
  });

  it('a wrong token makes the remote unreachable with the reason, without a restart loop', async () => {
    const first = await waitFor(status, (s) => entry(s, 'wrongtoken')?.state === 'unreachable');
    expect(JSON.stringify(entry(first, 'wrongtoken'))).toMatch(/401|UNAUTHORIZED|refused/);
    const opened = (a.stderr().match(/session opened/g) ?? []).length;
    const refusals = (a.stderr().match(/missing or wrong token/g) ?? []).length;
    expect(refusals).toBeGreaterThanOrEqual(1);
    // Give a restart loop time to show itself (a backoff of a few hundred ms would retry several times).
    await new Promise((r) => setTimeout(r, 3000));
    expect(entry(await status(), 'wrongtoken')?.state).toBe('unreachable');
    expect((a.stderr().match(/missing or wrong token/g) ?? []).length).toBe(refusals);
    expect((a.stderr().match(/session opened/g) ?? []).length).toBe(opened);
    expect(a.stderr()).not.toContain(TOKEN);
  });
});
