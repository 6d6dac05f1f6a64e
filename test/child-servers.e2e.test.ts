import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProgressNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { everythingEntry, fixtureEntry, FIXTURE_SERVER } from './fixtures/child-servers/paths';
import { CallToolResultSchema, type SdkGateway, connectSdk, requireBuilt, writeConfig } from './helpers/gateway-process';

jest.setTimeout(90_000);

type Result = { content?: Array<{ type: string; text?: string }>; isError?: boolean; structuredContent?: unknown };
const text = (r: unknown) => ((r as Result).content ?? []).map((c) => c.text ?? '').join('');

async function until<T>(cond: () => T | Promise<T>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await cond();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let cfg: ReturnType<typeof writeConfig>;
let gw: SdkGateway;
let callLog: string;
let readyFlag: string;

async function stateOf(name: string): Promise<string | undefined> {
  const r = await gw.client.callTool({ name: 'crosspoint_status', arguments: {} });
  const s = r.structuredContent as { subsystems: Array<{ name: string; state: string }> };
  return s.subsystems.find((x) => x.name === name)?.state;
}

beforeAll(async () => {
  requireBuilt();
  cfg = writeConfig('{}');
  callLog = join(cfg.dir, 'calls.log');
  readyFlag = join(cfg.dir, 'ready.flag');
  // Refuses to start until the test creates `ready.flag`: a server that is `failed` and can come back.
  const gated = `test -f "${readyFlag}" || { echo "waiting for ready.flag" >&2; exit 1; }; exec "${process.execPath}" "${FIXTURE_SERVER}"`;
  const config = {
    startupDeadlineMs: 30_000,
    mcpServers: {
      everything: { command: process.execPath, args: [everythingEntry(), 'stdio'], ping: { intervalMs: 0 }, stop: { graceMs: 300, termGraceMs: 1000 } },
      logged: fixtureEntry(['--log', callLog]),
      crashy: fixtureEntry(['--crash-after', '3']),
      hangy: fixtureEntry([], { ping: { intervalMs: 300, timeoutMs: 700 }, stop: { graceMs: 1000, termGraceMs: 1000 } }),
      noisy: fixtureEntry(['--garbage']),
      patient: fixtureEntry([], { timeoutMs: 1000 }),
      broken: fixtureEntry(['--exit-at-startup'], { maxFailures: 1 }),
      gated: { command: 'sh', args: ['-c', gated], maxFailures: 1, ping: { intervalMs: 0 }, stop: { graceMs: 300, termGraceMs: 500 } },
      badurl: { url: 'ftp://example.invalid/mcp' },
    },
  };
  writeFileSync(cfg.file, JSON.stringify(config, null, 2));
  gw = await connectSdk(cfg.file, { env: { CROSSPOINT_STATE_DIR: join(cfg.dir, 'state') } });
});

afterAll(async () => {
  await gw?.close();
  cfg?.remove();
});

describe('mcpServers through the gateway', () => {
  it('lists every started server\'s tools under its prefix once all have settled', async () => {
    const names = (await gw.client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['everything_echo', 'everything_get-sum', 'logged_slow', 'crashy_echo', 'noisy_echo']));
  });

  it('prints the start summary with the failed servers and why', async () => {
    const line = await until(() => gw.stderr().split('\n').find((l) => l.includes('subsystems:')), 'summary line');
    expect(line).toMatch(/\d+ running, 2 failed: .*broken \(.*configuration file missing.*\).*gated \(.*waiting for ready\.flag/);
    expect(gw.stderr()).toMatch(/badurl.*unsupported scheme ftp:/);
  });

  it('calls echo and get-sum of server-everything', async () => {
    expect(text(await gw.client.callTool({ name: 'everything_echo', arguments: { message: 'hi bench' } }))).toBe('Echo: hi bench');
    expect(text(await gw.client.callTool({ name: 'everything_get-sum', arguments: { a: 19, b: 23 } }))).toBe('The sum of 19 and 23 is 42.');
  });

  it('delivers the long-running tool\'s progress under the client\'s own token', async () => {
    const seen: Array<{ progressToken: string | number; progress: number }> = [];
    gw.client.setNotificationHandler(ProgressNotificationSchema, (n) => void seen.push(n.params));
    const r = await gw.client.request(
      { method: 'tools/call', params: { name: 'everything_trigger-long-running-operation', arguments: { duration: 1, steps: 4 }, _meta: { progressToken: 'client-token-7' } } },
      CallToolResultSchema,
    );
    expect(text(r)).toContain('Long running operation completed');
    await until(() => seen.length >= 3, 'progress notifications', 5_000);
    expect(seen.every((p) => p.progressToken === 'client-token-7')).toBe(true);
    expect(seen[0]?.progress).toBe(1);
  });

  it('keeps a call alive past its timeout while the child reports progress, and times out a silent one', async () => {
    const progressed = await gw.client.callTool({ name: 'patient_slow', arguments: { ms: 3000, steps: 10 } }, undefined, { onprogress: () => {} });
    expect(text(progressed)).toBe('slept 3000');
    const silent = await gw.client.callTool({ name: 'patient_slow', arguments: { ms: 3000, steps: 10 } });
    expect(silent.isError).toBe(true);
    expect(text(silent)).toContain('[TOOL_TIMEOUT]');
  });

  it('forwards a cancellation to the child', async () => {
    const controller = new AbortController();
    const call = gw.client.callTool({ name: 'logged_slow', arguments: { ms: 20_000, steps: 20 } }, undefined, { signal: controller.signal }).catch((e: unknown) => e);
    await until(() => existsSync(callLog) && readFileSync(callLog, 'utf8').includes('called slow'), 'the slow call to reach the child');
    controller.abort('user gave up');
    expect(await call).toBeInstanceOf(Error);
    await until(() => /cancelled \S+/.test(readFileSync(callLog, 'utf8')), 'notifications/cancelled at the child');
  });

  it('fails an in-flight call fast with the stderr tail when the child crashes, restarts it, and serves the next call', async () => {
    for (const n of [1, 2]) expect(text(await gw.client.callTool({ name: 'crashy_echo', arguments: { text: `call ${n}` } }))).toBe(`call ${n}`);
    const crashed = await gw.client.callTool({ name: 'crashy_echo', arguments: { text: 'call 3' } });
    expect(crashed.isError).toBe(true);
    expect(text(crashed)).toContain('[DOWNSTREAM_EXITED]');
    expect(text(crashed)).toContain('boom: crashing on echo call 3');
    await until(async () => (await stateOf('crashy')) === 'running', 'crashy restarted');
    expect(text(await gw.client.callTool({ name: 'crashy_echo', arguments: { text: 'after restart' } }))).toBe('after restart');
  });

  it('detects a hung child (unreachable), fails its call and restarts it', async () => {
    const hung = gw.client.callTool({ name: 'hangy_hang', arguments: {} });
    // `unreachable` lasts only through the restart backoff (100 ms here): a poll can miss it, the log cannot.
    const r = await hung;
    await until(() => /hangy: did not answer ping within 700 ms; restarting/.test(gw.stderr()), 'hangy reported unreachable');
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/stopped answering pings/);
    await until(async () => (await stateOf('hangy')) === 'running', 'hangy restarted');
    expect(text(await gw.client.callTool({ name: 'hangy_add', arguments: { a: 2, b: 3 } }))).toBe('5');
  });

  it('keeps serving a child that prints garbage on stdout', async () => {
    for (let i = 0; i < 5; i++) expect(text(await gw.client.callTool({ name: 'noisy_echo', arguments: { text: `n${i}` } }))).toBe(`n${i}`);
    expect(text(await gw.client.callTool({ name: 'everything_echo', arguments: { message: 'still here' } }))).toBe('Echo: still here');
  });

  it('reports a server that exits at startup as failed while the others serve, and crosspoint_restart brings one back', async () => {
    expect(await stateOf('broken')).toBe('failed');
    expect(await stateOf('gated')).toBe('failed');
    writeFileSync(readyFlag, '');
    const r = await gw.client.callTool({ name: 'crosspoint_restart', arguments: { name: 'gated' } });
    expect(r.isError).toBeFalsy();
    expect(await stateOf('gated')).toBe('running');
    expect(text(await gw.client.callTool({ name: 'gated_add', arguments: { a: 40, b: 2 } }))).toBe('42');
  });
});
