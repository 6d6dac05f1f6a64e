import { join } from 'node:path';
import { ROOT, requireBuilt, runCli, writeConfig } from './helpers/gateway-process';

jest.setTimeout(60_000);
beforeAll(() => requireBuilt());

describe('crosspoint check', () => {
  it('accepts examples/crosspoint.sample.json', () => {
    const r = runCli(['check', '--config', join(ROOT, 'examples', 'crosspoint.sample.json')], { HOME: '/tmp' });
    expect(r.stderr).not.toContain('problem');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('ok (1 plugin subsystem(s), 2 MCP server(s))');
    expect(r.stderr).toContain('warning: mcpServers.everything.alwaysAllow: ignored (not used by crosspoint)');
  });

  it('lists every problem of a broken config at once and exits non-zero', () => {
    const cfg = writeConfig({
      wireFormat: { style: 'camel' },
      deferred: { autoAboveTokens: -5 },
      subsystems: { 'Not-A-Prefix': { package: 'x' }, ghost: { package: './does-not-exist' } },
      mcpServers: { gh: { command: 'npx', env: { TOKEN: '${CROSSPOINT_E2E_UNSET_VAR}' }, alwaysAllow: ['x'] }, empty: {} },
      fronts: { tcp: 'nope' },
      auth: { tokens: [{ token: 'short' }] },
      mistake: 1,
    });
    try {
      const r = runCli(['check', '--config', cfg.file]);
      expect(r.status).toBe(1);
      const expected: Array<[string, RegExp]> = [
        ['wireFormat.style', /use one of: "underscore", "dot"/],
        ['deferred.autoAboveTokens', /Too small/],
        ['subsystems.Not-A-Prefix', /invalid name/],
        ['subsystems.ghost.package', /cannot load plugin/],
        ['mcpServers.gh.env.TOKEN', /environment variable CROSSPOINT_E2E_UNSET_VAR is not set/],
        ['mcpServers.empty', /needs "command"/],
        ['fronts.tcp', /HOST:PORT/],
        ['auth.tokens[0].token', /at least 16/],
        ['mistake', /unknown key/],
      ];
      const lines = r.stderr.split('\n');
      for (const [path, message] of expected) {
        const at = lines.findIndex((l) => l.startsWith(`${cfg.file}: ${path}:`));
        expect(at).toBeGreaterThanOrEqual(0);
        // the problem line and its hint line
        expect(`${lines[at]} ${lines[at + 1]}`).toMatch(message);
        expect(lines[at + 1]).toMatch(/^ {4}→ ./);
      }
    } finally {
      cfg.remove();
    }
  });

  it('reports child servers that could not start: a command not on PATH, a missing cwd, an unusable URL', () => {
    const cfg = writeConfig({
      mcpServers: {
        uvx: { command: 'crosspoint-e2e-no-such-command', args: ['x'] },
        lost: { command: 'node', cwd: '/nonexistent/crosspoint-e2e' },
        remote: { url: 'ftp://example.invalid/mcp' },
        fine: { command: 'node', args: ['-e', ''] },
      },
    });
    try {
      const r = runCli(['check', '--config', cfg.file]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/mcpServers\.uvx[^\n]*: [^\n]*"crosspoint-e2e-no-such-command" not found on PATH/);
      expect(r.stderr).toMatch(/mcpServers\.lost[^\n]*: [^\n]*nonexistent/);
      expect(r.stderr).toMatch(/mcpServers\.remote\.url: /);
      expect(r.stderr).not.toMatch(/mcpServers\.fine/);
      expect(r.stderr).toContain('3 problem(s)');
    } finally {
      cfg.remove();
    }
  });

  it('serve refuses a broken config with exit 2 and the problems on stderr', () => {
    const cfg = writeConfig('{ "subsystems": ');
    try {
      const r = runCli(['serve', '--config', cfg.file]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('not valid JSON');
      expect(r.stdout).toBe('');
    } finally {
      cfg.remove();
    }
  });

  it('--version and --help', () => {
    expect(runCli(['--version']).stdout.trim()).toBe('0.1.0');
    expect(runCli(['--help']).stdout).toContain('crosspoint serve');
  });
});
