import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { CrosspointError } from '@crosspoint/core';
import { McpSessionSubsystem, parseSupervisionSettings } from '@crosspoint/mcp-proxy';
import { fixtureServer, rejectionOf, textOf, until } from './helpers.js';

// Remote servers have supervision settings but nothing to spawn.
const settings = (over: Record<string, unknown> = {}) => parseSupervisionSettings('x', { ping: { intervalMs: 0 }, backoff: { baseMs: 30, maxMs: 200 }, ...over });

/** An in-process SDK server standing in for a remote one (the transport is what differs). */
function remoteLike(): { connect: () => Promise<InMemoryTransport>; dropAll: () => Promise<void>; connects: () => number } {
  const live: InMemoryTransport[] = [];
  let n = 0;
  return {
    connects: () => n,
    dropAll: async () => {
      await Promise.all(live.splice(0).map((t) => t.close()));
    },
    connect: async () => {
      n++;
      const [client, server] = InMemoryTransport.createLinkedPair();
      const s = new Server({ name: 'remote', version: '9.9.9' }, { capabilities: { tools: {} } });
      s.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [{ name: 'hello', inputSchema: { type: 'object' } }] }));
      s.setRequestHandler(CallToolRequestSchema, async () => ({ content: [{ type: 'text', text: 'hi' }] }));
      await s.connect(server);
      live.push(server);
      return client;
    },
  };
}

describe('McpSessionSubsystem over any transport', () => {
  it('reconnects with backoff when the connection drops', async () => {
    const remote = remoteLike();
    const s = new McpSessionSubsystem({ name: 'remote', connect: remote.connect, settings: settings() });
    try {
      await s.connect();
      expect(textOf(await s.invoke('hello', {}))).toBe('hi');
      await remote.dropAll();
      await until(() => remote.connects() === 2 && s.state === 'running', 'reconnected');
      expect(textOf(await s.invoke('hello', {}))).toBe('hi');
      expect((await s.healthCheck()).details).toMatchObject({ restarts: 1, failures: 1, serverInfo: { name: 'remote', version: '9.9.9' } });
    } finally {
      await s.shutdown();
    }
  });

  it('settles in unreachable on a 401 without a restart loop, until restart()', async () => {
    let refuse = true;
    const remote = remoteLike();
    let attempts = 0;
    const s = new McpSessionSubsystem({
      name: 'guarded',
      settings: settings(),
      connect: async () => {
        attempts++;
        if (refuse) throw Object.assign(new Error('Error POSTing to endpoint (HTTP 401)'), { code: 401 });
        return remote.connect();
      },
    });
    try {
      await expect(s.connect()).rejects.toMatchObject({ code: 'SUBSYSTEM_UNAVAILABLE' });
      expect(s.state).toBe('unreachable');
      expect((await s.healthCheck()).message).toContain('HTTP 401 unauthorized');
      await new Promise((r) => setTimeout(r, 300)); // several backoff periods: no retry happens
      expect(attempts).toBe(1);
      refuse = false;
      await s.restart();
      expect(s.state).toBe('running');
    } finally {
      await s.shutdown();
    }
  });

  it('maps a connect failure classified by the caller to failed', async () => {
    const s = new McpSessionSubsystem({
      name: 'bad',
      settings: settings(),
      connect: async () => {
        throw new CrosspointError('COMMAND_NOT_FOUND', 'command "nope" not found on PATH');
      },
      classifyStartError: () => ({ state: 'failed', reason: 'command "nope" not found on PATH' }),
    });
    await expect(s.connect()).rejects.toThrow('command "nope" not found on PATH');
    expect(s.state).toBe('failed');
    await s.shutdown();
  });
});

describe('tool list changes and lazy servers', () => {
  it('re-lists on tools/list_changed and emits toolsChanged', async () => {
    const s = fixtureServer('growing', ['--bad-tool']);
    try {
      await s.connect();
      const h = await s.healthCheck();
      expect(h.details).toMatchObject({
        instructions: 'fixture instructions',
        serverInfo: { name: 'crosspoint-fixture', version: '1.2.3' },
        capabilities: { tools: { listChanged: true } },
        invalidTools: [{ name: 'bad name!', problem: expect.stringContaining('1-128 characters') }],
      });
      expect(h.version).toBe('1.2.3');
      expect(s.tools().map((t) => t.name)).not.toContain('bad name!');
      let changes = 0;
      s.on('toolsChanged', () => changes++);
      await s.invoke('grow', { name: 'fresh-tool' });
      await until(() => s.tools().some((t) => t.name === 'fresh-tool'), 'new tool listed');
      expect(changes).toBe(1);
      expect(textOf(await s.invoke('echo', { text: 'still' }))).toBe('still');
    } finally {
      await s.shutdown();
    }
  }, 20_000);

  it('starts a lazy server on first listing or call, stops it when idle, and starts it again on demand', async () => {
    const s = fixtureServer('lazy', [], { lazy: true, idleTimeoutMs: 300 });
    try {
      await s.connect();
      expect(s.state).toBe('idle');
      expect((await s.healthCheck()).details?.['pid']).toBeNull();
      expect(s.tools()).toEqual([]); // first listing: starts it in the background
      await until(() => s.state === 'running', 'started by listing');
      expect(s.tools().map((t) => t.name)).toContain('echo');
      await until(() => s.state === 'idle', 'stopped after idle', 10_000);
      expect(s.tools().map((t) => t.name)).toContain('echo'); // the catalog survives idling
      expect(textOf(await s.invoke('echo', { text: 'wake' }))).toBe('wake');
      expect((await s.healthCheck()).details).toMatchObject({ starts: 2 });
      await s.restart(); // stops it while its idle countdown runs
      expect(textOf(await s.invoke('echo', { text: 'again' }))).toBe('again');
      await until(() => s.state === 'idle', 'stopped after idle again (the countdown survives a stop and start)', 10_000);
    } finally {
      await s.shutdown();
    }
  }, 20_000);

  it('applies per-tool timeouts from the config', async () => {
    const s = fixtureServer('timed', [], { toolTimeouts: { slow: 200 } });
    try {
      await s.connect();
      expect(s.tools().find((t) => t.name === 'slow')?.timeoutMs).toBe(200);
      expect((await rejectionOf(s.invoke('slow', { ms: 5000 }))).code).toBe('TOOL_TIMEOUT');
      expect(textOf(await s.invoke('echo', { text: 'ok' }))).toBe('ok');
    } finally {
      await s.shutdown();
    }
  }, 20_000);
});

describe('startServers', () => {
  it('starts servers in parallel and summarises which failed and why', async () => {
    const { startServers } = await import('@crosspoint/mcp-proxy');
    const good = fixtureServer('good', []);
    const lazy = fixtureServer('later', [], { lazy: true });
    const bad = fixtureServer('fs', [], { command: 'uvx', env: { PATH: '/nonexistent' } });
    try {
      const report = await startServers([good, lazy, bad]);
      expect(report.running).toEqual(['good']);
      expect(report.idle).toEqual(['later']);
      expect(report.failed).toEqual([{ name: 'fs', state: 'failed', reason: expect.stringContaining('command "uvx" not found on PATH') }]);
      expect(report.summary).toMatch(/^1 running, 1 lazy, 1 failed: fs \(.*command "uvx" not found on PATH/);
    } finally {
      await Promise.all([good.shutdown(), lazy.shutdown(), bad.shutdown()]);
    }
  }, 20_000);
});
