import { GetTaskResultSchema, type Notification } from '@modelcontextprotocol/sdk/types.js';
import { until } from './helpers.js';
import { cleanUp, connectClient, gateway, twoSurfaces } from './surface-helpers.js';

afterEach(cleanUp);

// A scoped token (allowTools) limits the surface too: a session that may call only alpha's tools
// sees and uses only alpha's resources, templates, prompts and log messages.
describe('session surface under a tool scope', () => {
  async function scoped() {
    const { alpha, beta } = twoSurfaces({ beta: { resourceTemplates: [{ uriTemplate: 'demo://beta/{id}', name: 'beta items' }] } });
    const { connect } = await gateway([alpha, beta]);
    const narrow = await connectClient(connect, {}, 'narrow', { allowTools: ['alpha_*'] });
    const wide = await connectClient(connect, {}, 'wide');
    await narrow.client.setLoggingLevel('debug');
    return { alpha, beta, narrow, wide };
  }

  it('lists only what the subsystems it may call offer', async () => {
    const { narrow, wide } = await scoped();
    expect((await narrow.client.listResources()).resources.map((r) => r.uri)).toEqual(['alpha+demo://same', 'alpha+demo://only-alpha']);
    expect((await narrow.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate)).toEqual(['alpha+demo://items/{id}']);
    expect((await narrow.client.listPrompts()).prompts.map((p) => p.name)).toEqual(['alpha_greet']);
    // An unscoped session still sees everything.
    expect((await wide.client.listResources()).resources.map((r) => r.uri)).toContain('beta+demo://same');
    expect((await wide.client.listPrompts()).prompts.map((p) => p.name)).toEqual(['alpha_greet', 'beta_greet']);
  });

  it('refuses reads, subscriptions, prompts and completions outside the scope, before anything reaches the subsystem', async () => {
    const { beta, narrow } = await scoped();
    await expect(narrow.client.readResource({ uri: 'beta+demo://same' })).rejects.toThrow(/may not use "beta\+demo:\/\/same"/);
    await expect(narrow.client.readResource({ uri: 'demo://beta/7' })).rejects.toThrow(/may not use/); // the fallback route too
    await expect(narrow.client.subscribeResource({ uri: 'beta+demo://same' })).rejects.toThrow(/may not use/);
    await expect(narrow.client.getPrompt({ name: 'beta_greet' })).rejects.toThrow(/may not use the prompt "beta_greet"/);
    await expect(narrow.client.complete({ ref: { type: 'ref/prompt', name: 'beta_greet' }, argument: { name: 'who', value: 'b' } })).rejects.toThrow(/may not use/);
    await expect(narrow.client.complete({ ref: { type: 'ref/resource', uri: 'beta+demo://beta/{id}' }, argument: { name: 'id', value: '' } })).rejects.toThrow(/may not use/);
    await expect(narrow.client.request({ method: 'tasks/get', params: { taskId: 'beta:task-1' } }, GetTaskResultSchema)).rejects.toThrow(/may not use the tasks of beta/);
    // Nothing reached beta, not even the session's log level.
    expect(beta.requests).toEqual([]);
    expect((await narrow.client.readResource({ uri: 'alpha+demo://same' })).contents).toHaveLength(1);
  });

  it('sets the log level only of the subsystems it may call; an unscoped session\'s reaches every one', async () => {
    const { alpha, beta, wide } = await scoped();
    const levels = (s: typeof alpha) => s.requests.filter((r) => r.method === 'logging/setLevel').map((r) => (r.params as { level: string }).level);
    await until(() => levels(alpha).length === 1);
    expect(levels(alpha)).toEqual(['debug']);
    expect(levels(beta)).toEqual([]);
    await wide.client.setLoggingLevel('warning');
    await until(() => levels(beta).length === 1);
    expect(levels(beta)).toEqual(['warning']);
    expect(levels(alpha)).toEqual(['debug']); // still the most verbose level of the sessions that reach it
  });

  it('forwards log messages only from the subsystems it may call', async () => {
    const { alpha, beta, narrow, wide } = await scoped();
    await wide.client.setLoggingLevel('debug');
    beta.log('error', 'beta trouble');
    alpha.log('error', 'alpha trouble');
    const logs = (n: Notification[]) => n.filter((x) => x.method === 'notifications/message').map((x) => x.params?.['data']);
    await until(() => logs(wide.notes).length === 2);
    await until(() => logs(narrow.notes).includes('alpha trouble'));
    expect(logs(narrow.notes)).toEqual(['alpha trouble']);
  });
});
