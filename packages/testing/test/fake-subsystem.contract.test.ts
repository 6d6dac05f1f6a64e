import { FakeSubsystem, runSubsystemContract } from '@crosspoint/testing';

runSubsystemContract('FakeSubsystem', async () => ({
  subsystem: new FakeSubsystem({ name: 'fake' }),
  okCall: { tool: 'echo', args: { text: 'hi' } },
  invalidCall: { tool: 'echo', args: { text: 42 } },
  slowCall: { tool: 'sleep', args: { ms: 2000 } },
}));

describe('FakeSubsystem', () => {
  it('emits toolsChanged on setTools and validates the new descriptors', () => {
    const s = new FakeSubsystem();
    let changes = 0;
    s.on('toolsChanged', () => changes++);
    s.setTools([{ descriptor: { name: 'only', description: '', inputSchema: { type: 'object' } }, handler: () => 1 }]);
    expect(changes).toBe(1);
    expect(s.tools().map((t) => t.name)).toEqual(['only']);
    expect(() => s.setTools([{ descriptor: { name: 'Bad-Name', description: '', inputSchema: { type: 'object' } }, handler: () => 1 }])).toThrow(
      /tool "Bad-Name"/,
    );
  });

  it('times out a slow call with TOOL_TIMEOUT and reports progress', async () => {
    const s = new FakeSubsystem();
    await s.connect();
    const progress: number[] = [];
    await expect(s.invoke('sleep', { ms: 40 }, { onProgress: (p) => progress.push(p.progress) })).resolves.toEqual({ slept: 40 });
    expect(progress).toEqual([1, 2, 3, 4]);
    await expect(s.invoke('sleep', { ms: 1000 }, { timeoutMs: 20 })).rejects.toMatchObject({ code: 'TOOL_TIMEOUT' });
    await s.shutdown();
  });
});
