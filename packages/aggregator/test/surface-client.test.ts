/**
 * Passthrough mode, for the CLI: `new FederationAggregator({ passthrough: true })` (exactly one
 * subsystem may be registered; no gateway tools), then `createSessionFactory(aggregator)` as usual:
 * sessions read `aggregator.passthrough`, so there is no session-factory option to set.
 */
import { CrosspointError, type HealthStatus, type InvokeOptions } from '@crosspoint/core';
import { FakeSurfaceSubsystem } from '@crosspoint/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import {
  CallToolResultSchema,
  CreateMessageRequestSchema,
  CreateTaskResultSchema,
  GetTaskResultSchema,
  ListTasksResultSchema,
  type Notification,
} from '@modelcontextprotocol/sdk/types.js';
import { FederationAggregator, TASK_RESULT_WAIT_MS, createSessionFactory } from '../src/index.js';
import { schema, until } from './helpers.js';
import { cleanUp, connectClient, gateway, textOf, twoSurfaces } from './surface-helpers.js';

afterEach(cleanUp);

/** A tool that asks the calling client to sample a message mid-call and returns what it said. */
function askingTool() {
  return {
    descriptor: { name: 'ask', description: 'Asks the client for a completion.', inputSchema: schema() },
    handler: async (_args: Record<string, unknown>, options: InvokeOptions) => {
      if (!options.client) throw new Error('no client channel');
      const answer = (await options.client.request('sampling/createMessage', {
        messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }],
        maxTokens: 10,
      })) as { content: { text: string } };
      return { said: answer.content.text, label: options.client.label };
    },
  };
}

describe('client channel', () => {
  it('routes a sampling request from a subsystem mid-call to the calling client, on the lean path and the SDK path', async () => {
    const alpha = new FakeSurfaceSubsystem({ name: 'alpha', tools: [askingTool()] });
    const { connect } = await gateway([alpha]);
    const caller = await connectClient(connect, { sampling: {} }, 'caller');
    const other = await connectClient(connect, { sampling: {} }, 'other');
    const sampled: string[] = [];
    caller.client.setRequestHandler(CreateMessageRequestSchema, async () => {
      sampled.push('caller');
      return { role: 'assistant', model: 'm', content: { type: 'text', text: 'from caller' } };
    });
    other.client.setRequestHandler(CreateMessageRequestSchema, async () => {
      sampled.push('other');
      return { role: 'assistant', model: 'm', content: { type: 'text', text: 'from other' } };
    });
    const lean = await caller.client.callTool({ name: 'alpha_ask', arguments: {} });
    expect(lean.structuredContent).toEqual({ said: 'from caller', label: 'caller' });
    // Extra _meta sends the call down the SDK's own handler instead of the lean path.
    const sdk = await caller.client.request({ method: 'tools/call', params: { name: 'alpha_ask', arguments: {}, _meta: { 'x-test': 1 } } }, CallToolResultSchema);
    expect(sdk.structuredContent).toEqual({ said: 'from caller', label: 'caller' });
    expect(sampled).toEqual(['caller', 'caller']);
  });

  it('refuses a request for a capability the client did not declare with NOT_SUPPORTED, without sending it', async () => {
    const alpha = new FakeSurfaceSubsystem({ name: 'alpha', tools: [askingTool()] });
    const { connect } = await gateway([alpha]);
    const { client } = await connectClient(connect, {}, 'plain');
    let asked = false;
    client.fallbackRequestHandler = async () => {
      asked = true; // any request reaching this client (the SDK refuses a sampling handler without the capability)
      return {};
    };
    const r = await client.callTool({ name: 'alpha_ask', arguments: {} });
    expect(r.isError).toBe(true);
    expect((r.content as Array<{ text: string }>)[0]?.text).toMatch(/NOT_SUPPORTED.*did not declare the "sampling" capability/);
    expect(asked).toBe(false);
  });

  it('passes the session channel with routed surface requests, closed once the session is gone', async () => {
    const { alpha, beta } = twoSurfaces();
    const { connect } = await gateway([alpha, beta]);
    const s = await connectClient(connect, { roots: { listChanged: true } }, 'reader');
    await s.client.readResource({ uri: 'alpha+demo://same' });
    const channel = alpha.requests[0]?.options?.client;
    expect(channel?.label).toBe('reader');
    expect(channel?.capabilities).toEqual({ roots: { listChanged: true } });
    expect(channel?.open).toBe(true);
    await s.close();
    await until(() => channel?.open === false);
    await expect(channel?.request('roots/list', {})).rejects.toMatchObject({ code: 'DISCONNECTED' });
  });

  it('fans a client roots/list_changed out to every subsystem', async () => {
    const { alpha, beta } = twoSurfaces();
    const { connect } = await gateway([alpha, beta]);
    const { client } = await connectClient(connect, { roots: { listChanged: true } });
    await client.sendRootsListChanged();
    await until(() => alpha.rootsChangedCount === 1 && beta.rootsChangedCount === 1);
  });
});

/** alpha's `research` creates a task when asked to; `release()` lets it finish. */
function taskSetup() {
  let release!: (r: Record<string, unknown>) => void;
  const finished = new Promise<Record<string, unknown>>((resolve) => (release = resolve));
  const alpha: FakeSurfaceSubsystem = new FakeSurfaceSubsystem({
    name: 'alpha',
    toolExecution: { research: { taskSupport: 'optional' } },
    tools: [
      {
        descriptor: { name: 'research', description: 'Slow research.', inputSchema: schema() },
        handler: (_args, options) => (options.task ? alpha.startTask(finished, 60_000) : { done: 'inline' }),
      },
      { descriptor: { name: 'quick', description: 'No tasks.', inputSchema: schema() }, handler: () => ({ ok: true }) },
    ],
  });
  return { alpha, release };
}

describe('tasks', () => {
  it('creates a task through a task-augmented call, namespaces its id, and routes get, result, list and status', async () => {
    const { alpha, release } = taskSetup();
    const { beta } = twoSurfaces();
    const { connect } = await gateway([alpha, beta]);
    const creator = await connectClient(connect, {}, 'creator');
    const bystander = await connectClient(connect, {}, 'bystander');
    const { tools } = await creator.client.listTools();
    expect(tools.find((t) => t.name === 'alpha_research')?.execution).toEqual({ taskSupport: 'optional' });

    const created = await creator.client.request({ method: 'tools/call', params: { name: 'alpha_research', arguments: {}, task: { ttl: 60_000 } } }, CreateTaskResultSchema);
    expect(created.task).toMatchObject({ taskId: 'alpha:task-1', status: 'working' });
    const got = await creator.client.request({ method: 'tasks/get', params: { taskId: 'alpha:task-1' } }, GetTaskResultSchema);
    expect(got).toMatchObject({ taskId: 'alpha:task-1', status: 'working' });
    expect(alpha.requests.find((r) => r.method === 'tasks/get')?.params).toEqual({ taskId: 'task-1' });

    const listed = async (c: typeof creator) => (await c.client.request({ method: 'tasks/list', params: {} }, ListTasksResultSchema)).tasks.map((t) => t.taskId);
    expect(await listed(creator)).toEqual(['alpha:task-1']);
    expect(await listed(bystander)).toEqual([]);
    // Another session's task is unknown to the bystander, id or not: nothing reaches alpha.
    const before = alpha.requests.length;
    for (const method of ['tasks/get', 'tasks/result', 'tasks/cancel']) {
      await expect(bystander.client.request({ method, params: { taskId: 'alpha:task-1' } } as never, GetTaskResultSchema)).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('unknown task "alpha:task-1"') });
    }
    expect(alpha.requests.length).toBe(before);

    release({ content: [{ type: 'text', text: 'findings' }] });
    const status = (n: Notification[]) => n.filter((x) => x.method === 'notifications/tasks/status').map((x) => x.params);
    await until(() => status(creator.notes).length === 1);
    expect(status(creator.notes)[0]).toMatchObject({ taskId: 'alpha:task-1', status: 'completed' });
    const result = await creator.client.request({ method: 'tasks/result', params: { taskId: 'alpha:task-1' } }, CallToolResultSchema);
    expect(textOf({ contents: result.content })).toBe('findings');
    expect(result._meta?.['io.modelcontextprotocol/related-task']).toEqual({ taskId: 'alpha:task-1' });
    // tasks/result may wait for the whole task: the subsystem is not held to its default request timeout.
    expect(alpha.requests.find((r) => r.method === 'tasks/result')?.options?.timeoutMs).toBe(TASK_RESULT_WAIT_MS);
    expect(status(bystander.notes)).toEqual([]);

    const second = await creator.client.request({ method: 'tools/call', params: { name: 'alpha_research', arguments: {}, task: {} } }, CreateTaskResultSchema);
    const cancelled = await creator.client.request({ method: 'tasks/cancel', params: { taskId: second.task.taskId } }, GetTaskResultSchema);
    expect(cancelled.taskId).toBe('alpha:task-2'); // (its work had already finished: the fake's status stays completed)
    expect(alpha.requests.filter((r) => r.method === 'tasks/cancel').map((r) => r.params)).toEqual([{ taskId: 'task-2' }]);
  });

  it('refuses a task-augmented call to a tool without task support (-32601) and an unknown task id (-32602)', async () => {
    const { alpha } = taskSetup();
    const { connect } = await gateway([alpha]);
    const { client } = await connectClient(connect);
    await expect(
      client.request({ method: 'tools/call', params: { name: 'alpha_quick', arguments: {}, task: { ttl: 1000 } } }, CreateTaskResultSchema),
    ).rejects.toMatchObject({ code: -32601, message: expect.stringContaining('does not support task-augmented calls') });
    await expect(client.request({ method: 'tasks/get', params: { taskId: 'nope' } }, GetTaskResultSchema)).rejects.toMatchObject({ code: -32602 });
    expect(alpha.calls).toEqual([]);
  });
});

/** A subsystem that reports its downstream server's identity the way the child-server subsystem does. */
class IdentifiedSubsystem extends FakeSurfaceSubsystem {
  override async healthCheck(): Promise<HealthStatus> {
    const base = await super.healthCheck();
    if (base.state !== 'running') return base; // a child server's identity is known once it is up
    return {
      ...base,
      details: { serverInfo: { name: 'downstream', version: '9.9.9' }, instructions: 'Use me well.', capabilities: { tools: {}, prompts: {}, resources: {} } },
    };
  }
}

describe('passthrough mode', () => {
  it('serves one subsystem with its own names and identity: no prefixes, no gateway tools', async () => {
    const down = new IdentifiedSubsystem({
      name: 'down',
      tools: [askingTool()],
      resources: [{ uri: 'demo://x', name: 'x' }],
      prompts: [{ name: 'greet' }],
    });
    const { aggregator, connect } = await gateway([down], { passthrough: true });
    expect(() => aggregator.register(new FakeSurfaceSubsystem({ name: 'second' }))).toThrow(CrosspointError);
    expect(() => aggregator.register(new FakeSurfaceSubsystem({ name: 'second' }))).toThrow(/passthrough mode serves exactly one subsystem/);
    const { client } = await connectClient(connect);
    expect(client.getServerVersion()).toMatchObject({ name: 'downstream', version: '9.9.9' });
    expect(client.getInstructions()).toBe('Use me well.');
    expect(client.getServerCapabilities()).toEqual({ tools: {}, prompts: {}, resources: {} });
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['ask']);
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(['demo://x']);
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['greet']);
    expect(textOf(await client.readResource({ uri: 'demo://x' }))).toBe('down read demo://x');
    expect(textOf(await client.getPrompt({ name: 'greet' }))).toBe('down/greet {}');
  });

  it('waits for the subsystem to come up before answering initialize with its identity', async () => {
    let up!: () => void;
    const slow = new (class extends IdentifiedSubsystem {
      override async connect(): Promise<void> {
        await new Promise<void>((resolve) => (up = resolve));
        await super.connect();
      }
    })({ name: 'slow' });
    const aggregator = new FederationAggregator({ passthrough: true, listChangedDebounceMs: 20 });
    aggregator.register(slow);
    const started = aggregator.start();
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const session = await createSessionFactory(aggregator)(serverSide);
    const client = new Client({ name: 'early', version: '0' });
    let initializeSent = false;
    const send = clientSide.send.bind(clientSide);
    clientSide.send = (message, options) => {
      if ('method' in message && message.method === 'initialize') initializeSent = true;
      return send(message, options);
    };
    try {
      const connecting = client.connect(clientSide);
      await until(() => initializeSent && typeof up === 'function');
      await new Promise((resolve) => setImmediate(resolve)); // the session has the request; only its answer may wait
      up();
      await connecting;
      expect(client.getServerVersion()).toMatchObject({ name: 'downstream', version: '9.9.9' });
    } finally {
      up?.();
      await started;
      await client.close();
      await session.close();
      await aggregator.shutdown();
    }
  });

  it('keeps task ids as the downstream issued them', async () => {
    const { alpha, release } = taskSetup();
    const { connect } = await gateway([alpha], { passthrough: true });
    const { client } = await connectClient(connect);
    const created = await client.request({ method: 'tools/call', params: { name: 'research', arguments: {}, task: { ttl: 1000 } } }, CreateTaskResultSchema);
    expect(created.task.taskId).toBe('task-1');
    release({ content: [{ type: 'text', text: 'done' }] });
    const result = await client.request({ method: 'tasks/result', params: { taskId: 'task-1' } }, CallToolResultSchema);
    expect(textOf({ contents: result.content })).toBe('done');
  });
});

describe('nested gateways', () => {
  it('serve an inner gateway surface through an outer one, namespaced twice', async () => {
    const { alpha, release } = taskSetup();
    const { beta } = twoSurfaces();
    alpha.setResources([{ uri: 'demo://same', name: 'same' }]);
    alpha.setPrompts([{ name: 'greet' }]);
    const inner = new FederationAggregator({ name: 'inner', listChangedDebounceMs: 20 });
    inner.register(alpha);
    inner.register(beta);
    const { connect } = await gateway([inner]);
    const { client, notes } = await connectClient(connect);
    expect(client.getServerCapabilities()).toMatchObject({ resources: { subscribe: true }, prompts: {}, tasks: {} });
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(['inner+alpha+demo://same', 'inner+beta+demo://same']);
    expect(textOf(await client.readResource({ uri: 'inner+beta+demo://same' }))).toBe('beta read demo://same');
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['inner_alpha_greet', 'inner_beta_greet']);
    expect(textOf(await client.getPrompt({ name: 'inner_alpha_greet' }))).toBe('alpha/greet {}');

    await client.setLoggingLevel('info');
    await until(() => alpha.logLevel === 'info');
    alpha.log('info', 'hello');
    await until(() => notes.some((n) => n.method === 'notifications/message'));
    expect(notes.find((n) => n.method === 'notifications/message')?.params).toEqual({ level: 'info', logger: 'inner/alpha', data: 'hello' });

    const created = await client.request({ method: 'tools/call', params: { name: 'inner_alpha_research', arguments: {}, task: {} } }, CreateTaskResultSchema);
    expect(created.task.taskId).toBe('inner:alpha:task-1');
    release({ content: [{ type: 'text', text: 'deep' }] });
    const result = await client.request({ method: 'tasks/result', params: { taskId: 'inner:alpha:task-1' } }, CallToolResultSchema);
    expect(textOf({ contents: result.content })).toBe('deep');
    await until(() => notes.some((n) => n.method === 'notifications/tasks/status'));
    expect(notes.find((n) => n.method === 'notifications/tasks/status')?.params).toMatchObject({ taskId: 'inner:alpha:task-1', status: 'completed' });
  });
});
