import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_VERSION, crosspointJsonSchema, defaultPrefix, expandEnv, findConfig, loadConfig, readTokens, splitServerEntry } from '../src/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crosspoint-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function load(content: unknown, env: Record<string, string> = {}) {
  const file = join(dir, 'crosspoint.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return loadConfig({ file, how: 'flag' }, env, dir);
}

describe('config discovery', () => {
  it('prefers --config, then CROSSPOINT_CONFIG, then ./crosspoint.json, then the embedded default', () => {
    expect(findConfig({ flag: 'a.json', env: { CROSSPOINT_CONFIG: 'b.json' }, cwd: dir })).toEqual({ file: join(dir, 'a.json'), how: 'flag' });
    expect(findConfig({ env: { CROSSPOINT_CONFIG: 'b.json' }, cwd: dir })).toEqual({ file: join(dir, 'b.json'), how: 'env' });
    expect(findConfig({ env: {}, cwd: dir })).toEqual({ file: undefined, how: 'default' });
    writeFileSync(join(dir, 'crosspoint.json'), '{}');
    expect(findConfig({ env: {}, cwd: dir })).toEqual({ file: join(dir, 'crosspoint.json'), how: 'cwd' });
  });
});

describe('loadConfig', () => {
  it('accepts a Claude Desktop style config, warning about keys of other clients and skipping disabled servers', () => {
    const loaded = load({
      mcpServers: {
        github: { command: 'npx', args: ['-y', 'server-github'], env: { TOKEN: 'x' }, alwaysAllow: ['a'], autoApprove: [] },
        'My-Files': { command: 'files', prefix: 'files' },
        old: { command: 'x', disabled: true },
      },
      servers: { remote: { type: 'http', url: 'https://example.com/mcp' } },
    });
    expect(loaded.problems).toEqual([]);
    expect(loaded.servers.map((s) => [s.name, s.prefix])).toEqual([
      ['github', 'github'],
      ['My-Files', 'files'],
      ['remote', 'remote'],
    ]);
    expect(loaded.warnings).toEqual(
      expect.arrayContaining([
        'mcpServers.github.alwaysAllow: ignored (not used by crosspoint)',
        'mcpServers.github.autoApprove: ignored (not used by crosspoint)',
        'mcpServers.old: disabled, skipped',
      ]),
    );
  });

  it('expands ${VARS} and names every missing one with its path', () => {
    const loaded = load({ mcpServers: { gh: { command: 'x', env: { TOKEN: '${GH_TOKEN}', OTHER: '${NOPE_A}' }, args: ['${NOPE_B}'] } } }, { GH_TOKEN: 'secret' });
    expect(loaded.problems.map((p) => [p.path, p.message])).toEqual([
      ['mcpServers.gh.env.OTHER', 'environment variable NOPE_A is not set'],
      ['mcpServers.gh.args[0]', 'environment variable NOPE_B is not set'],
    ]);
    const ok = load({ mcpServers: { gh: { command: 'x', env: { TOKEN: 'Bearer ${GH_TOKEN}' } } } }, { GH_TOKEN: 'secret' });
    expect(ok.config?.mcpServers?.['gh']?.env).toEqual({ TOKEN: 'Bearer secret' });
  });

  it('reports every problem at once with a path and a hint', () => {
    const loaded = load({
      wireFormat: { style: 'camel', maxLength: 100 },
      deferred: 'sometimes',
      subsystems: { 'Bad-Name': { package: 'x' }, good: { package: '', extra: 1 } },
      mcpServers: { none: {}, both: { command: 'a', url: 'https://x.y' } },
      fronts: { tcp: 'localhost' },
      auth: { tokens: [{ allowTools: ['*'] }] },
      typo: true,
    });
    const paths = loaded.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'wireFormat.style',
        'wireFormat.maxLength',
        'deferred',
        'subsystems.Bad-Name',
        'subsystems.good.package',
        'subsystems.good.extra',
        'mcpServers.none',
        'mcpServers.both',
        'fronts.tcp',
        'auth.tokens[0]',
        'typo',
      ]),
    );
    expect(loaded.config).toBeUndefined();
    for (const p of loaded.problems) {
      expect(p.file).toBe(join(dir, 'crosspoint.json'));
      expect(p.hint.length).toBeGreaterThan(5);
    }
  });

  it('reports JSON syntax errors with line and column, and duplicate prefixes', () => {
    const bad = load('{\n  "mcpServers": {,\n}');
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]?.message).toMatch(/not valid JSON: .* at line 2, column \d+/);
    const dup = load({ subsystems: { files: { package: 'x' } }, mcpServers: { Files: { command: 'y' }, crosspoint: { command: 'z' } } });
    expect(dup.problems.map((p) => p.message)).toEqual([
      'prefix "files" is already used by subsystems.files',
      'prefix "crosspoint" is already used by the gateway itself',
    ]);
  });

  it('reports an unreadable file', () => {
    const loaded = loadConfig({ file: join(dir, 'missing.json'), how: 'flag' }, {}, dir);
    expect(loaded.problems[0]?.message).toContain('ENOENT');
  });
});

describe('helpers', () => {
  it('derives prefixes from server names', () => {
    expect(defaultPrefix('GitHub-Server')).toBe('github_server');
    expect(defaultPrefix('42things')).toBe('s_42things');
  });

  it('expandEnv leaves non-strings alone', () => {
    expect(expandEnv({ a: 1, b: [true, null], c: '${X}' }, { X: 'y' }, 'f').value).toEqual({ a: 1, b: [true, null], c: 'y' });
  });
});

describe('published files', () => {
  it('crosspoint.schema.json equals the schema generated from the zod config schema', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', 'crosspoint.schema.json'), 'utf8'));
    expect(committed).toEqual(crosspointJsonSchema());
  });

  it('CLI_VERSION equals package.json version', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(CLI_VERSION).toBe(pkg.version);
  });
});

describe('splitServerEntry', () => {
  it('gives the supervisor its keys and the gateway the prefix and tool filter, dropping other clients keys', () => {
    const loaded = load({
      mcpServers: {
        'Git-Hub': {
          command: 'npx',
          args: ['-y', 'gh'],
          env: { A: 'b' },
          restart: 'transient',
          backoff: { baseMs: 10 },
          tools: { deny: ['delete_*'] },
          alwaysAllow: ['x'],
        },
      },
    });
    expect(loaded.problems).toEqual([]);
    const split = splitServerEntry(loaded.servers[0]!);
    expect(split.child).toEqual({ command: 'npx', args: ['-y', 'gh'], env: { A: 'b' }, restart: 'transient', backoff: { baseMs: 10 } });
    expect(split.register).toEqual({ prefix: 'git_hub', tools: { deny: ['delete_*'] } });
    expect(loaded.warnings).toEqual(['mcpServers.Git-Hub.alwaysAllow: ignored (not used by crosspoint)']);
  });
});

describe('readTokens', () => {
  it('reads tokenFile relative to the config, keeps scopes, and names the entry when a file is missing', () => {
    writeFileSync(join(dir, 'token.txt'), '  0123456789abcdef0123\n');
    expect(readTokens({ tokens: [{ token: 'x'.repeat(16) }, { tokenFile: 'token.txt', allowTools: ['bench_*'] }] }, dir)).toEqual([
      { token: 'x'.repeat(16) },
      { token: '0123456789abcdef0123', allowTools: ['bench_*'] },
    ]);
    expect(() => readTokens({ tokens: [{ tokenFile: 'nope.txt' }] }, dir)).toThrow(/auth.tokens\[0\].tokenFile: cannot read .*nope.txt \(ENOENT\)/);
  });

  it('accepts "PORT" and "HOST:PORT" listen addresses like the fronts do', () => {
    expect(load({ fronts: { tcp: '7340', ws: '[::1]:7341', http: '0.0.0.0:7342' } }).problems).toEqual([]);
    expect(load({ fronts: { tcp: '127.0.0.1:99999' } }).problems.map((p) => p.message)).toEqual(['port must be 0-65535']);
  });
});
