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
