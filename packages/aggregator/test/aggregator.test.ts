import { CrosspointError, isCrosspointError } from '@crosspoint/core';
import { FakeSubsystem, defaultFakeTools } from '@crosspoint/testing';
import { CallCancellation } from '../src/cancellation.js';
import { FederationAggregator, type GatewayStatus, isRestartable } from '../src/index.js';
import { BrokenSubsystem, memoryLogger, rejection, schema, tool, until } from './helpers.js';

const aggregators: FederationAggregator[] = [];
function gateway(options: ConstructorParameters<typeof FederationAggregator>[0] = {}): FederationAggregator {
  const g = new FederationAggregator({ listChangedDebounceMs: 20, ...options });
  aggregators.push(g);
  return g;
}
afterEach(async () => {
  await Promise.all(aggregators.splice(0).map((g) => g.shutdown()));
});

describe('FederationAggregator registration and routing', () => {
  it('lists every subsystem under its prefix and routes calls to the owner', async () => {
    const g = gateway();
    const a = new FakeSubsystem({ name: 'alpha' });
    const b = new FakeSubsystem({ name: 'beta' });
    g.register(a);
    g.register(b, { prefix: 'bravo' });
    await g.start();
    const wire = g.catalog().tools.map((t) => t.name);
    expect(wire).toEqual(expect.arrayContaining(['alpha_echo', 'bravo_echo', 'bravo_add', 'crosspoint_status', 'crosspoint_restart']));
    expect(g.tools().map((t) => t.name)).toContain('bravo.add');
    await expect(g.invoke('bravo.add', { a: 2, b: 3 })).resolves.toEqual({ sum: 5 });
    expect(b.calls).toEqual([{ tool: 'add', args: { a: 2, b: 3 } }]);
    expect(a.calls).toEqual([]);
  });

  it('rejects a duplicate prefix and an invalid prefix without changing anything', () => {
    const g = gateway();
    g.register(new FakeSubsystem({ name: 'alpha' }));
    expect(() => g.register(new FakeSubsystem({ name: 'alpha' }))).toThrow(expect.objectContaining({ code: 'DUPLICATE_PREFIX' }));
    expect(() => g.register(new FakeSubsystem({ name: 'x' }), { prefix: 'Bad-Prefix' })).toThrow(expect.objectContaining({ code: 'INVALID_NAME' }));
    expect(() => g.register(new FakeSubsystem({ name: 'x' }), { prefix: 'crosspoint' })).toThrow(expect.objectContaining({ code: 'DUPLICATE_PREFIX' }));
    expect(g.prefixes()).toEqual(['crosspoint', 'alpha']);
  });

  it('resolves wire collisions through the wire map and routes both tools correctly', async () => {
    const g = gateway();
    g.register(new FakeSubsystem({ name: 'a_b', naming: 'proxied', tools: [tool('c')] }));
    g.register(new FakeSubsystem({ name: 'a', naming: 'proxied', tools: [tool('b_c')] }));
    await g.start();
    const c = g.catalog();
    const first = c.byInternal.get('a.b_c');
    const second = c.byInternal.get('a_b.c');
    expect(first?.wire).toBe('a_b_c');
    expect(second?.wire).toMatch(/^a_b_c_[a-z0-9]+$/);
    expect(c.report.collisions).toHaveLength(1);
    await expect(g.invoke('a.b_c', {})).resolves.toEqual({ from: 'b_c' });
    await expect(g.invoke('a_b.c', {})).resolves.toEqual({ from: 'c' });
  });

  it('uses the dot wire style and a shorter name budget when configured', async () => {
    const g = gateway({ wireFormat: { style: 'dot', maxLength: 20 } });
    g.register(new FakeSubsystem({ name: 'alpha', tools: [tool('echo'), tool('a_rather_long_tool_name')] }));
    await g.start();
    const c = g.catalog();
    expect(c.byInternal.get('alpha.echo')?.wire).toBe('alpha.echo');
    const long = c.byInternal.get('alpha.a_rather_long_tool_name');
    expect(long?.wire.length).toBeLessThanOrEqual(20);
    expect(c.report.shortened).toEqual([{ internal: 'alpha.a_rather_long_tool_name', wire: long?.wire }]);
    await expect(g.invoke('alpha.a_rather_long_tool_name', {})).resolves.toEqual({ from: 'a_rather_long_tool_name' });
  });

  it('filters tools with allow and deny globs, deny winning', async () => {
    const g = gateway();
    const tools = ['dac_set', 'dac_get', 'adc_read', 'nets_clear'].map((n) => tool(n));
    g.register(new FakeSubsystem({ name: 'board', tools }), { tools: { allow: ['dac_*', 'adc_*'], deny: ['*_get'] } });
    await g.start();
    const names = g.catalog().entries.filter((e) => e.prefix === 'board').map((e) => e.tool);
    expect(names.sort()).toEqual(['adc_read', 'dac_set']);
    expect(isCrosspointError(await rejection(g.invoke('board.nets_clear', {})), 'TOOL_NOT_FOUND')).toBe(true);
  });

  it('skips an invalid tool with a warning and keeps the rest', async () => {
    const logger = memoryLogger();
    const g = gateway({ logger });
    const s = new FakeSubsystem({ name: 'mixed' });
    // Bypass FakeSubsystem's own validation to simulate a downstream sending a bad descriptor.
    const good = s.tools();
    jest.spyOn(s, 'tools').mockReturnValue([...good, { name: 'bad tool!', description: 'x', inputSchema: { type: 'array' } } as never]);
    g.register(s);
    await g.start();
    expect(g.catalog().entries.filter((e) => e.prefix === 'mixed')).toHaveLength(good.length);
    expect(logger.lines.some((l) => l.startsWith('warn: mixed: skipping an invalid tool') && l.includes('bad tool!'))).toBe(true);
  });

  it('applies per-tool timeouts and a subsystem default, enforced by the gateway', async () => {
    const g = gateway();
    const hang = () => new Promise(() => undefined);
    const s = new FakeSubsystem({ name: 'slow', tools: [tool('stuck', 'Never answers.', hang), tool('quick_stuck', 'Never answers.', hang)] });
    // A subsystem that ignores timeouts and signals entirely:
    jest.spyOn(s, 'invoke').mockImplementation(() => new Promise(() => undefined));
    g.register(s, { timeouts: { quick_stuck: 50 }, timeoutMs: 150 });
    await g.start();
    const t0 = Date.now();
    const quick = await rejection(g.invoke('slow.quick_stuck', {}));
    expect(isCrosspointError(quick, 'TOOL_TIMEOUT')).toBe(true);
    expect((quick as Error).message).toContain('50 ms');
    const other = await rejection(g.invoke('slow.stuck', {}));
    expect((other as Error).message).toContain('150 ms');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
  });

  it('cancels a call when the caller aborts', async () => {
    const g = gateway();
    g.register(new FakeSubsystem({ name: 'f' }));
    await g.start();
    const ac = new AbortController();
    const call = g.invoke('f.sleep', { ms: 5000 }, { signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    expect(isCrosspointError(await rejection(call), 'CANCELLED')).toBe(true);
  });

  it('cancels through a CallCancellation: the subsystem sees its hook fire and its signal abort', async () => {
    const g = gateway();
    const s = new FakeSubsystem({ name: 'f' });
    const seen: Array<{ signal?: AbortSignal; cancellation?: CallCancellation }> = [];
    jest.spyOn(s, 'invoke').mockImplementation((_tool, _args, options) => {
      seen.push(options as (typeof seen)[number]);
      return new Promise(() => undefined);
    });
    g.register(s);
    await g.start();
    const cancellation = new CallCancellation();
    const call = g.invoke('f.sleep', { ms: 5000 }, { cancellation });
    await until(() => seen.length === 1);
    const forwarded = seen[0] as (typeof seen)[number];
    let hookFired: unknown;
    forwarded.cancellation?.onAbort((reason) => (hookFired = reason ?? 'fired'));
    cancellation.abort('user gave up');
    expect(isCrosspointError(await rejection(call), 'CANCELLED')).toBe(true);
    expect(hookFired).toBe('fired');
    expect(forwarded.signal?.aborted).toBe(true); // made lazily, already aborted
  });

  it('aborts the subsystem\'s signal when the gateway\'s deadline passes', async () => {
    const g = gateway();
    const s = new FakeSubsystem({ name: 'f' });
    let signal: AbortSignal | undefined;
    jest.spyOn(s, 'invoke').mockImplementation((_tool, _args, options) => {
      signal = options?.signal; // read up front, as most subsystems do
      return new Promise(() => undefined);
    });
    g.register(s, { timeoutMs: 50 });
    await g.start();
    expect(isCrosspointError(await rejection(g.invoke('f.sleep', {})), 'TOOL_TIMEOUT')).toBe(true);
    expect(signal?.aborted).toBe(true);
  });

  it('forwards progress', async () => {
    const g = gateway();
    g.register(new FakeSubsystem({ name: 'f' }));
    await g.start();
    const seen: number[] = [];
    await g.invoke('f.sleep', { ms: 20 }, { onProgress: (u) => seen.push(u.progress) });
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('restarts the deadline on each progress report, but only for a caller that listens for progress', async () => {
    const g = gateway();
    const s = new FakeSubsystem({ name: 'f' });
    // 2.4 s of work reporting every 0.6 s, with no deadline of its own: past the gateway's 1.5 s, never 1.5 s silent.
    jest.spyOn(s, 'invoke').mockImplementation(async (_tool, _args, options) => {
      for (let i = 1; i <= 4; i++) {
        await new Promise((r) => setTimeout(r, 600));
        options?.onProgress?.({ progress: i, total: 4 });
      }
      return { slept: 2400 };
    });
    g.register(s, { timeoutMs: 1500 });
    await g.start();
    const seen: number[] = [];
    await expect(g.invoke('f.sleep', { ms: 2400 }, { onProgress: (u) => seen.push(u.progress) })).resolves.toEqual({ slept: 2400 });
    expect(seen).toEqual([1, 2, 3, 4]);
    const silent = await rejection(g.invoke('f.sleep', { ms: 2400 }));
    expect(isCrosspointError(silent, 'TOOL_TIMEOUT')).toBe(true);
  }, 20_000);
});

describe('FederationAggregator as a Subsystem', () => {
  it('nests: an inner gateway registered in an outer one is listed and routed under both prefixes', async () => {
    const inner = new FederationAggregator({ name: 'lab', gatewayTools: false });
    const meter = new FakeSubsystem({ name: 'meter' });
    inner.register(meter);
    const outer = gateway();
    outer.register(inner);
    await outer.start();
    expect(outer.catalog().byWire.get('lab_meter_add')?.internal).toBe('lab.meter.add');
    await expect(outer.invoke('lab.meter.add', { a: 1, b: 1 })).resolves.toEqual({ sum: 2 });
    expect(meter.calls).toEqual([{ tool: 'add', args: { a: 1, b: 1 } }]);
  });

  it('connects a subsystem registered after start', async () => {
    const g = gateway();
    await g.start();
    const late = new FakeSubsystem({ name: 'late' });
    const up = new Promise((resolve) => late.once('healthChanged', resolve));
    g.register(late);
    await expect(up).resolves.toMatchObject({ state: 'running' });
    await expect(g.invoke('late.echo', { text: 'hi' })).resolves.toEqual({ text: 'hi' });
  });
});

describe('FederationAggregator catalog changes', () => {
  it('re-emits several subsystem changes as one debounced toolsChanged', async () => {
    const g = gateway({ listChangedDebounceMs: 50 });
    const a = new FakeSubsystem({ name: 'a' });
    const b = new FakeSubsystem({ name: 'b' });
    g.register(a);
    g.register(b);
    await g.start();
    await new Promise((r) => setTimeout(r, 120));
    let count = 0;
    g.on('toolsChanged', () => count++);
    a.setTools([tool('one')]);
    b.setTools([tool('two')]);
    a.setTools([tool('one'), tool('three')]);
    await until(() => count > 0);
    await new Promise((r) => setTimeout(r, 150));
    expect(count).toBe(1);
    expect(g.catalog().tools.map((t) => t.name)).toEqual(expect.arrayContaining(['a_one', 'a_three', 'b_two']));
  });

  it('does not announce a change when the content is the same', async () => {
    const g = gateway();
    const a = new FakeSubsystem({ name: 'a' });
    g.register(a);
    await g.start();
    await new Promise((r) => setTimeout(r, 80));
    const version = g.catalog().version;
    let count = 0;
    g.on('toolsChanged', () => count++);
    a.setTools(a.tools().map((descriptor) => ({ descriptor, handler: () => 1 })));
    await new Promise((r) => setTimeout(r, 100));
    expect(count).toBe(0);
    expect(g.catalog().version).toBe(version);
  });

  it('serves the same cached catalog object until something changes', async () => {
    const g = gateway();
    g.register(new FakeSubsystem({ name: 'a' }));
    await g.start();
    expect(g.catalog()).toBe(g.catalog());
  });
});

describe('FederationAggregator down-subsystem policy, start, status', () => {
  it('starts subsystems in parallel; one failing affects only itself and keeps its tools listed', async () => {
    const g = gateway();
    g.register(new FakeSubsystem({ name: 'good' }));
    g.register(new BrokenSubsystem({ name: 'broken' }));
    const summary = await g.start({ deadlineMs: 5000 });
    expect(summary.running).toEqual(['good']);
    expect(summary.failed).toEqual([{ name: 'broken', reason: 'exited with code 1 before answering' }]);
    expect(summary.text).toBe('1 running, 1 failed: broken (exited with code 1 before answering)');
    expect(g.catalog().tools.map((t) => t.name)).toContain('broken_echo');
    const err = await rejection(g.invoke('broken.echo', { text: 'x' }));
    expect(isCrosspointError(err, 'SUBSYSTEM_UNAVAILABLE')).toBe(true);
    expect((err as Error).message).toContain('crosspoint_restart');
    await expect(g.invoke('good.echo', { text: 'x' })).resolves.toEqual({ text: 'x' });
  });

  it('keeps a subsystem tools listed when it goes down at run time and answers SUBSYSTEM_UNAVAILABLE', async () => {
    const g = gateway();
    const s = new FakeSubsystem({ name: 'flaky' });
    g.register(s);
    await g.start();
    s.setState('unreachable');
    s.setTools([]); // a proxy that lost its downstream reports no tools
    await new Promise((r) => setTimeout(r, 60));
    expect(g.catalog().tools.map((t) => t.name)).toContain('flaky_echo');
    const err = await rejection(g.invoke('flaky.echo', { text: 'x' }));
    expect(isCrosspointError(err, 'SUBSYSTEM_UNAVAILABLE')).toBe(true);
    s.setState('running');
    await new Promise((r) => setTimeout(r, 20));
    s.setTools([tool('echo', 'back', (a) => a)]);
    await new Promise((r) => setTimeout(r, 60));
    await expect(g.invoke('flaky.echo', { text: 'y' })).resolves.toEqual({ text: 'y' });
  });

  it('start resolves at the deadline; tools arriving later are announced by one catalog change', async () => {
    const g = gateway();
    // Like a proxy: no tools until its downstream answers.
    const slow = new FakeSubsystem({ name: 'slow', tools: [] });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const connect = slow.connect.bind(slow);
    jest.spyOn(slow, 'connect').mockImplementation(async () => {
      await gate;
      await connect();
      slow.setTools(defaultFakeTools());
    });
    g.register(slow);
    const summary = await g.start({ deadlineMs: 50 });
    expect(summary.pending).toEqual(['slow']);
    expect(summary.text).toBe('0 running, 1 still starting: slow');
    await expect(g.whenReady()).resolves.toBeUndefined();
    await new Promise((r) => setTimeout(r, 60));
    let changed = 0;
    g.on('toolsChanged', () => changed++);
    expect(g.catalog().tools.map((t) => t.name)).not.toContain('slow_echo');
    release();
    await until(() => changed > 0);
    expect(g.catalog().tools.map((t) => t.name)).toContain('slow_echo');
    await expect(g.invoke('slow.echo', { text: 'late' })).resolves.toEqual({ text: 'late' });
  });

  it('records recent errors per subsystem in a bounded ring and reports them in crosspoint.status', async () => {
    const g = gateway({ version: '9.9.9' });
    const s = new FakeSubsystem({ name: 'meter', version: '1.2.3' });
    g.register(s);
    await g.start();
    for (let i = 0; i < 12; i++) await rejection(g.invoke('meter.add', { a: 'x', b: i }));
    const status = (await g.invoke('crosspoint.status', {})) as GatewayStatus;
    const meter = status.subsystems.find((x) => x.name === 'meter');
    expect(meter).toMatchObject({ level: 'healthy', state: 'running', toolCount: 3, version: '1.2.3' });
    expect(meter?.recentErrors).toHaveLength(10);
    expect(meter?.recentErrors[0]).toMatchObject({ tool: 'add', code: 'INVALID_ARGUMENTS' });
    expect(status.gateway).toMatchObject({ name: 'crosspoint', version: '9.9.9', level: 'healthy' });
    expect(status.gateway.uptimeMs).toBeGreaterThanOrEqual(0);
    expect(status.catalog).toMatchObject({ toolCount: 5, collisions: [], shortened: [] });
    expect(status.subsystems.map((x) => x.name)).toEqual(['meter']);
  });

  it('restart calls restart() on a restartable subsystem and explains when there is none', async () => {
    const g = gateway();
    const restartable = Object.assign(new FakeSubsystem({ name: 'child' }), { restart: jest.fn(async () => undefined) });
    g.register(restartable);
    g.register(new FakeSubsystem({ name: 'plain' }));
    await g.start();
    expect(isRestartable(restartable)).toBe(true);
    await expect(g.invoke('crosspoint.restart', { name: 'child' })).resolves.toEqual({ restarted: 'child' });
    expect(restartable.restart).toHaveBeenCalledTimes(1);
    const plain = await rejection(g.invoke('crosspoint.restart', { name: 'plain' }));
    expect((plain as Error).message).toContain('cannot be restarted');
    expect(isCrosspointError(plain, 'NOT_RESTARTABLE')).toBe(true);
    const missing = await rejection(g.invoke('crosspoint.restart', { name: 'nope' }));
    expect(isCrosspointError(missing, 'SUBSYSTEM_NOT_FOUND')).toBe(true);
    expect(isCrosspointError(await rejection(g.invoke('crosspoint.restart', {})), 'INVALID_ARGUMENTS')).toBe(true);
  });

  it('aggregates health to the worst level and re-emits healthChanged', async () => {
    const g = gateway();
    const a = new FakeSubsystem({ name: 'a' });
    g.register(a);
    g.register(new FakeSubsystem({ name: 'b' }));
    await g.start();
    const seen: string[] = [];
    g.on('healthChanged', (h) => seen.push(h.level));
    a.setState('unreachable');
    await until(() => seen.includes('unhealthy'));
    expect((await g.healthCheck()).level).toBe('unhealthy');
  });

  it('shutdown shuts every subsystem down and later calls fail cleanly', async () => {
    const g = gateway();
    const a = new FakeSubsystem({ name: 'a' });
    g.register(a);
    await g.start();
    const inflight = g.invoke('a.sleep', { ms: 5000 });
    await until(() => a.calls.length === 1);
    await g.shutdown();
    expect(isCrosspointError(await rejection(inflight), 'DISCONNECTED')).toBe(true);
    expect(isCrosspointError(await rejection(g.invoke('a.echo', { text: 'x' })), 'SUBSYSTEM_UNAVAILABLE')).toBe(true);
    expect(await g.shutdown()).toBeUndefined();
  });

  it('plain errors from a subsystem are recorded with TOOL_FAILED', async () => {
    const g = gateway();
    g.register(new FakeSubsystem({ name: 'x', tools: [tool('boom', 'Throws.', () => { throw new Error('kaput'); })] }));
    await g.start();
    await rejection(g.invoke('x.boom', {}));
    const status = await g.status();
    expect(status.subsystems[0]?.recentErrors[0]).toMatchObject({ code: 'TOOL_FAILED', message: 'kaput' });
    expect(CrosspointError).toBeDefined();
    expect(schema()).toEqual({ type: 'object', properties: {}, required: [] });
  });
});
