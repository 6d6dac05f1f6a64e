import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import { checkChildServers } from '../src/compose/check-child-servers.js';
import { childStateFileFrom, stateDirFrom } from '../src/compose/state-location.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xp-check-children-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function problemsFor(mcpServers: Record<string, unknown>, env: Record<string, string> = { PATH: process.env['PATH'] ?? '' }) {
  const file = join(dir, 'crosspoint.json');
  writeFileSync(file, JSON.stringify({ mcpServers }));
  const loaded = loadConfig({ file, how: 'flag' }, env, dir);
  expect(loaded.problems).toEqual([]);
  return checkChildServers(loaded, env).map((p) => `${p.path}: ${p.message}`);
}

describe('checkChildServers', () => {
  it('passes good local and remote entries', () => {
    mkdirSync(join(dir, 'srv'));
    expect(
      problemsFor({
        local: { command: process.execPath, args: ['x.js'], cwd: 'srv', ping: { intervalMs: 0 } },
        onpath: { command: 'sh', args: ['-c', 'true'] },
        remote: { url: 'ws://127.0.0.1:7420', headers: { 'x-bench': '1' }, restart: 'transient' },
      }),
    ).toEqual([]);
  });

  it('names a missing command, a missing cwd, a bad URL scheme, SSE and bad supervision settings, each on its own entry', () => {
    expect(
      problemsFor({
        nocmd: { command: 'definitely-not-a-command-xp' },
        nodir: { command: 'sh', cwd: 'does/not/exist' },
        ftp: { url: 'ftp://bench/mcp' },
        old: { type: 'sse', url: 'http://bench/sse' },
        toomany: { command: 'sh', maxConcurrency: 20_000 },
      }),
    ).toEqual([
      expect.stringMatching(/^mcpServers\.nocmd\.command: command "definitely-not-a-command-xp" not found on PATH/),
      expect.stringMatching(/^mcpServers\.nodir\.cwd: .*does\/not\/exist/),
      expect.stringMatching(/^mcpServers\.ftp\.url: .*unsupported scheme ftp:/),
      'mcpServers.old.type: the legacy SSE transport is not supported',
      expect.stringMatching(/^mcpServers\.toomany: maxConcurrency/),
    ]);
  });

  it('looks the command up on the PATH the child will get (the entry\'s env wins)', () => {
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'my-server'), '#!/bin/sh\n', { mode: 0o755 });
    expect(problemsFor({ s: { command: 'my-server' } }, { PATH: '/nonexistent' })).toHaveLength(1);
    expect(problemsFor({ s: { command: 'my-server', env: { PATH: join(dir, 'bin') } } }, { PATH: '/nonexistent' })).toEqual([]);
  });
});

describe('state location', () => {
  it('CROSSPOINT_STATE_DIR, else $XDG_STATE_HOME/crosspoint, else ~/.local/state/crosspoint', () => {
    expect(stateDirFrom({ CROSSPOINT_STATE_DIR: '/s', XDG_STATE_HOME: '/x', HOME: '/h' })).toBe('/s');
    expect(stateDirFrom({ XDG_STATE_HOME: '/x', HOME: '/h' })).toBe('/x/crosspoint');
    expect(stateDirFrom({ XDG_STATE_HOME: 'relative', HOME: '/h' })).toBe('/h/.local/state/crosspoint');
    expect(stateDirFrom({ HOME: '/h' })).toBe('/h/.local/state/crosspoint');
    expect(childStateFileFrom({ CROSSPOINT_STATE_DIR: '/s' })).toBe('/s/child-groups.json');
  });
});
