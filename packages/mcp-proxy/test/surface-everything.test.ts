import type { LogMessage } from '@crosspoint/core';
import { createChildServerSubsystem, type McpSessionSubsystem } from '@crosspoint/mcp-proxy';
import { everythingEntry, rejectionOf, textOf, until } from './helpers.js';
import { ALL_CLIENT_CAPABILITIES, TestChannel } from './test-channel.js';

/** What a test client answers to each server-to-client request. */
const answers = async (method: string, params: Record<string, unknown>): Promise<unknown> => {
  if (method === 'sampling/createMessage') return { role: 'assistant', content: { type: 'text', text: 'sampled by the test client' }, model: 'test-model' };
  if (method === 'roots/list') return { roots: [{ uri: 'file:///bench/project', name: 'project' }] };
  const schema = params['requestedSchema'] as { properties?: Record<string, unknown> } | undefined;
  if (schema?.properties?.['interpretation']) return { action: 'accept', content: { interpretation: 'snake' } };
  return { action: 'accept', content: { name: 'Ada Lovelace', check: true, email: 'ada@example.com' } };
};

// server-everything behind the proxy, for everything beyond tools.
describe('server-everything surface through the proxy', () => {
  let s: McpSessionSubsystem;
  const logs: LogMessage[] = [];
  const updated: string[] = [];
  const statuses: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    s = createChildServerSubsystem(
      'everything',
      { command: process.execPath, args: [everythingEntry(), 'stdio'], ping: { intervalMs: 0 }, stop: { graceMs: 300, termGraceMs: 1000 } },
      { baseEnv: process.env, baseDir: __dirname },
    );
    s.on('log', (m) => logs.push(m));
    s.on('resourceUpdated', (uri) => updated.push(uri));
    s.on('taskStatus', (p) => statuses.push(p));
    // Before it ever ran, a proxy declares everything it can forward.
    expect(s.surfaceCapabilities()).toMatchObject({ resources: { subscribe: true, listChanged: true }, prompts: {}, completions: {}, logging: {}, tasks: {} });
    await s.connect();
  }, 30_000);
  afterAll(() => s.shutdown(), 30_000);

  it('lists resources, templates and prompts at start, with capabilities, server info and task-required tools', () => {
    expect(s.resources().map((r) => r.uri)).toContain('demo://resource/static/document/architecture.md');
    expect(s.resourceTemplates().map((t) => t.uriTemplate)).toEqual(['demo://resource/dynamic/text/{resourceId}', 'demo://resource/dynamic/blob/{resourceId}']);
    expect(s.prompts().map((p) => p.name)).toEqual(expect.arrayContaining(['simple-prompt', 'args-prompt', 'completable-prompt']));
    const caps = s.surfaceCapabilities();
    expect(caps).toEqual({
      resources: { subscribe: true, listChanged: true },
      prompts: { listChanged: true },
      completions: {},
      logging: {},
      tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } },
    });
    expect(caps).not.toHaveProperty('tools');
    expect(s.serverInfo).toMatchObject({ name: 'mcp-servers/everything' });
    expect(s.instructions).toEqual(expect.any(String));
    const research = s.tools().find((t) => t.name === 'simulate-research-query') as { execution?: unknown } | undefined;
    expect(research?.execution).toEqual({ taskSupport: 'required' });
  });

  it('reads a static resource and resources from both templates', async () => {
    const doc = await s.readResource('demo://resource/static/document/architecture.md');
    expect(doc.contents[0]).toMatchObject({ uri: 'demo://resource/static/document/architecture.md', mimeType: 'text/markdown' });
    expect(doc.contents[0]?.text).toContain('Architecture');
    const text = await s.readResource('demo://resource/dynamic/text/3');
    expect(text.contents[0]?.text).toContain('Resource 3: This is a plaintext resource');
    const blob = await s.readResource('demo://resource/dynamic/blob/4');
    expect(Buffer.from(String(blob.contents[0]?.blob), 'base64').toString()).toContain('Resource 4: This is a base64 blob');
  });

  it('turns the child’s JSON-RPC errors into CrosspointErrors that keep its code and words', async () => {
    const err = await rejectionOf(s.readResource('nope://x'));
    expect(err).toMatchObject({ code: 'DOWNSTREAM_ERROR', details: { rpcCode: -32602 } }); // server-everything's choice of code
    expect(err.message).toBe('everything: resources/read nope://x failed: Resource nope://x not found');
    const prompt = await rejectionOf(s.getPrompt('nope', {}));
    expect(prompt).toMatchObject({ code: 'DOWNSTREAM_ERROR', details: { rpcCode: -32602 }, message: 'everything: prompts/get nope failed: Prompt nope not found' });
  });

  it('gets a prompt with arguments and completes prompt arguments and template variables', async () => {
    const prompt = await s.getPrompt('args-prompt', { city: 'Lyon', state: 'Rhône' });
    expect(prompt.messages[0]?.content).toEqual({ type: 'text', text: "What's weather in Lyon, Rhône?" });
    const dept = await s.complete({ ref: { type: 'ref/prompt', name: 'completable-prompt' }, argument: { name: 'department', value: 'Eng' } });
    expect(dept.completion.values).toEqual(['Engineering']);
    const lead = await s.complete({
      ref: { type: 'ref/prompt', name: 'completable-prompt' },
      argument: { name: 'name', value: '' },
      context: { arguments: { department: 'Sales' } },
    });
    expect(lead.completion.values).toEqual(['David', 'Eve', 'Frank']);
    const id = await s.complete({ ref: { type: 'ref/resource', uri: 'demo://resource/dynamic/text/{resourceId}' }, argument: { name: 'resourceId', value: '7' } });
    expect(id.completion.values).toEqual(['7']);
  });

  it('applies the log level and emits the child’s log messages', async () => {
    // server-everything logs each subscribe request at level info, before it answers.
    await s.setLogLevel('warning');
    await s.subscribeResource('demo://resource/dynamic/text/11');
    expect(logs.some((m) => String(m.data).includes('text/11'))).toBe(false);
    await s.setLogLevel('debug');
    await s.subscribeResource('demo://resource/dynamic/text/12');
    await until(() => logs.some((m) => String(m.data).includes('text/12')), 'info log of the subscribe');
    expect(logs.find((m) => String(m.data).includes('text/12'))).toMatchObject({ level: 'info', data: expect.stringContaining('Received Subscribe Resource request') });
    await s.unsubscribeResource('demo://resource/dynamic/text/11');
    await s.unsubscribeResource('demo://resource/dynamic/text/12');
  });

  it('emits resourceUpdated for a subscribed resource', async () => {
    const uri = 'demo://resource/dynamic/text/21';
    await s.subscribeResource(uri);
    try {
      await s.invoke('toggle-subscriber-updates', {}); // starts the simulated updates (one at once)
      await until(() => updated.includes(uri), 'notifications/resources/updated', 10_000);
    } finally {
      await s.invoke('toggle-subscriber-updates', {});
      await s.unsubscribeResource(uri);
    }
  }, 20_000);

  it('routes a sampling request made during a tool call to the calling client', async () => {
    const client = new TestChannel('sampler', ALL_CLIENT_CAPABILITIES, answers);
    const out = await s.invoke('trigger-sampling-request', { prompt: 'say hi', maxTokens: 20 }, { client });
    expect(client.asked.map((a) => a.method)).toEqual(['sampling/createMessage']);
    expect(client.asked[0]?.params).toMatchObject({ maxTokens: 20, messages: [{ role: 'user', content: { type: 'text', text: expect.stringContaining('say hi') } }] });
    expect(textOf(out)).toContain('sampled by the test client');
  });

  it('tells the child clearly when the calling client lacks the capability', async () => {
    const client = new TestChannel('no-sampling', { roots: {} }, answers);
    const out = await s.invoke('trigger-sampling-request', { prompt: 'say hi' }, { client });
    expect(client.asked).toEqual([]);
    expect((out as { result: { isError?: boolean } }).result.isError).toBe(true);
    expect(textOf(out)).toContain('no calling client declared the sampling capability');
  });

  it('routes elicitation to the calling client and returns its answer', async () => {
    const client = new TestChannel('form-filler', ALL_CLIENT_CAPABILITIES, answers);
    const out = await s.invoke('trigger-elicitation-request', {}, { client });
    expect(client.asked.map((a) => a.method)).toEqual(['elicitation/create']);
    expect(textOf(out)).toContain('Ada Lovelace');
  });

  it('answers roots/list from the calling client, and again after rootsChanged', async () => {
    const client = new TestChannel('rooted', ALL_CLIENT_CAPABILITIES, answers);
    const out = await s.invoke('get-roots-list', {}, { client });
    expect(textOf(out)).toContain('file:///bench/project');
    const before = client.asked.filter((a) => a.method === 'roots/list').length;
    s.rootsChanged(); // the child asks again; no call is in flight, so the most recent client answers
    await until(() => client.asked.filter((a) => a.method === 'roots/list').length > before, 'roots/list after list_changed');
  });

  it('runs a task-required tool as a task: create, get, result (with elicitation inside the task)', async () => {
    const client = new TestChannel('tasker', ALL_CLIENT_CAPABILITIES, answers);
    const created = (await s.invoke('simulate-research-query', { topic: 'python', ambiguous: true }, { task: { ttl: 60_000 }, client })) as {
      result: { task: { taskId: string; status: string } };
    };
    const taskId = created.result.task.taskId;
    expect(created.result.task).toMatchObject({ taskId: expect.any(String), status: 'working' });
    const got = await s.taskRequest('tasks/get', { taskId }, { client });
    expect(got).toMatchObject({ taskId, status: expect.stringMatching(/^(working|input_required|completed)$/) });
    const listed = await s.taskRequest('tasks/list', {}, { client });
    expect((listed['tasks'] as Array<{ taskId: string }>).map((t) => t.taskId)).toContain(taskId);
    const result = await s.taskRequest('tasks/result', { taskId }, { client, timeoutMs: 30_000 });
    expect(client.asked.map((a) => a.method)).toContain('elicitation/create');
    expect(JSON.stringify(result)).toContain('snake');
    expect(statuses.filter((p) => p['taskId'] === taskId).map((p) => p['status'])).toEqual(expect.arrayContaining(['working', 'input_required']));
  }, 40_000);
});
