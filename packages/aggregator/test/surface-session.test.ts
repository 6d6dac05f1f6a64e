import { FakeSubsystem, FakeSurfaceSubsystem } from '@crosspoint/testing';
import { CompleteResultSchema, type Notification } from '@modelcontextprotocol/sdk/types.js';
import { until } from './helpers.js';
import { cleanUp, connectClient, gateway, textOf, twoSurfaces } from './surface-helpers.js';

afterEach(cleanUp);

const methods = (notes: Notification[], method: string) => notes.filter((n) => n.method === method);

describe('session surface: capabilities', () => {
  it('declares the union of what subsystems declare, tools and discovery entries kept', async () => {
    const { alpha, beta } = twoSurfaces({ beta: { capabilities: { prompts: {} } } });
    const { connect } = await gateway([alpha, beta]);
    const { client } = await connectClient(connect);
    const caps = client.getServerCapabilities();
    expect(caps).toMatchObject({
      tools: { listChanged: true },
      resources: { subscribe: true, listChanged: true },
      prompts: { listChanged: true },
      completions: {},
      logging: {},
      tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } },
    });
    expect(caps?.experimental).toMatchObject({ 'x-deferred-loading': { enabled: false }, 'x-discovery-tools': ['tools_search', 'tools_describe_many'] });
  });

  it('declares what a subsystem that is not up offers (a late server is still announced)', async () => {
    const late = new (class extends FakeSurfaceSubsystem {
      override async connect(): Promise<void> {
        this.setState('failed');
        throw new Error('not yet');
      }
    })({ name: 'late', capabilities: { prompts: { listChanged: true } } });
    const { connect } = await gateway([late, new FakeSubsystem({ name: 'plain' })]);
    const { client } = await connectClient(connect);
    expect(client.getServerCapabilities()?.prompts).toEqual({ listChanged: true });
    expect(client.getServerCapabilities()?.resources).toBeUndefined();
  });

  it('declares no resources, prompts, completions, logging or tasks when no subsystem offers them', async () => {
    const { connect } = await gateway([new FakeSubsystem({ name: 'plain' })]);
    const { client } = await connectClient(connect);
    const caps = client.getServerCapabilities() ?? {};
    expect(Object.keys(caps).sort()).toEqual(['experimental', 'tools']);
  });
});

describe('session surface: resources', () => {
  it('lists two subsystems resources with the same URI apart, and each read reaches its owner', async () => {
    const { alpha, beta } = twoSurfaces();
    const { connect } = await gateway([alpha, beta]);
    const { client } = await connectClient(connect);
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(['alpha+demo://same', 'alpha+demo://only-alpha', 'beta+demo://same']);
    const a = await client.readResource({ uri: 'alpha+demo://same' });
    const b = await client.readResource({ uri: 'beta+demo://same' });
    expect([textOf(a), textOf(b)]).toEqual(['alpha read demo://same', 'beta read demo://same']);
    expect(a.contents[0]?.uri).toBe('alpha+demo://same');
    expect(alpha.requests.map((r) => r.params)).toEqual([{ uri: 'demo://same' }]);
    expect(beta.requests.map((r) => r.params)).toEqual([{ uri: 'demo://same' }]);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['alpha+demo://items/{id}']);
  });

  it('routes an un-namespaced URI to its single owner, and explains an ambiguous or unknown one with -32002', async () => {
    const { alpha, beta } = twoSurfaces();
    const { connect } = await gateway([alpha, beta]);
    const { client } = await connectClient(connect);
    const listed = await client.readResource({ uri: 'demo://only-alpha' });
    expect(textOf(listed)).toBe('alpha read demo://only-alpha');
    expect(listed.contents[0]?.uri).toBe('demo://only-alpha'); // asked un-namespaced, answered the same way
    expect(textOf(await client.readResource({ uri: 'demo://items/7' }))).toBe('alpha read demo://items/7');
    await expect(client.readResource({ uri: 'demo://same' })).rejects.toMatchObject({
      code: -32002,
      message: expect.stringContaining('"alpha+demo://same" or "beta+demo://same"'),
    });
    await expect(client.readResource({ uri: 'nobody://x' })).rejects.toMatchObject({ code: -32002, data: { code: 'RESOURCE_NOT_FOUND' } });
    expect(beta.requests).toEqual([]);
  });

  it('paginates resources with the session page size', async () => {
    const many = Array.from({ length: 7 }, (_, i) => ({ uri: `demo://r${i}`, name: `r${i}` }));
    const { alpha, beta } = twoSurfaces({ alpha: { resources: many } });
    const { connect } = await gateway([alpha, beta], {}, { pageSize: 3 });
    const { client } = await connectClient(connect);
    const uris: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listResources(cursor ? { cursor } : {});
      uris.push(...page.resources.map((r) => r.uri));
      cursor = page.nextCursor;
    } while (cursor);
    expect(uris).toHaveLength(8);
    expect(new Set(uris).size).toBe(8);
  });

  it('answers a down subsystem with SUBSYSTEM_UNAVAILABLE naming its state', async () => {
    const { alpha, beta } = twoSurfaces();
    const { aggregator, connect } = await gateway([alpha, beta]);
    const { client } = await connectClient(connect);
    const seen = new Promise((resolve) => aggregator.once('healthChanged', resolve));
    alpha.setState('failed');
    await seen;
    await expect(client.readResource({ uri: 'alpha+demo://same' })).rejects.toMatchObject({
      code: -32603,
      data: { code: 'SUBSYSTEM_UNAVAILABLE' },
      message: expect.stringContaining('alpha is failed'),
    });
    await expect(client.getPrompt({ name: 'alpha_greet' })).rejects.toMatchObject({ data: { code: 'SUBSYSTEM_UNAVAILABLE' } });
    expect(alpha.requests).toEqual([]);
    expect(textOf(await client.readResource({ uri: 'beta+demo://same' }))).toBe('beta read demo://same');
  });

  it('bounds a routed request with the gateway deadline and aborts the subsystem side', async () => {
    const { alpha, beta } = twoSurfaces();
    let seen: AbortSignal | undefined;
    alpha.readResource = (_uri, options) => {
      seen = options?.signal;
      return new Promise(() => undefined); // never answers
    };
    const { connect } = await gateway([alpha, beta], { surfaceRequestTimeoutMs: 300 });
    const { client } = await connectClient(connect);
    await expect(client.readResource({ uri: 'alpha+demo://same' })).rejects.toMatchObject({
      code: -32001,
      data: { code: 'REQUEST_TIMEOUT' },
      message: expect.stringContaining('timed out after 300 ms'),
    });
    expect(seen?.aborted).toBe(true);
  });

  it('sends resources/list_changed and prompts/list_changed when a subsystem lists change', async () => {
    const { alpha, beta } = twoSurfaces();
    const { connect } = await gateway([alpha, beta]);
    const { client, notes } = await connectClient(connect);
    alpha.setResources([{ uri: 'demo://new', name: 'new' }]);
    beta.setPrompts([{ name: 'farewell' }]);
    await until(() => methods(notes, 'notifications/resources/list_changed').length === 1 && methods(notes, 'notifications/prompts/list_changed').length === 1);
    expect((await client.listResources()).resources.map((r) => r.uri)).toEqual(['alpha+demo://new', 'beta+demo://same']);
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['alpha_greet', 'beta_farewell']);
  });
});

describe('session surface: subscriptions', () => {
  it('delivers resources/updated only to the subscribing session, and holds the downstream subscription while any session wants it', async () => {
    const { alpha, beta } = twoSurfaces();
    const { connect } = await gateway([alpha, beta]);
    const one = await connectClient(connect, {}, 'one');
    const two = await connectClient(connect, {}, 'two');
    await one.client.subscribeResource({ uri: 'alpha+demo://same' });
    await two.client.subscribeResource({ uri: 'beta+demo://same' });
    expect([...alpha.subscriptions, ...beta.subscriptions]).toEqual(['demo://same', 'demo://same']);

    alpha.updated('demo://same');
    beta.updated('demo://same');
    const updated = (n: Notification[]) => methods(n, 'notifications/resources/updated').map((x) => x.params?.['uri']);
    await until(() => updated(one.notes).length === 1 && updated(two.notes).length === 1);
    expect(updated(one.notes)).toEqual(['alpha+demo://same']);
    expect(updated(two.notes)).toEqual(['beta+demo://same']);

    // Refcount: two joins alpha's; one leaves; the downstream subscription stays until two closes.
    await two.client.subscribeResource({ uri: 'alpha+demo://same' });
    await one.client.unsubscribeResource({ uri: 'alpha+demo://same' });
    expect(alpha.subscriptions.has('demo://same')).toBe(true);
    expect(alpha.requests.filter((r) => r.method === 'resources/subscribe')).toHaveLength(1);
    alpha.updated('demo://same');
    await until(() => updated(two.notes).length === 2);
    await two.close();
    await until(() => !alpha.subscriptions.has('demo://same') && !beta.subscriptions.has('demo://same'));
    expect(updated(one.notes)).toEqual(['alpha+demo://same']);
  });
});

describe('session surface: an update right behind the subscribe reply', () => {
  it('reaches the session (it is subscribed before the downstream answers)', async () => {
    // A server that announces a change as soon as it has accepted the subscription.
    const eager = new (class extends FakeSurfaceSubsystem {
      override async subscribeResource(uri: string): Promise<void> {
        await super.subscribeResource(uri);
        this.updated(uri);
      }
    })({ name: 'eager', resources: [{ uri: 'demo://hot', name: 'hot' }] });
    const { connect } = await gateway([eager, new FakeSurfaceSubsystem({ name: 'other' })]);
    const one = await connectClient(connect, {}, 'one');
    await one.client.subscribeResource({ uri: 'eager+demo://hot' });
    await until(() => methods(one.notes, 'notifications/resources/updated').length === 1);
    expect(methods(one.notes, 'notifications/resources/updated')[0]?.params).toEqual({ uri: 'eager+demo://hot' });
  });

  it('forgets a subscription the downstream refused', async () => {
    const refusing = new (class extends FakeSurfaceSubsystem {
      override async subscribeResource(): Promise<void> {
        throw new Error('no subscriptions today');
      }
    })({ name: 'refusing', resources: [{ uri: 'demo://cold', name: 'cold' }] });
    const { connect } = await gateway([refusing, new FakeSurfaceSubsystem({ name: 'other' })]);
    const one = await connectClient(connect, {}, 'one');
    await expect(one.client.subscribeResource({ uri: 'refusing+demo://cold' })).rejects.toThrow(/no subscriptions today/);
    refusing.updated('demo://cold');
    await one.client.listResources(); // a round trip: anything sent before it has arrived
    expect(methods(one.notes, 'notifications/resources/updated')).toEqual([]);
  });
});

describe('session surface: prompts and completion', () => {
  it('routes prompts/get and completion/complete (ref/prompt by wire name, ref/resource by namespaced template) to the owner', async () => {
    const { alpha, beta } = twoSurfaces();
    const { connect } = await gateway([alpha, beta]);
    const { client } = await connectClient(connect);
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['alpha_greet', 'beta_greet']);
    expect(textOf(await client.getPrompt({ name: 'beta_greet', arguments: { who: 'x' } }))).toBe('beta/greet {"who":"x"}');
    await expect(client.getPrompt({ name: 'gamma_greet' })).rejects.toMatchObject({ code: -32602, data: { code: 'PROMPT_NOT_FOUND' } });

    const byPrompt = await client.request(
      { method: 'completion/complete', params: { ref: { type: 'ref/prompt', name: 'alpha_greet' }, argument: { name: 'who', value: 'a' } } },
      CompleteResultSchema,
    );
    expect(byPrompt.completion.values).toEqual(['ada', 'alan']);
    const byTemplate = await client.complete({ ref: { type: 'ref/resource', uri: 'alpha+demo://items/{id}' }, argument: { name: 'id', value: 'g' } });
    expect(byTemplate.completion.values).toEqual(['grace']);
    const completes = alpha.requests.filter((r) => r.method === 'completion/complete').map((r) => (r.params as { ref: unknown }).ref);
    expect(completes).toEqual([
      { type: 'ref/prompt', name: 'greet' },
      { type: 'ref/resource', uri: 'demo://items/{id}' },
    ]);
    expect(beta.requests.filter((r) => r.method === 'completion/complete')).toEqual([]);
  });
});

describe('session surface: logging', () => {
  it('forwards log messages naming their source, filtered by each session level; subsystems get the most verbose level asked', async () => {
    const { alpha, beta } = twoSurfaces();
    const { connect } = await gateway([alpha, beta]);
    const quiet = await connectClient(connect, {}, 'quiet');
    const chatty = await connectClient(connect, {}, 'chatty');
    await quiet.client.setLoggingLevel('warning');
    await until(() => alpha.logLevel === 'warning' && beta.logLevel === 'warning');
    await chatty.client.setLoggingLevel('debug');
    await until(() => alpha.logLevel === 'debug' && beta.logLevel === 'debug');

    alpha.log('info', { step: 1 });
    beta.log('error', 'disk full', 'storage');
    const logs = (n: Notification[]) => methods(n, 'notifications/message').map((m) => m.params);
    await until(() => logs(chatty.notes).length === 2 && logs(quiet.notes).length === 1);
    expect(logs(chatty.notes)).toEqual([
      { level: 'info', logger: 'alpha', data: { step: 1 } },
      { level: 'error', logger: 'beta/storage', data: 'disk full' },
    ]);
    expect(logs(quiet.notes)).toEqual([{ level: 'error', logger: 'beta/storage', data: 'disk full' }]);

    await chatty.close(); // the most verbose level left is quiet's
    await until(() => alpha.logLevel === 'warning' && beta.logLevel === 'warning');
  });
});
