import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LogMessage } from '@crosspoint/core';
import { createChildServerSubsystem, FORWARDABLE_CAPABILITIES, type ChildServerConfigInput, type McpSessionSubsystem } from '@crosspoint/mcp-proxy';
import { rejectionOf, tempDir, textOf, until } from './helpers.js';
import { ALL_CLIENT_CAPABILITIES, TestChannel } from './test-channel.js';

const SURFACE_FIXTURE = join(__dirname, 'fixtures', 'surface-server.mjs');

function surfaceServer(name: string, flags: string[] = [], overrides: Partial<ChildServerConfigInput> = {}): McpSessionSubsystem {
  return createChildServerSubsystem(
    name,
    {
      command: process.execPath,
      args: [SURFACE_FIXTURE, ...flags],
      ping: { intervalMs: 0 },
      backoff: { baseMs: 50, maxMs: 400, resetAfterMs: 60_000 },
      stop: { graceMs: 500, termGraceMs: 500 },
      ...overrides,
    },
    { baseEnv: process.env, baseDir: __dirname },
  );
}

/** Lines "<what>" the fixture processes wrote to `file`, grouped by pid in start order. */
function notesByPid(file: string): string[][] {
  if (!existsSync(file)) return [];
  const groups = new Map<string, string[]>();
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const [pid, ...rest] = line.split(' ');
    const list = groups.get(pid as string) ?? [];
    list.push(rest.join(' '));
    groups.set(pid as string, list);
  }
  return [...groups.values()];
}

const sampling = { messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }], maxTokens: 5 };

describe('catalogs of a proxied server', () => {
  it('follows every page, re-lists on list_changed, and withdraws the catalogs when stopped', async () => {
    const s = surfaceServer('paged', ['--page-size', '2']);
    try {
      await s.connect();
      expect(s.resources().map((r) => r.uri)).toEqual([1, 2, 3, 4, 5].map((n) => `fixture://r/${n}`));
      expect(s.resourceTemplates()).toEqual([{ uriTemplate: 'fixture://r/{n}', name: 'numbered', mimeType: 'text/plain' }]);
      expect(s.prompts().map((p) => p.name)).toEqual(['greet']);
      let resourcesChanged = 0;
      let promptsChanged = 0;
      s.on('resourcesChanged', () => resourcesChanged++);
      s.on('promptsChanged', () => promptsChanged++);
      await s.invoke('add-resource', { uri: 'fixture://added' });
      await until(() => s.resources().some((r) => r.uri === 'fixture://added'), 'added resource listed');
      expect(resourcesChanged).toBe(1);
      await s.invoke('add-prompt', { name: 'farewell' });
      await until(() => s.prompts().some((p) => p.name === 'farewell'), 'added prompt listed');
      expect(promptsChanged).toBe(1);
      await s.disconnect();
      expect(s.resources()).toEqual([]);
      expect(s.prompts()).toEqual([]);
      expect(resourcesChanged).toBe(2);
      expect(promptsChanged).toBe(2);
    } finally {
      await s.shutdown();
    }
  }, 30_000);

  it('starts anyway when a list fails, leaving that list empty', async () => {
    const s = surfaceServer('broken', ['--broken-prompts']);
    try {
      await s.connect();
      expect(s.state).toBe('running');
      expect(s.prompts()).toEqual([]);
      expect(s.resources()).toHaveLength(5);
    } finally {
      await s.shutdown();
    }
  }, 30_000);

  it('declares everything it can forward before starting, then what the server declares', async () => {
    const s = surfaceServer('caps', ['--no-subscribe']);
    try {
      expect(s.surfaceCapabilities()).toEqual(FORWARDABLE_CAPABILITIES);
      await s.connect();
      const declared = { resources: { listChanged: true }, prompts: { listChanged: true }, completions: {}, logging: {} };
      expect(s.surfaceCapabilities()).toEqual(declared);
      expect(s.serverInfo).toMatchObject({ name: 'surface-fixture', version: '0.9.0' });
      expect(s.instructions).toBe('surface fixture');
      // Not declared: refused without sending anything.
      expect(await rejectionOf(s.subscribeResource('fixture://r/1'))).toMatchObject({ code: 'NOT_SUPPORTED', message: expect.stringContaining('resources.subscribe') });
      expect(await rejectionOf(s.taskRequest('tasks/get', { taskId: 'x' }))).toMatchObject({ code: 'NOT_SUPPORTED' });
      await s.disconnect();
      expect(s.surfaceCapabilities()).toEqual(declared); // the last known declaration
    } finally {
      await s.shutdown();
    }
  }, 30_000);
});

describe('requests to a proxied server', () => {
  let s: McpSessionSubsystem;
  beforeAll(() => {
    s = surfaceServer('req');
    return s.connect();
  }, 30_000);
  afterAll(() => s.shutdown(), 20_000);

  it('passes results through untouched and maps the child’s errors', async () => {
    expect(await s.readResource('fixture://r/2')).toEqual({ contents: [{ uri: 'fixture://r/2', mimeType: 'text/plain', text: 'contents of fixture://r/2' }], _meta: { from: 'fixture' } });
    expect(await rejectionOf(s.readResource('fixture://missing'))).toMatchObject({
      code: 'RESOURCE_NOT_FOUND',
      details: { rpcCode: -32002 },
      message: 'req: resources/read fixture://missing failed: Resource fixture://missing not found',
    });
    expect(await rejectionOf(s.getPrompt('nope', {}))).toMatchObject({ code: 'DOWNSTREAM_ERROR', details: { rpcCode: -32602 } });
    expect((await s.getPrompt('greet', { who: 'Grace' })).messages[0]?.content).toEqual({ type: 'text', text: 'Hello, Grace!' });
    expect((await s.complete({ ref: { type: 'ref/prompt', name: 'greet' }, argument: { name: 'who', value: 'A' } })).completion.values).toEqual(['Ada', 'Alan']);
  });

  it('times out and cancels a request that gets no answer', async () => {
    expect(await rejectionOf(s.readResource('fixture://slow', { timeoutMs: 300 }))).toMatchObject({ code: 'REQUEST_TIMEOUT', details: { rpcCode: -32001 } });
    const abort = new AbortController();
    const pending = s.readResource('fixture://slow', { signal: abort.signal });
    setTimeout(() => abort.abort(), 50);
    expect(await rejectionOf(pending)).toMatchObject({ code: 'CANCELLED' });
    expect(textOf(await s.invoke('log', { level: 'info' }))).toBe('logged'); // still healthy
  });

  it('emits log messages with the child’s logger, and task status notifications', async () => {
    const logs: LogMessage[] = [];
    const statuses: Array<Record<string, unknown>> = [];
    s.on('log', (m) => logs.push(m));
    s.on('taskStatus', (p) => statuses.push(p));
    await s.invoke('log', { level: 'warning', logger: 'adc', data: { volts: 3.3 } });
    await s.invoke('task-status', { taskId: 'task-7' });
    await until(() => logs.length > 0 && statuses.length > 0, 'notifications');
    expect(logs).toEqual([{ level: 'warning', logger: 'adc', data: { volts: 3.3 } }]);
    expect(statuses[0]).toMatchObject({ taskId: 'task-7', status: 'working' });
  });
});

describe('server-to-client requests of a proxied server', () => {
  it('answers the child with a clear error when no client is connected, or none that can', async () => {
    const s = surfaceServer('lonely');
    try {
      await s.connect();
      const none = await s.invoke('ask', { method: 'sampling/createMessage', params: sampling });
      expect(textOf(none)).toMatch(/^error -32601: .*no client is connected/);
      // A capable client that used the server but has nothing in flight is not asked for another's call.
      const capable = new TestChannel('capable', ALL_CLIENT_CAPABILITIES, async () => ({ roots: [] }));
      await s.invoke('log', { level: 'debug' }, { client: capable });
      const lacking = new TestChannel('lacking', { roots: {} });
      const refused = await s.invoke('ask', { method: 'sampling/createMessage', params: sampling }, { client: lacking });
      expect(textOf(refused)).toContain('no calling client declared the sampling capability');
      const url = await s.invoke('ask', { method: 'elicitation/create', params: { mode: 'url', message: 'go', url: 'https://x', elicitationId: 'e1' } }, { client: capable });
      expect(textOf(url)).toContain('elicitation.url');
      const odd = await s.invoke('ask', { method: 'foo/bar' }, { client: capable });
      expect(textOf(odd)).toMatch(/^error -32601: .*foo\/bar is not supported/);
      expect(capable.asked).toEqual([]);
      expect(lacking.asked).toEqual([]);
      // The client's own error reaches the child with its code.
      const failing = new TestChannel('failing', ALL_CLIENT_CAPABILITIES, async () => {
        throw Object.assign(new Error('user declined'), { code: -1 });
      });
      const declined = await s.invoke('ask', { method: 'roots/list' }, { client: failing });
      expect(textOf(declined)).toMatch(/^error -1: .*failing: user declined$/); // the child's SDK prefixes "MCP error -1: " itself
    } finally {
      await s.shutdown();
    }
  }, 30_000);

  it('forwards the child’s cancellation of its request to the client channel', async () => {
    const s = surfaceServer('cancelling');
    let aborted = false;
    const hanging = new TestChannel('hanging', ALL_CLIENT_CAPABILITIES, (_m, _p, signal) => {
      signal?.addEventListener('abort', () => (aborted = true));
      return new Promise(() => {});
    });
    try {
      await s.connect();
      const caller = new AbortController();
      const call = s.invoke('ask', { method: 'sampling/createMessage', params: sampling }, { client: hanging, signal: caller.signal });
      await until(() => hanging.asked.length === 1, 'request reached the client');
      caller.abort(); // the call is cancelled; the child cancels its sampling request in turn
      expect(await rejectionOf(call)).toMatchObject({ code: 'CANCELLED' });
      await until(() => aborted, 'channel signal aborted');
    } finally {
      await s.shutdown();
    }
  }, 30_000);
});

describe('a proxied server that restarts or dies', () => {
  it('re-subscribes and re-applies the log level after a restart, keeping its catalogs meanwhile', async () => {
    const { dir, cleanup } = tempDir();
    const log = join(dir, 'notes.log');
    const s = surfaceServer('phoenix', ['--log', log]);
    try {
      await s.connect();
      await s.setLogLevel('error');
      await s.subscribeResource('fixture://r/1');
      await s.subscribeResource('fixture://r/2');
      await s.unsubscribeResource('fixture://r/2');
      expect(await rejectionOf(s.invoke('die', {}))).toMatchObject({ code: 'DOWNSTREAM_EXITED' });
      expect(s.resources()).toHaveLength(5); // kept while restarting
      await until(() => s.state === 'running' && notesByPid(log).length === 2, 'restarted', 10_000);
      const [first, second] = notesByPid(log);
      expect(first).toEqual(['setLevel error', 'subscribe fixture://r/1', 'subscribe fixture://r/2', 'unsubscribe fixture://r/2']);
      expect([...(second ?? [])].sort()).toEqual(['setLevel error', 'subscribe fixture://r/1']);
      expect(s.resources()).toHaveLength(5);
    } finally {
      await s.shutdown();
      cleanup();
    }
  }, 30_000);

  it('starts a lazy server for a surface request and applies a log level set before it started', async () => {
    const { dir, cleanup } = tempDir();
    const log = join(dir, 'notes.log');
    const s = surfaceServer('sleepy', ['--log', log], { lazy: true });
    try {
      await s.connect();
      await s.setLogLevel('critical'); // not running: remembered, nothing started
      expect(s.state).toBe('idle');
      expect((await s.readResource('fixture://r/3')).contents[0]?.text).toBe('contents of fixture://r/3');
      expect(s.state).toBe('running');
      expect(s.resources()).toHaveLength(5);
      expect(notesByPid(log)).toEqual([['setLevel critical']]);
      expect((await s.healthCheck()).details?.['surface']).toEqual({ subscriptions: [], logLevel: 'critical', clientsInFlight: 0 });
    } finally {
      await s.shutdown();
      cleanup();
    }
  }, 30_000);

  it('fails a read with DOWNSTREAM_EXITED and the stderr tail when the child dies mid-request, then serves again', async () => {
    const s = surfaceServer('fragile');
    try {
      await s.connect();
      const err = await rejectionOf(s.readResource('fixture://crash'));
      expect(err).toMatchObject({ code: 'DOWNSTREAM_EXITED', message: expect.stringContaining('the process exited with code 3') });
      expect(err.details?.['stderrTail']).toEqual(expect.arrayContaining([expect.stringContaining('boom: crashing while reading')]));
      await until(() => s.state === 'running', 'restarted', 10_000);
      expect((await s.readResource('fixture://r/1')).contents[0]?.text).toBe('contents of fixture://r/1');
    } finally {
      await s.shutdown();
    }
  }, 30_000);

  it('answers SUBSYSTEM_UNAVAILABLE when the server is not up', async () => {
    const s = surfaceServer('down');
    await s.connect();
    await s.disconnect();
    expect(await rejectionOf(s.readResource('fixture://r/1'))).toMatchObject({ code: 'SUBSYSTEM_UNAVAILABLE' });
    expect(await rejectionOf(s.getPrompt('greet', { who: 'x' }))).toMatchObject({ code: 'SUBSYSTEM_UNAVAILABLE' });
    await s.shutdown();
  }, 30_000);
});
