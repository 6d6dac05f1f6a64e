import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_PLUGIN, ROOT, requireBuilt, runCli } from './helpers/gateway-process';

// The terminal commands of the built CLI, run as a user would, with each way of finding the config.
jest.setTimeout(60_000);
beforeAll(() => requireBuilt());

const sample = join(ROOT, 'examples', 'crosspoint.sample.json');
// The sample starts real servers with `npx -y`; keep the result independent of the network: npm
// offline with an empty cache makes those children fail alone, as a missing server would.
const offline = () => ({ HOME: mkdtempSync(join(tmpdir(), 'crosspoint-home-')), npm_config_offline: 'true' });

describe('crosspoint tools / call from a terminal', () => {
  it('tools --json lists the plugin tools of the sample config, honouring its deny list', () => {
    const r = runCli(['tools', '--json', '--config', sample], offline());
    expect(r.status).toBe(0);
    const names = (JSON.parse(r.stdout) as Array<{ name: string }>).map((t) => t.name);
    expect(names).toEqual(['crosspoint_status', 'crosspoint_restart', 'thermo_read', 'thermo_sample']);
    // The sample's npx-started server fails alone (offline) and the plugin tools still list.
    expect(r.stderr).toContain('mcpServers.everything.alwaysAllow: ignored');
  });

  it('call routes to the plugin and prints the structured result', () => {
    const r = runCli(['call', 'thermo_read', '{"sensor":"ambient"}', '--config', sample], offline());
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ sensor: 'ambient', celsius: 21.5 });
  });

  it('finds the config through CROSSPOINT_CONFIG, then ./crosspoint.json, else serves the demo bench', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crosspoint-cwd-'));
    try {
      const config = JSON.stringify({ subsystems: { probe: { package: EXAMPLE_PLUGIN } } });
      writeFileSync(join(dir, 'other.json'), config);
      const viaEnv = runCli(['tools'], { CROSSPOINT_CONFIG: join(dir, 'other.json') }, tmpdir());
      expect(viaEnv.stdout).toContain('probe_read');
      const demo = runCli(['tools'], {}, dir);
      expect(demo.stdout).toContain('bench_psu_set');
      writeFileSync(join(dir, 'crosspoint.json'), config);
      const viaCwd = runCli(['tools'], {}, dir);
      expect(viaCwd.stdout).toContain('probe_read');
      expect(viaCwd.stdout).not.toContain('bench_psu_set');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('crosspoint resources / read / prompts from a terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crosspoint-surface-'));
  const config = join(dir, 'crosspoint.json');
  writeFileSync(
    config,
    JSON.stringify({
      subsystems: { jumperless: { package: join(ROOT, 'packages', 'jumperless'), options: { port: 'emulated' } } },
      mcpServers: { bench: { command: process.execPath, args: [join(ROOT, 'test', 'fixtures', 'surface-server.mjs')], ping: { intervalMs: 0 } } },
    }),
  );
  const env = { CROSSPOINT_STATE_DIR: join(dir, 'state') };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resources lists every part\'s resources and templates, namespaced as clients see them', () => {
    const r = runCli(['resources', '--config', config], env);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^jumperless\+jumperless:\/\/board\/nets\s/m);
    expect(r.stdout).toMatch(/^bench\+demo:\/\/resource\/static\/document\/architecture\.md\s/m);
    expect(r.stdout).toMatch(/^bench\+fixture:\/\/notes\/\{part\}\s/m);
    expect(r.stdout).toContain('3 resources, 1 templates');
  });

  it('read prints a resource\'s text, through a template too, and fails clearly for an unknown one', () => {
    const note = runCli(['read', 'bench+fixture://notes/relay', '--config', config], env);
    expect(note.status).toBe(0);
    expect(note.stdout).toBe('note on relay\n');
    const json = runCli(['read', 'jumperless+jumperless://board/nets', '--json', '--config', config], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ contents: [{ uri: 'jumperless+jumperless://board/nets', mimeType: 'application/json' }] });
    const unknown = runCli(['read', 'nobody://here', '--config', config], env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/reading nobody:\/\/here: .*-32002/);
  });

  it('prompts lists prompts with their arguments', () => {
    const r = runCli(['prompts', '--config', config], env);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^bench_review\(part\)\s+Review one part of the circuit$/m);
    const usage = runCli(['read', '--config', config], env);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('read takes one resource URI');
  });
});
