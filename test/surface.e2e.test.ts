import { join } from 'node:path';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ElicitationCompleteNotificationSchema,
  ListRootsRequestSchema,
  LoggingMessageNotificationSchema,
  PromptListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { until } from '@crosspoint/testing';
import { everythingEntry } from './fixtures/child-servers/paths';
import { FIXTURES, ROOT, connectSdk, requireBuilt, writeConfig } from './helpers/gateway-process';
import { type Daemon, connectRemote, startDaemon } from './helpers/remote-daemon';
import type { Client } from '../packages/cli/test/support/sdk';

// The whole MCP surface through `crosspoint serve`, with three subsystems at once (server-everything,
// our surface fixture — whose one resource has the same URI as one of server-everything's — and the
// emulated Jumperless), and two clients on the WebSocket front: alice can sample, elicit and list
// roots; bob can do none of it.
jest.setTimeout(90_000);

const CLASH = 'demo://resource/static/document/architecture.md';
type Text = { content?: Array<{ type: string; text?: string }>; isError?: boolean };
const contentText = (c: unknown) => String((c as { text?: unknown } | undefined)?.text);
const text = (r: unknown) => ((r as Text).content ?? []).map((c) => c.text ?? '').join('');

let cfg: ReturnType<typeof writeConfig>;
let daemon: Daemon;
let alice: Client;
let bob: Client;
const aliceSeen = { completed: [] as string[], updated: [] as string[], logs: [] as Array<{ level: string; logger?: string; data: unknown }>, sampled: [] as unknown[] };
const bobSeen = { updated: [] as string[], logs: [] as Array<{ level: string; logger?: string; data: unknown }> };

beforeAll(async () => {
  requireBuilt();
  cfg = writeConfig({
    startupDeadlineMs: 30_000,
    subsystems: { jumperless: { package: join(ROOT, 'packages', 'jumperless'), options: { port: 'emulated' } } },
    mcpServers: {
      everything: { command: process.execPath, args: [everythingEntry(), 'stdio'], ping: { intervalMs: 0 } },
      bench: { command: process.execPath, args: [join(FIXTURES, 'surface-server.mjs')], ping: { intervalMs: 0 } },
    },
    fronts: { ws: '127.0.0.1:0', http: '127.0.0.1:0' },
  });
  daemon = await startDaemon(['--config', cfg.file], ['ws', 'http'], { CROSSPOINT_STATE_DIR: join(cfg.dir, 'state') });
  alice = await connectRemote(daemon.urls.ws as string, { capabilities: { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } } });
  alice.setRequestHandler(CreateMessageRequestSchema, async (req) => {
    aliceSeen.sampled.push(req.params);
    return { model: 'alice-model', role: 'assistant', content: { type: 'text', text: 'forty-two' } };
  });
  alice.setRequestHandler(ElicitRequestSchema, async (req) =>
    req.params.mode === 'url' ? { action: 'accept' } : { action: 'accept', content: { color: 'red', number: 7, pets: 'cats' } },
  );
  alice.setNotificationHandler(ElicitationCompleteNotificationSchema, (n) => void aliceSeen.completed.push(n.params.elicitationId));
  alice.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: 'file:///bench/alice', name: 'alice' }] }));
  alice.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void aliceSeen.updated.push(n.params.uri));
  alice.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void aliceSeen.logs.push(n.params));
  bob = await connectRemote(daemon.urls.ws as string);
  bob.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void bobSeen.updated.push(n.params.uri));
  bob.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void bobSeen.logs.push(n.params));
  await alice.listTools(); // waits for every subsystem to settle
});

afterAll(async () => {
  await alice?.close();
  await bob?.close();
  await daemon?.stop();
  cfg?.remove();
});

describe('the MCP surface beyond tools, through the gateway', () => {
  it('declares what the federation offers in the initialize result', () => {
    expect(alice.getServerCapabilities()).toMatchObject({
      tools: { listChanged: true },
      resources: { subscribe: true, listChanged: true },
      prompts: { listChanged: true },
      completions: {},
      logging: {},
      tasks: expect.any(Object),
    });
  });

  it('keeps two servers\' identical resource URIs apart, and reads each from its owner', async () => {
    const uris = (await alice.listResources()).resources.map((r) => r.uri);
    expect(uris).toEqual(expect.arrayContaining([`everything+${CLASH}`, `bench+${CLASH}`, 'jumperless+jumperless://board/nets']));
    const fromBench = await alice.readResource({ uri: `bench+${CLASH}` });
    expect(fromBench.contents[0]).toMatchObject({ uri: `bench+${CLASH}`, text: 'surface-fixture architecture notes' });
    const fromEverything = await alice.readResource({ uri: `everything+${CLASH}` });
    expect(fromEverything.contents[0]?.uri).toBe(`everything+${CLASH}`);
    expect(contentText(fromEverything.contents[0])).not.toContain('surface-fixture');
    expect(contentText(fromEverything.contents[0]).length).toBeGreaterThan(100);
  });

  it('lists templates namespaced, reads through them, and routes an un-namespaced URI to the one template that matches', async () => {
    const templates = (await bob.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    expect(templates).toEqual(expect.arrayContaining(['bench+fixture://notes/{part}', 'everything+demo://resource/dynamic/text/{resourceId}']));
    expect((await bob.readResource({ uri: 'bench+fixture://notes/relay' })).contents[0]).toMatchObject({ text: 'note on relay' });
    expect((await bob.readResource({ uri: 'fixture://notes/diode' })).contents[0]).toMatchObject({ text: 'note on diode' });
    await expect(bob.readResource({ uri: 'nobody://here' })).rejects.toThrow(/-32002|not found|no subsystem/i);
  });

  it('reads the Jumperless nets as a resource, live', async () => {
    expect(text(await bob.callTool({ name: 'jumperless_connect', arguments: { node1: 20, node2: 'gpio_3' } }))).toContain('connected');
    const read = await bob.readResource({ uri: 'jumperless+jumperless://board/nets' });
    const nets = JSON.parse(contentText(read.contents[0])) as { nets: Array<{ nodes: string[] }> };
    expect(nets.nets.some((n) => n.nodes.includes('20') && n.nodes.includes('GPIO_3'))).toBe(true);
  });

  it('routes prompts and completions to their owners under the prefix', async () => {
    const prompts = (await alice.listPrompts()).prompts.map((p) => p.name);
    expect(prompts).toEqual(expect.arrayContaining(['bench_review', 'everything_args-prompt', 'everything_completable-prompt']));
    const got = await alice.getPrompt({ name: 'bench_review', arguments: { part: 'relay' } });
    expect(got.messages[0]?.content).toMatchObject({ type: 'text', text: 'Please review the relay.' });
    const byPrompt = await alice.complete({ ref: { type: 'ref/prompt', name: 'bench_review' }, argument: { name: 'part', value: 're' } });
    expect(byPrompt.completion.values).toEqual(['resistor', 'regulator', 'relay']);
    const byTemplate = await alice.complete({ ref: { type: 'ref/resource', uri: 'bench+fixture://notes/{part}' }, argument: { name: 'part', value: 'ca' } });
    expect(byTemplate.completion.values).toEqual(['capacitor']);
    const theirs = await alice.complete({ ref: { type: 'ref/prompt', name: 'everything_completable-prompt' }, argument: { name: 'department', value: 'Eng' } });
    expect(theirs.completion.values).toContain('Engineering');
    await expect(alice.getPrompt({ name: 'bench_nope', arguments: {} })).rejects.toThrow(/bench_nope/);
  });

  it('sends a resource update only to the session that subscribed, under the URI it subscribed to', async () => {
    await alice.subscribeResource({ uri: 'bench+fixture://notes/relay' });
    await alice.subscribeResource({ uri: 'jumperless+jumperless://board/nets' });
    // bob changes things; only alice hears of it.
    expect(text(await bob.callTool({ name: 'bench_touch', arguments: { uri: 'fixture://notes/relay' } }))).toBe('updated');
    await bob.callTool({ name: 'jumperless_disconnect', arguments: { node1: 20 } });
    await until(() => aliceSeen.updated.length >= 2, 'two updates at alice');
    expect(aliceSeen.updated.sort()).toEqual(['bench+fixture://notes/relay', 'jumperless+jumperless://board/nets']);
    expect(bobSeen.updated).toEqual([]);
    await alice.unsubscribeResource({ uri: 'bench+fixture://notes/relay' });
    expect(text(await bob.callTool({ name: 'bench_touch', arguments: { uri: 'fixture://notes/relay' } }))).toBe('not subscribed');
  });

  it('forwards log messages naming their source, filtered by each session\'s level', async () => {
    await alice.setLoggingLevel('error');
    await bob.setLoggingLevel('info');
    await bob.callTool({ name: 'bench_log_something', arguments: { level: 'info', text: 'rail at 3.3 V' } });
    await bob.callTool({ name: 'bench_log_something', arguments: { level: 'error', text: 'rail collapsed' } });
    await until(() => bobSeen.logs.some((l) => l.data === 'rail collapsed') && aliceSeen.logs.some((l) => l.data === 'rail collapsed'), 'error log at both');
    expect(bobSeen.logs.filter((l) => String(l.data).startsWith('rail'))).toEqual([
      { level: 'info', logger: 'bench/bench', data: 'rail at 3.3 V' },
      { level: 'error', logger: 'bench/bench', data: 'rail collapsed' },
    ]);
    expect(aliceSeen.logs.filter((l) => String(l.data).startsWith('rail'))).toEqual([{ level: 'error', logger: 'bench/bench', data: 'rail collapsed' }]);
  });

  it('asks the calling client for sampling mid-call, and refuses clearly for a client that cannot sample', async () => {
    expect(text(await alice.callTool({ name: 'bench_ask_model', arguments: { question: 'what is six times seven?' } }))).toBe('model said: forty-two');
    expect(JSON.stringify(aliceSeen.sampled.at(-1))).toContain('what is six times seven?');
    const before = aliceSeen.sampled.length;
    const refused = await bob.callTool({ name: 'bench_ask_model', arguments: { question: 'bob asks' } });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/sampling/i);
    expect(aliceSeen.sampled.length).toBe(before); // bob's request never reached alice
  });

  it('answers a server\'s elicitation and roots requests from the calling client, and forwards roots changes', async () => {
    const elicited = await alice.callTool({ name: 'everything_trigger-elicitation-request', arguments: {} });
    expect(text(elicited)).toMatch(/red|accept/i);
    const before = JSON.parse(text(await alice.callTool({ name: 'bench_roots_seen', arguments: {} }))) as { changes: number; roots: string[] };
    expect(before.roots).toEqual(['file:///bench/alice']);
    await alice.sendRootsListChanged();
    // A notification has no reply: ask the fixture until it has heard of the change.
    let changes = before.changes;
    for (let i = 0; i < 100 && changes === before.changes; i++) {
      changes = (JSON.parse(text(await alice.callTool({ name: 'bench_roots_seen', arguments: {} }))) as { changes: number }).changes;
      if (changes === before.changes) await new Promise((r) => setTimeout(r, 100));
    }
    expect(changes).toBeGreaterThan(before.changes);
  });

  it('passes a URL elicitation to the calling client and, later, its completion to that same client', async () => {
    const r = await alice.callTool({ name: 'bench_open_link', arguments: {} });
    const id = /^accept (link-\d+)$/.exec(text(r))?.[1];
    expect(id).toBeDefined();
    await until(() => aliceSeen.completed.includes(id as string), 'notifications/elicitation/complete at alice');
  });

  it('runs a task-required tool as a task through the gateway, with namespaced task ids', async () => {
    const loose = z.object({}).passthrough();
    const created = (await alice.request(
      { method: 'tools/call', params: { name: 'everything_simulate-research-query', arguments: { topic: 'rivers' }, task: { ttl: 60_000 } } },
      loose,
    )) as { task?: { taskId: string; status: string } };
    expect(created.task?.taskId).toMatch(/^everything:/);
    const got = (await alice.request({ method: 'tasks/get', params: { taskId: created.task?.taskId } }, loose)) as { taskId: string; status: string };
    expect(got.taskId).toBe(created.task?.taskId);
    const result = await alice.request({ method: 'tasks/result', params: { taskId: created.task?.taskId } }, loose, { timeout: 60_000 });
    expect(JSON.stringify(result)).toContain('rivers');
  });
});

describe('a server\'s requests over Streamable HTTP', () => {
  it('asks the calling client during a plain call, on that call\'s stream', async () => {
    const dave = await connectRemote(daemon.urls.http as string, { capabilities: { sampling: {} } });
    try {
      dave.setRequestHandler(CreateMessageRequestSchema, async () => ({ model: 'dave-model', role: 'assistant', content: { type: 'text', text: 'over http' } }));
      expect(text(await dave.callTool({ name: 'bench_ask_model', arguments: { question: 'q' } }))).toBe('model said: over http');
    } finally {
      await dave.close();
    }
  });


  it('with no call in flight, reach the client that last used the server (roots/list after roots/list_changed)', async () => {
    let roots = [{ uri: 'file:///bench/first', name: 'first' }];
    const carol = await connectRemote(daemon.urls.http as string, { capabilities: { roots: { listChanged: true } } });
    try {
      carol.setRequestHandler(ListRootsRequestSchema, async () => ({ roots }));
      // Extra _meta sends the call down the SDK's path, whose client view is tied to the call's HTTP stream.
      const rootsOf = async () => text(await carol.callTool({ name: 'everything_get-roots-list', arguments: {}, _meta: { 'e2e/route': 'sdk' } }));
      // The child caches one roots list for its one session (alice's so far): carol's call makes her its latest user.
      expect(await rootsOf()).toContain('Current MCP Roots');
      roots = [{ uri: 'file:///bench/second', name: 'second' }];
      await carol.sendRootsListChanged();
      // server-everything asks for the roots again on its own, outside any call: carol must get that question.
      let seen = '';
      for (let i = 0; i < 100 && !seen.includes('second'); i++) {
        seen = await rootsOf();
        if (!seen.includes('second')) await new Promise((r) => setTimeout(r, 100));
      }
      expect(seen).toContain('file:///bench/second');
    } finally {
      await carol.close();
    }
  });
});

describe('capabilities of a server that has not started yet', () => {
  it('are declared from the configuration, and its prompts appear once it starts', async () => {
    const lazyCfg = writeConfig({
      mcpServers: { later: { command: process.execPath, args: [join(FIXTURES, 'surface-server.mjs')], lazy: true, ping: { intervalMs: 0 } } },
    });
    const gw = await connectSdk(lazyCfg.file, { env: { CROSSPOINT_STATE_DIR: join(lazyCfg.dir, 'state') } });
    try {
      const status = await gw.client.callTool({ name: 'crosspoint_status', arguments: {} });
      const later = (status.structuredContent as { subsystems: Array<{ name: string; state: string }> }).subsystems.find((s) => s.name === 'later');
      expect(later?.state).not.toBe('running'); // lazy: nothing spawned yet
      expect(gw.client.getServerCapabilities()).toMatchObject({ resources: { subscribe: true }, prompts: {}, completions: {}, logging: {} });
      // Listing starts a lazy server; its prompts arrive with prompts/list_changed, as its tools do with tools/list_changed.
      let announced = false;
      gw.client.setNotificationHandler(PromptListChangedNotificationSchema, () => void (announced = true));
      await gw.client.listPrompts();
      await until(() => announced, 'prompts/list_changed');
      expect((await gw.client.listPrompts()).prompts.map((p) => p.name)).toContain('later_review');
    } finally {
      await gw.close();
      lazyCfg.remove();
    }
  });
});
