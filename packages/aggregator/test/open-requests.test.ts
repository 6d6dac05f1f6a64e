import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { OpenRequestsTransport } from '../src/front/open-requests.js';

async function pair() {
  const [client, server] = InMemoryTransport.createLinkedPair();
  const tracked = new OpenRequestsTransport(server);
  const seen: JSONRPCMessage[] = [];
  tracked.onmessage = (m) => void seen.push(m);
  await tracked.start();
  await client.start();
  return { client, tracked, seen };
}

describe('OpenRequestsTransport', () => {
  it("knows a client's request is open until it is answered, and passes every message through", async () => {
    const { client, tracked, seen } = await pair();
    await client.send({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'x' } });
    await client.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    expect(seen).toHaveLength(2);
    expect(tracked.isOpen(7)).toBe(true);
    await tracked.send({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } });
    expect(tracked.isOpen(7)).toBe(true); // a notification answers nothing
    await tracked.send({ jsonrpc: '2.0', id: 7, result: {} });
    expect(tracked.isOpen(7)).toBe(false);
  });

  it('forgets a request the client cancelled (it gets no answer) and everything when the session closes', async () => {
    const { client, tracked } = await pair();
    await client.send({ jsonrpc: '2.0', id: 'a', method: 'tools/call', params: { name: 'x' } });
    await client.send({ jsonrpc: '2.0', id: 'b', method: 'tools/call', params: { name: 'y' } });
    await client.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'a' } });
    expect(tracked.isOpen('a')).toBe(false);
    expect(tracked.isOpen('b')).toBe(true);
    await client.close();
    expect(tracked.isOpen('b')).toBe(false);
  });

  it("does not take the client's answers to the server's own questions for requests", async () => {
    const { client, tracked } = await pair();
    await client.send({ jsonrpc: '2.0', id: 3, result: { roots: [] } });
    expect(tracked.isOpen(3)).toBe(false);
  });
});
