import { PassThrough } from 'node:stream';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LineRing,
  NdjsonTransport,
  ServerStats,
  checkWorkingDirectory,
  parseChildServerConfig,
  parseSupervisionSettings,
  resolveCommand,
} from '@crosspoint/mcp-proxy';
import { tempDir } from './helpers.js';

describe('LineRing', () => {
  it('keeps the newest complete lines within both caps', () => {
    const r = new LineRing(3, 1000);
    r.write('a\nb\nc');
    expect(r.tail()).toEqual(['a', 'b', 'c']); // partial line shown, not yet final
    r.write('d\ne\nf\n');
    expect(r.tail()).toEqual(['cd', 'e', 'f']);
    expect(r.dropped).toBe(2);
    const small = new LineRing(100, 10);
    small.write('12345\n67890\nabc\n');
    expect(small.tail()).toEqual(['67890', 'abc']);
    expect(small.size).toBeLessThanOrEqual(10);
  });

  it('cuts an endless line instead of growing without bound', () => {
    const r = new LineRing(10, 100);
    for (let i = 0; i < 50; i++) r.write('x'.repeat(30));
    expect(r.size).toBeLessThanOrEqual(200);
    expect(r.tail().every((l) => l.length <= 100)).toBe(true);
  });
});

describe('NdjsonTransport', () => {
  async function pair() {
    const input = new PassThrough();
    const output = new PassThrough();
    const garbage: string[] = [];
    const t = new NdjsonTransport(input, output, { onGarbage: (l) => garbage.push(l), maxLineBytes: 64 });
    const got: unknown[] = [];
    t.onmessage = (m) => got.push(m);
    await t.start();
    return { t, input, output, got, garbage };
  }

  it('parses messages split across chunks and skips non-JSON-RPC lines', async () => {
    const { input, got, garbage, t } = await pair();
    input.write('{"jsonrpc":"2.0","id":1,"res');
    input.write('ult":{}}\nhello banner\r\n[1]\n{"a":1}\n\n{"jsonrpc":"2.0","method":"x"}\r\n');
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual([{ jsonrpc: '2.0', id: 1, result: {} }, { jsonrpc: '2.0', method: 'x' }]);
    expect(garbage).toEqual(['hello banner', '[1]', '{"a":1}']);
    expect(t.garbageTail()).toEqual(garbage);
  });

  it('drops an oversized line and carries on', async () => {
    const { input, got, garbage } = await pair();
    input.write('y'.repeat(100));
    input.write('y'.repeat(100) + '\n{"jsonrpc":"2.0","method":"ok"}\n');
    await new Promise((r) => setImmediate(r));
    expect(garbage[0]).toContain('dropped');
    expect(got).toEqual([{ jsonrpc: '2.0', method: 'ok' }]);
  });

  it('writes newline-delimited JSON and fires onclose once', async () => {
    const { t, output } = await pair();
    let closes = 0;
    t.onclose = () => closes++;
    await t.send({ jsonrpc: '2.0', id: 7, method: 'ping' });
    await t.send({ jsonrpc: '2.0', id: 8, method: 'ping' });
    await new Promise((r) => setImmediate(r));
    // Both messages of one turn leave in one write.
    expect(output.read().toString()).toBe('{"jsonrpc":"2.0","id":7,"method":"ping"}\n{"jsonrpc":"2.0","id":8,"method":"ping"}\n');
    await t.close();
    t.closed();
    expect(closes).toBe(1);
    await expect(t.send({ jsonrpc: '2.0', method: 'x' })).rejects.toThrow('closed');
  });
});

describe('config', () => {
  it('fills defaults and rejects unknown or bad fields with the server name', () => {
    const c = parseChildServerConfig('fs', { command: 'npx', args: ['-y', 'server-filesystem'] });
    expect(c).toMatchObject({ restart: 'permanent', timeoutMs: 60_000, maxFailures: 5, lazy: false, backoff: { baseMs: 1000, maxMs: 60_000 } });
    expect(() => parseChildServerConfig('fs', { command: '', restart: 'sometimes', colour: 'red' })).toThrow(/mcpServers\.fs: .*command/);
    let caught: unknown;
    try {
      parseChildServerConfig('fs', { command: 'x', restart: 'sometimes' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('restart') });
  });
});

describe('remote supervision settings', () => {
  it('take everything but how to spawn', () => {
    expect(parseSupervisionSettings('remote', { lazy: true })).toMatchObject({ lazy: true, restart: 'permanent', maxFailures: 5 });
    expect(() => parseSupervisionSettings('remote', { command: 'x' })).toThrow(/mcpServers\.remote/);
  });
});

describe('command and cwd checks', () => {
  it('resolves a command on PATH, or says it is not found', () => {
    const { dir, cleanup } = tempDir();
    try {
      mkdirSync(join(dir, 'bin'));
      const tool = join(dir, 'bin', 'my-server');
      writeFileSync(tool, '#!/bin/sh\n');
      chmodSync(tool, 0o755);
      writeFileSync(join(dir, 'bin', 'not-exec'), '');
      expect(resolveCommand('my-server', { PATH: `/nonexistent:${join(dir, 'bin')}` }, dir)).toBe(tool);
      expect(() => resolveCommand('uvx', { PATH: join(dir, 'bin') }, dir)).toThrow('command "uvx" not found on PATH');
      expect(() => resolveCommand('not-exec', { PATH: join(dir, 'bin') }, dir)).toThrow('not found on PATH');
      expect(resolveCommand('./bin/my-server', {}, dir)).toBe(tool);
      expect(() => checkWorkingDirectory(join(dir, 'missing'))).toThrow('does not exist');
      expect(() => checkWorkingDirectory(tool)).toThrow('not a directory');
    } finally {
      cleanup();
    }
  });
});

describe('ServerStats', () => {
  it('reports latency percentiles over a bounded window', () => {
    const s = new ServerStats();
    expect(s.latency()).toEqual({ p50: null, p99: null, samples: 0 });
    for (let i = 1; i <= 2000; i++) s.recordLatency(i % 100);
    const l = s.latency();
    expect(l.samples).toBe(1024);
    expect(l.p50).toBeGreaterThanOrEqual(45);
    expect(l.p50).toBeLessThanOrEqual(55);
    expect(l.p99).toBeGreaterThanOrEqual(97);
  });
});
