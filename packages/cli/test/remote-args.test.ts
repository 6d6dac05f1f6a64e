import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseFronts, parseCommand, planFronts, resolveClientToken, resolveServeTokens } from '../src/index.js';

describe('parseCommand: network options', () => {
  it('serve takes fronts, --stdio and --token-file; tools/call/restart take --url', () => {
    expect(parseCommand(['serve', '--ws', '127.0.0.1:0', '--http', ':7421', '--stdio', '--token-file', 't'])).toEqual({
      kind: 'serve',
      fronts: { ws: '127.0.0.1:0', http: ':7421', stdio: true },
      tokenFile: 't',
    });
    expect(parseCommand(['serve'])).toEqual({ kind: 'serve' });
    expect(parseCommand(['tools', '--url', 'ws://h:1', '--token-file', 'f'])).toEqual({ kind: 'tools', json: false, remote: { url: 'ws://h:1', tokenFile: 'f' } });
    expect(parseCommand(['call', 'x_y', '{}', '--url', 'tcp://h:1'])).toEqual({ kind: 'call', tool: 'x_y', args: '{}', remote: { url: 'tcp://h:1' } });
    expect(parseCommand(['restart', 'bench', '--url', 'http://h:1/mcp'])).toEqual({ kind: 'restart', name: 'bench', remote: { url: 'http://h:1/mcp' } });
    expect(parseCommand(['connect', 'ws://bench:7420', '--token-file', 'f'])).toEqual({ kind: 'connect', url: 'ws://bench:7420', tokenFile: 'f' });
  });

  it('refuses options a command would silently ignore', () => {
    expect(() => parseCommand(['tools', '--ws', ':1'])).toThrow('tools does not take --ws');
    expect(() => parseCommand(['connect'])).toThrow(/one URL/);
    expect(() => parseCommand(['connect', 'ws://h:1', '--config', 'c.json'])).toThrow(/--config/);
    expect(() => parseCommand(['tools', '--url', 'ws://h:1', '--config', 'c.json'])).toThrow('not both');
    expect(() => parseCommand(['call', 'x', '--token-file', 'f'])).toThrow('--token-file goes with --url');
  });
});

describe('front planning', () => {
  it('the command line wins over the config, front by front', () => {
    expect(chooseFronts({ ws: '127.0.0.1:1', tcp: '127.0.0.1:2' }, { ws: '127.0.0.1:3' })).toEqual({ ws: '127.0.0.1:3', tcp: '127.0.0.1:2' });
  });

  it('parses addresses, passes limits and host lists, refuses a public bind without a token', () => {
    const plan = planFronts({ ws: '127.0.0.1:0', http: '[::1]:7421' }, { maxSessions: 3, allowedHosts: ['bench'], allowedOrigins: ['https://a.example'] }, []);
    expect(plan).toEqual({ ws: { host: '127.0.0.1', port: 0 }, http: { host: '::1', port: 7421 }, maxSessions: 3, allowedHosts: ['bench'], allowedOrigins: ['https://a.example'] });
    expect(() => planFronts({ ws: '0.0.0.0:7420' }, undefined, [])).toThrow(/refusing to serve ws on 0\.0\.0\.0:7420 without a token.*CROSSPOINT_TOKEN/);
    expect(planFronts({ ws: '0.0.0.0:7420' }, undefined, [{ token: 'x'.repeat(20), allowTools: ['a_*'] }]).tokens).toEqual([{ token: 'x'.repeat(20), allowTools: ['a_*'] }]);
    expect(() => planFronts({ tcp: 'nope' }, undefined, [])).toThrow(/must be HOST:PORT/);
    expect(planFronts({ ws: ':0' }, { wsPingIntervalMs: 500, httpIdleSessionTimeoutMs: 9000 }, [])).toEqual({
      ws: { port: 0 },
      wsOptions: { pingIntervalMs: 500 },
      httpOptions: { idleSessionTimeoutMs: 9000 },
    });
  });
});

describe('token resolution', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'crosspoint-tokens-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gathers CROSSPOINT_TOKEN, --token-file and auth.tokens, warning about a readable file', async () => {
    writeFileSync(join(dir, 'open'), 'file-token-0123456789\n');
    chmodSync(join(dir, 'open'), 0o644);
    const r = await resolveServeTokens({ envToken: ' env-token-0123456789 ', tokenFile: 'open', cwd: dir, auth: { tokens: [{ token: 'cfg-token-0123456789', allowTools: ['x_*'] }] }, configDir: dir });
    expect(r.tokens).toEqual([{ token: 'env-token-0123456789' }, { token: 'file-token-0123456789' }, { token: 'cfg-token-0123456789', allowTools: ['x_*'] }]);
    expect(r.warnings).toEqual([expect.stringContaining('chmod 600')]);
    expect(r.warnings.join()).not.toContain('file-token');
  });

  it('a missing token file is an error naming the file, not a silent open gateway', async () => {
    await expect(resolveServeTokens({ tokenFile: 'missing', cwd: dir, auth: undefined, configDir: dir })).rejects.toThrow(/missing could not be read \(ENOENT\)/);
    await expect(resolveClientToken(undefined, 'missing', dir)).rejects.toThrow(/ENOENT/);
  });

  it('a client presents --token-file before CROSSPOINT_TOKEN', async () => {
    writeFileSync(join(dir, 'mine'), 'from-file-0123456789');
    chmodSync(join(dir, 'mine'), 0o600);
    expect(await resolveClientToken('from-env', 'mine', dir)).toEqual({ token: 'from-file-0123456789' });
    expect(await resolveClientToken('from-env', undefined, dir)).toEqual({ token: 'from-env' });
    expect(await resolveClientToken(undefined, undefined, dir)).toEqual({});
  });
});
