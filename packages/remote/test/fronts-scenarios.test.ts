import { ProgressNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { FRONTS, SCOPED_TOKEN, connectClient, startRig, textOf, waitFor, type Rig } from './helpers.js';

// The same end-to-end scenarios over every front, with real sockets on loopback.
describe.each(FRONTS)('%s front', (front) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(async () => {
    await rig.fronts.close();
  });

  it('lists tools and calls one', async () => {
    const c = await connectClient(rig, front);
    try {
      const { tools } = await c.client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['ask_client', 'echo', 'meter_read', 'relay_set', 'slow']);
      const result = await c.client.callTool({ name: 'echo', arguments: { text: `hello over ${front}` } });
      expect(textOf(result)).toBe(`hello over ${front}`);
    } finally {
      await c.close();
    }
  });

  it('carries server-to-client requests (roots/list) both ways', async () => {
    const c = await connectClient(rig, front);
    try {
      expect(textOf(await c.client.callTool({ name: 'ask_client', arguments: {} }))).toBe(`file:///bench/${front}`);
    } finally {
      await c.close();
    }
  });

  it('relays progress notifications', async () => {
    const c = await connectClient(rig, front);
    try {
      const seen: number[] = [];
      const result = await c.client.callTool({ name: 'slow', arguments: { steps: 3, delayMs: 5 } }, undefined, {
        onprogress: (p) => seen.push(p.progress),
      });
      expect(textOf(result)).toBe('done 3');
      // The SDK may drop the last progress when it shares a chunk with the result (toolchain notes).
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(seen.slice(0, 2)).toEqual([1, 2]);
      void ProgressNotificationSchema;
    } finally {
      await c.close();
    }
  });

  it('cancels a call: the server-side abort signal fires and nothing stays in flight', async () => {
    const c = await connectClient(rig, front);
    try {
      const abortedBefore = rig.fixture.aborted();
      const ac = new AbortController();
      const call = c.client.callTool({ name: 'slow', arguments: { steps: 1000, delayMs: 50 } }, undefined, { signal: ac.signal });
      await rig.fixture.waitForInFlight(1);
      ac.abort();
      await expect(call).rejects.toThrow();
      await rig.fixture.waitForInFlight(0);
      expect(rig.fixture.aborted()).toBe(abortedBefore + 1);
    } finally {
      await c.close();
    }
  });

  it('delivers tools/list_changed to every session, two at once', async () => {
    const a = await connectClient(rig, front);
    const b = await connectClient(rig, front);
    try {
      const [ra, rb] = await Promise.all([
        a.client.callTool({ name: 'echo', arguments: { text: 'a' } }),
        b.client.callTool({ name: 'echo', arguments: { text: 'b' } }),
      ]);
      expect([textOf(ra), textOf(rb)]).toEqual(['a', 'b']);
      await rig.fixture.triggerListChanged();
      await waitFor(() => a.listChanged() >= 1 && b.listChanged() >= 1, 'list_changed on both sessions');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a scoped token sees and calls only its tools', async () => {
    const c = await connectClient(rig, front, SCOPED_TOKEN);
    try {
      const { tools } = await c.client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['echo', 'meter_read']);
      expect(textOf(await c.client.callTool({ name: 'meter_read', arguments: {} }))).toBe('3.30');
      const denied = await c.client.callTool({ name: 'relay_set', arguments: { on: true } });
      expect(denied.isError).toBe(true);
      expect(rig.fixture.opened.at(-1)?.allowTools).toEqual(['meter_*', 'echo']);
    } finally {
      await c.close();
    }
  });

  it.each([
    ['missing', null],
    ['wrong', 'not-the-token'],
  ])('a %s token is refused and no session is created', async (_what, token) => {
    const openedBefore = rig.fixture.opened.length;
    await expect(connectClient(rig, front, token).then((c) => c.close())).rejects.toThrow(front === 'tcp' ? /UNAUTHORIZED|valid token|refused/ : /401|UNAUTHORIZED|token/);
    expect(rig.fixture.opened.length).toBe(openedBefore);
  });

  it('closing the client ends its session on the gateway', async () => {
    const c = await connectClient(rig, front);
    await c.client.listTools();
    const before = rig.fixture.sessionCount();
    await c.close();
    await waitFor(() => rig.fixture.sessionCount() === before - 1, 'session to end');
  });
});
