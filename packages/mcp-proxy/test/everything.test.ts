import { createChildServerSubsystem, type McpSessionSubsystem } from '@crosspoint/mcp-proxy';
import type { ProgressUpdate } from '@crosspoint/core';
import { everythingEntry, rejectionOf, textOf } from './helpers.js';

// server-everything is the reference downstream: every protocol feature, from the MCP project.
describe('server-everything behind the proxy', () => {
  let s: McpSessionSubsystem;
  beforeAll(async () => {
    s = createChildServerSubsystem(
      'everything',
      { command: process.execPath, args: [everythingEntry(), 'stdio'], ping: { intervalMs: 0 }, stop: { graceMs: 300, termGraceMs: 1000 } },
      { baseEnv: process.env, baseDir: __dirname },
    );
    await s.connect();
  }, 30_000);
  afterAll(() => s.shutdown(), 30_000);

  it('lists its tools with their schemas and keeps its server info for status', async () => {
    const names = s.tools().map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['echo', 'get-sum', 'trigger-long-running-operation']));
    const sum = s.tools().find((t) => t.name === 'get-sum');
    expect(sum?.inputSchema).toMatchObject({ type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } });
    const h = await s.healthCheck();
    expect(h.state).toBe('running');
    expect(h.details?.['serverInfo']).toMatchObject({ name: expect.stringContaining('everything') });
    expect(h.details?.['capabilities']).toHaveProperty('tools');
  });

  it('forwards echo and get-sum and returns their results untouched', async () => {
    expect(textOf(await s.invoke('echo', { message: 'hello bench' }))).toBe('Echo: hello bench');
    expect(textOf(await s.invoke('get-sum', { a: 19, b: 23 }))).toBe('The sum of 19 and 23 is 42.');
  });

  it('delivers the long-running tool progress through onProgress', async () => {
    const seen: ProgressUpdate[] = [];
    const out = await s.invoke('trigger-long-running-operation', { duration: 1, steps: 4 }, { onProgress: (p) => seen.push(p) });
    expect(textOf(out)).toContain('Long running operation completed');
    // The SDK may drop the last notification when it shares a chunk with the result.
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen[0]).toEqual({ progress: 1, total: 4 });
    expect(seen.map((p) => p.progress)).toEqual([...seen.map((p) => p.progress)].sort((a, b) => a - b));
  }, 20_000);

  it('keeps a progressing call alive past its timeout, and times out a silent one', async () => {
    const out = await s.invoke('trigger-long-running-operation', { duration: 2, steps: 8 }, { timeoutMs: 1000, onProgress: () => {} });
    expect(textOf(out)).toContain('completed');
    const err = await rejectionOf(s.invoke('trigger-long-running-operation', { duration: 2, steps: 1 }, { timeoutMs: 300 }));
    expect(err.code).toBe('TOOL_TIMEOUT');
    expect((await s.healthCheck()).details?.['timeouts']).toBe(1);
  }, 20_000);
});
