import { Duplex, PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ListRootsRequestSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { isCrosspointError } from '@crosspoint/core';
import { NdjsonSocketTransport, RPC_LINK_DOWN, createFixtureSessions, runStdioBridge, startFronts, type FixtureSessions, type RunningFronts, type StdioBridge } from '@crosspoint/remote';
import { startCutProxy } from './cut-proxy.js';
import { FRONTS, TOKEN, textOf, waitFor, type FrontName } from './helpers.js';

/** An IDE: an SDK client speaking NDJSON over a pair of pipes to the bridge's stdin/stdout. */
function startIde(url: string, options: Parameters<typeof runStdioBridge>[1] = {}) {
  const ideToBridge = new PassThrough();
  const bridgeToIde = new PassThrough();
  const bridge = runStdioBridge(url, { stdin: ideToBridge, stdout: bridgeToIde, backoff: { initialMs: 50, maxMs: 300 }, ...options });
  const client = new Client({ name: 'ide', version: '1.0.0' }, { capabilities: { roots: {} } });
  client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: [{ uri: 'file:///ide/project', name: 'project' }] }));
  let listChanged = 0;
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    listChanged++;
  });
  const pipes = Duplex.from({ readable: bridgeToIde, writable: ideToBridge });
  const transport = new NdjsonSocketTransport(pipes);
  const stop = async (): Promise<void> => {
    ideToBridge.end(); // the IDE quits: stdin ends
    await bridge.done.catch(() => undefined);
    pipes.destroy(); // the bridge no longer reads its stdin, so the pipes cannot drain: drop them
    await client.close().catch(() => undefined);
  };
  return { bridge, client, transport, listChanged: () => listChanged, stop };
}

async function startGateway(front: FrontName, port = 0): Promise<{ fixture: FixtureSessions; fronts: RunningFronts }> {
  const fixture = createFixtureSessions();
  const fronts = await startFronts({ connectSession: fixture.connectSession, [front]: { port }, tokens: [{ token: TOKEN }] });
  return { fixture, fronts };
}

describe('runStdioBridge', () => {
  it('carries calls, progress, cancellation and list_changed over WebSocket, and survives a gateway restart', async () => {
    let gw = await startGateway('ws');
    const url = gw.fronts.urls.ws!;
    const port = gw.fronts.ws!.port;
    const ide = startIde(url, { token: TOKEN });
    try {
      await ide.client.connect(ide.transport);
      expect((await ide.client.listTools()).tools.map((t) => t.name)).toContain('slow');
      expect(textOf(await ide.client.callTool({ name: 'echo', arguments: { text: 'via bridge' } }))).toBe('via bridge');
      // A request from the gateway to the IDE (roots/list) and its answer pass through too.
      expect(textOf(await ide.client.callTool({ name: 'ask_client', arguments: {} }))).toBe('file:///ide/project');

      const progress: number[] = [];
      await ide.client.callTool({ name: 'slow', arguments: { steps: 3, delayMs: 5 } }, undefined, { onprogress: (p) => progress.push(p.progress) });
      expect(progress.slice(0, 2)).toEqual([1, 2]);

      const ac = new AbortController();
      const cancelled = ide.client.callTool({ name: 'slow', arguments: { steps: 10_000, delayMs: 50 } }, undefined, { signal: ac.signal });
      await gw.fixture.waitForInFlight(1);
      ac.abort();
      await expect(cancelled).rejects.toThrow();
      await gw.fixture.waitForInFlight(0);
      expect(gw.fixture.aborted()).toBe(1);

      await gw.fixture.triggerListChanged();
      await waitFor(() => ide.listChanged() === 1, 'list_changed relayed');

      // The gateway goes away mid-call: the call fails with a clear error, it does not hang.
      const inflight = ide.client.callTool({ name: 'slow', arguments: { steps: 10_000, delayMs: 50 } });
      await gw.fixture.waitForInFlight(1);
      await gw.fronts.close();
      await expect(inflight).rejects.toThrow(/dropped|may or may not have run/);
      await inflight.catch((err: { code?: number }) => expect(err.code).toBe(RPC_LINK_DOWN));
      expect(ide.bridge.state()).toBe('connecting');

      // Same port again: the bridge re-initialises and tells the IDE to list again.
      gw = await startGateway('ws', port);
      await waitFor(() => ide.listChanged() === 2, 'list_changed after reconnect');
      expect(ide.bridge.state()).toBe('up');
      expect(gw.fixture.opened).toHaveLength(1);
      expect(textOf(await ide.client.callTool({ name: 'echo', arguments: { text: 'back' } }))).toBe('back');
      // The replayed initialize carried the IDE's capabilities: the new session can ask it for roots.
      expect(textOf(await ide.client.callTool({ name: 'ask_client', arguments: {} }))).toBe('file:///ide/project');
    } finally {
      await ide.stop();
      await gw.fronts.close();
    }
    expect(ide.bridge.state()).toBe('closed');
    expect(gw.fixture.sessionCount()).toBe(0);
  });

  it.each(FRONTS.filter((f) => f !== 'ws'))('works over %s, including a restart', async (front) => {
    let gw = await startGateway(front);
    const port = (front === 'tcp' ? gw.fronts.tcp : gw.fronts.http)!.port;
    const ide = startIde(gw.fronts.urls[front]!, { token: TOKEN });
    try {
      await ide.client.connect(ide.transport);
      expect(textOf(await ide.client.callTool({ name: 'echo', arguments: { text: front } }))).toBe(front);
      await gw.fronts.close();
      gw = await startGateway(front, port);
      // TCP notices the drop at once; HTTP when its event stream fails to resume. Either way the
      // bridge re-makes the link on its own and says so.
      await waitFor(() => ide.listChanged() >= 1, 'list_changed after reconnect');
      expect(textOf(await ide.client.callTool({ name: 'echo', arguments: { text: 'again' } }))).toBe('again');
    } finally {
      await ide.stop();
      await gw.fronts.close();
    }
  });

  it.each(FRONTS)('%s: a link cut mid-call fails that call at once and the next call goes through', async (front) => {
    const gw = await startGateway(front);
    const target = new URL(gw.fronts.urls[front]!);
    const proxy = await startCutProxy(Number(target.port));
    target.port = String(proxy.port);
    const ide = startIde(target.href, { token: TOKEN });
    try {
      await ide.client.connect(ide.transport);
      const inflight = ide.client.callTool({ name: 'slow', arguments: { steps: 10_000, delayMs: 50 } });
      await gw.fixture.waitForInFlight(1);
      proxy.cut();
      await inflight.catch((err: { code?: number }) => expect(err.code).toBe(RPC_LINK_DOWN));
      await expect(inflight).rejects.toThrow(/may or may not have run/);
      // The gateway cancelled the orphaned call (its session ended: socket gone, or DELETE over HTTP).
      await gw.fixture.waitForInFlight(0);
      expect(gw.fixture.aborted()).toBe(1);
      expect(textOf(await ide.client.callTool({ name: 'echo', arguments: { text: 'after the cut' } }))).toBe('after the cut');
      await waitFor(() => ide.listChanged() >= 1, 'list_changed after reconnect');
    } finally {
      await ide.stop();
      await proxy.close();
      await gw.fronts.close();
    }
  });

  it.each(FRONTS)('%s: a call made while the gateway is down waits and goes through once it is back', async (front) => {
    let gw = await startGateway(front);
    const port = gw.fronts[front]!.port;
    const ide = startIde(gw.fronts.urls[front]!, { token: TOKEN, pendingTimeoutMs: 20_000 });
    try {
      await ide.client.connect(ide.transport);
      await gw.fronts.close();
      const call = ide.client.callTool({ name: 'echo', arguments: { text: 'held' } });
      await new Promise((r) => setTimeout(r, 300)); // the gateway stays down a moment
      gw = await startGateway(front, port);
      expect(textOf(await call)).toBe('held');
    } finally {
      await ide.stop();
      await gw.fronts.close();
    }
  });

  it('a request held across failing HTTP sends still fails at its deadline', async () => {
    const gw = await startGateway('http');
    const url = gw.fronts.urls.http!;
    const ide = startIde(url, { token: TOKEN, pendingTimeoutMs: 500 });
    try {
      await ide.client.connect(ide.transport);
      await gw.fronts.close(); // and it never comes back
      const started = Date.now();
      await expect(ide.client.callTool({ name: 'echo', arguments: { text: 'x' } })).rejects.toThrow(/unreachable/);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await ide.stop();
    }
  });

  it.each(FRONTS)('%s: a refused token ends the bridge with UNAUTHORIZED and fails the IDE request, without retrying', async (front) => {
    const gw = await startGateway(front);
    const ide = startIde(gw.fronts.urls[front]!, { token: 'wrong' });
    try {
      // Over HTTP the refusal shows only when the IDE's first request is posted.
      const connecting = ide.client.connect(ide.transport);
      const err = await ide.bridge.done.then(() => undefined, (e: unknown) => e);
      expect(isCrosspointError(err, 'UNAUTHORIZED')).toBe(true);
      expect(ide.bridge.state()).toBe('refused');
      // The IDE's initialize is answered with the reason rather than left hanging.
      await expect(connecting).rejects.toThrow(/401|token/);
      expect(gw.fixture.opened).toHaveLength(0);
    } finally {
      await ide.stop();
      await gw.fronts.close();
    }
  });

  it('a request waiting for an unreachable remote fails after pendingTimeoutMs instead of hanging', async () => {
    const gw = await startGateway('ws');
    const url = gw.fronts.urls.ws!;
    await gw.fronts.close();
    const ide = startIde(url, { pendingTimeoutMs: 300 });
    try {
      await expect(ide.client.connect(ide.transport)).rejects.toThrow(/unreachable/);
      expect(ide.bridge.state()).toBe('connecting');
    } finally {
      await ide.stop();
    }
  });
});
