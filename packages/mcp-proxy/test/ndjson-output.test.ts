import { spawn } from 'node:child_process';
import { NdjsonTransport } from '../src/ndjson-transport.js';

// The transport gathers each turn's lines in one reused buffer and writes it to the pipe. A pipe
// copies what it takes at once, but when it is full the write waits, holding the buffer: then the
// next lines must go elsewhere. Shown with a real child that reads nothing for a while (its pipe
// fills), then echoes every line back.

const tick = () => new Promise((r) => setImmediate(r));

describe('NdjsonTransport output over a real pipe', () => {
  it('delivers every line intact and in order when the pipe is full and writes have to wait', async () => {
    const child = spawn('sh', ['-c', 'sleep 0.3; exec cat'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const transport = new NdjsonTransport(child.stdout, child.stdin);
    const received: unknown[] = [];
    transport.onmessage = (m) => received.push(m);
    await transport.start();
    const pad = 'x'.repeat(1000);
    const total = 400; // ~400 KB: several times what a pipe holds
    for (let n = 0; n < total; n++) {
      transport.sendText(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { n, pad } })}\n`);
      if (n % 20 === 19) await tick(); // a write per turn, most of them while the pipe is full
    }
    const deadline = Date.now() + 10_000;
    while (received.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.stdin.end();
    expect(received).toHaveLength(total);
    expect(received.map((m) => (m as { params: { n: number; pad: string } }).params)).toEqual(Array.from({ length: total }, (_, n) => ({ n, pad })));
    await new Promise((r) => child.once('exit', r));
  });
});
