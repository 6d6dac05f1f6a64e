import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { NdjsonStreamTransport } from '../src/index.js';

// The front gathers each turn's messages in one reused buffer and writes it to its output. A pipe
// copies what it takes at once, but when it is full the write waits, holding the buffer: then the
// next messages must go elsewhere. Shown with a real reader that reads nothing for a while.

const tick = () => new Promise((r) => setImmediate(r));

describe('NdjsonStreamTransport output over a real pipe', () => {
  it('delivers every message intact and in order when the pipe is full and writes have to wait', async () => {
    const reader = spawn('sh', ['-c', 'sleep 0.3; exec cat'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const t = new NdjsonStreamTransport(new PassThrough(), reader.stdin);
    await t.start();
    let text = '';
    reader.stdout.setEncoding('utf8');
    reader.stdout.on('data', (s: string) => (text += s));
    const pad = 'y'.repeat(1000);
    const total = 400; // ~400 KB: several times what a pipe holds
    for (let id = 0; id < total; id++) {
      t.sendJsonNow(JSON.stringify({ jsonrpc: '2.0', id, result: { pad } }));
      if (id % 20 === 19) await tick();
    }
    const deadline = Date.now() + 10_000;
    while (text.split('\n').length <= total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    reader.stdin.end();
    const lines = text.split('\n').filter(Boolean);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(Array.from({ length: total }, (_, id) => ({ jsonrpc: '2.0', id, result: { pad } })));
    await new Promise((r) => reader.once('exit', r));
  });
});
