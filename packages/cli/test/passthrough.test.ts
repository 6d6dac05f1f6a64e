import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildGateway, loadConfig, parseCommand, passthroughCandidates, passthroughProblem, passthroughWanted, runCli } from '../src/index.js';
import { memoryIo } from './support/io.js';

const FIXTURE_PLUGIN = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'dynamic-plugin.mjs');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crosspoint-passthrough-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(content: unknown): string {
  const file = join(dir, 'crosspoint.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

function load(content: unknown) {
  return loadConfig({ file: writeConfig(content), how: 'flag' }, {}, dir);
}

function io(argv: string[]) {
  return memoryIo(argv, { cwd: dir });
}

const server = (name: string) => ({ command: process.execPath, args: [`${name}.mjs`] });

describe('--passthrough on the command line', () => {
  it('is a serve option and nothing else takes it', () => {
    expect(parseCommand(['serve', '--passthrough', '--config', 'c.json'])).toEqual({ kind: 'serve', config: 'c.json', passthrough: true });
    expect(parseCommand(['serve', '--passthrough', '--http', '127.0.0.1:0'])).toEqual({ kind: 'serve', fronts: { http: '127.0.0.1:0' }, passthrough: true });
    expect(parseCommand(['serve'])).toEqual({ kind: 'serve' });
    expect(() => parseCommand(['tools', '--passthrough'])).toThrow('tools does not take --passthrough');
    expect(() => parseCommand(['check', '--passthrough'])).toThrow('check does not take --passthrough');
  });
});

describe('which configs can be served in passthrough mode', () => {
  it('exactly one enabled downstream fits, whether a child server, a remote URL or a plugin', () => {
    expect(passthroughProblem(load({ mcpServers: { only: server('a') } }))).toBeUndefined();
    expect(passthroughProblem(load({ mcpServers: { remote: { url: 'http://127.0.0.1:1/mcp' } } }))).toBeUndefined();
    expect(passthroughProblem(load({ subsystems: { fx: { package: FIXTURE_PLUGIN } } }))).toBeUndefined();
    // Disabled entries do not count.
    const withDisabled = load({ mcpServers: { only: server('a'), old: { ...server('b'), disabled: true } }, subsystems: { fx: { package: FIXTURE_PLUGIN, disabled: true } } });
    expect(passthroughCandidates(withDisabled)).toEqual(['only']);
    expect(passthroughProblem(withDisabled)).toBeUndefined();
  });

  it('none, several, or the demo bench is refused with what to do', () => {
    expect(passthroughProblem(load({}))).toMatch(/exactly one downstream, but none is configured/);
    const two = passthroughProblem(load({ mcpServers: { a: server('a') }, subsystems: { fx: { package: FIXTURE_PLUGIN } } }));
    expect(two).toMatch(/2 are configured \(subsystems\.fx, a\)/);
    expect(two).toMatch(/"disabled": true/);
    const demo = loadConfig({ file: undefined, how: 'default' }, {}, dir);
    expect(passthroughProblem(demo)).toMatch(/demo bench is not served in passthrough mode/);
  });

  it('the config field asks for it too, and a config that cannot honour it is a config problem', () => {
    const ok = load({ passthrough: true, mcpServers: { only: server('a') } });
    expect(ok.problems).toEqual([]);
    expect(passthroughWanted(undefined, ok)).toBe(true);
    expect(passthroughWanted(undefined, load({ mcpServers: { only: server('a') } }))).toBe(false);
    expect(passthroughWanted(true, load({ mcpServers: { only: server('a') } }))).toBe(true);
    const bad = load({ passthrough: true, mcpServers: { a: server('a'), b: server('b') } });
    expect(bad.config).toBeUndefined();
    expect(bad.problems).toEqual([expect.objectContaining({ path: 'passthrough', message: expect.stringMatching(/2 are configured \(a, b\)/) })]);
  });
});

describe('crosspoint serve --passthrough refuses before starting anything', () => {
  it('exits 2 with the reason when no config is given (the demo bench)', async () => {
    const t = io(['serve', '--passthrough']);
    expect(await runCli(t.io)).toBe(2);
    expect(t.err()).toMatch(/^crosspoint: --passthrough: passthrough needs a config with exactly one downstream/);
  });

  it('exits 2 with the reason when two downstreams are configured', async () => {
    const file = writeConfig({ mcpServers: { a: server('a'), b: server('b') } });
    const t = io(['serve', '--passthrough', '--config', file]);
    expect(await runCli(t.io)).toBe(2);
    expect(t.err()).toContain('passthrough serves exactly one downstream, but 2 are configured (a, b)');
  });

  it('check reports a passthrough config with no downstream as a problem (exit 1), and says when one is fine', async () => {
    const bad = io(['check', '--config', writeConfig({ passthrough: true })]);
    expect(await runCli(bad.io)).toBe(1);
    expect(bad.err()).toContain('passthrough: passthrough serves exactly one downstream, but none is configured');
    const good = io(['check', '--config', writeConfig({ passthrough: true, mcpServers: { only: { command: process.execPath } } })]);
    expect(await runCli(good.io)).toBe(0);
    expect(good.out()).toContain('ok (0 plugin subsystem(s), 1 MCP server(s); passthrough: served without prefixes or gateway tools)');
  });
});

describe('a passthrough gateway in-process (config field)', () => {
  it('lists the one plugin\'s tools under their own names, without gateway tools', async () => {
    const plain = io(['tools', '--json', '--config', writeConfig({ subsystems: { fx: { package: FIXTURE_PLUGIN } } })]);
    expect(await runCli(plain.io)).toBe(0);
    const prefixed = (JSON.parse(plain.out()) as Array<{ name: string }>).map((t) => t.name);
    expect(prefixed).toContain('crosspoint_status');
    const own = prefixed.filter((n) => n.startsWith('fx_')).map((n) => n.slice('fx_'.length));
    expect(own.length).toBeGreaterThan(0);

    const t = io(['tools', '--json', '--config', writeConfig({ passthrough: true, subsystems: { fx: { package: FIXTURE_PLUGIN } } })]);
    expect(await runCli(t.io)).toBe(0);
    expect((JSON.parse(t.out()) as Array<{ name: string }>).map((x) => x.name).sort()).toEqual(own.sort());
  });
});

describe('discovery mode and passthrough', () => {
  it('deferred (config or CROSSPOINT_DEFERRED) is ignored with a warning: the server\'s tools are listed as they are', async () => {
    const warnings: string[] = [];
    const logger = { debug: () => {}, info: () => {}, warn: (m: string) => void warnings.push(m), error: () => {} };
    const loaded = load({ passthrough: true, deferred: true, subsystems: { fx: { package: FIXTURE_PLUGIN } } });
    const gateway = await buildGateway(loaded, { env: { CROSSPOINT_DEFERRED: '1' }, logger });
    try {
      expect(warnings).toEqual([expect.stringContaining('ignored in passthrough mode')]);
    } finally {
      await gateway.aggregator.shutdown();
    }
    warnings.length = 0;
    const plain = await buildGateway(load({ deferred: true, subsystems: { fx: { package: FIXTURE_PLUGIN } } }), { env: {}, logger });
    await plain.aggregator.shutdown();
    expect(warnings).toEqual([]);
  });
});
