import {
  HEALTH_LEVELS,
  SUBSYSTEM_NAME_PATTERN,
  SUBSYSTEM_STATES,
  type Subsystem,
  isCrosspointError,
  validateToolDescriptor,
} from '@crosspoint/core';

export interface ContractCall {
  tool: string;
  args: Record<string, unknown>;
}

export interface ContractTarget {
  subsystem: Subsystem;
  /** A quick call that must succeed once connected. */
  okCall: ContractCall;
  /** A call with arguments the subsystem must reject with INVALID_ARGUMENTS before any I/O. */
  invalidCall?: ContractCall;
  /** A call that stays in flight for at least ~300 ms, to test disconnect and abort. */
  slowCall?: ContractCall;
  /** Naming rule of its tools: `native` (snake_case) or `proxied` (any MCP name). */
  naming?: 'native' | 'proxied';
  /** Arguments for `connect`. */
  connectArgs?: Record<string, unknown>;
  /** Releases whatever the factory started besides the subsystem (emulators, ptys...). */
  cleanup?: () => Promise<void>;
}

export interface ContractOptions {
  /** Per-test timeout in ms (hardware and child processes need more). Default 20 s. */
  timeoutMs?: number;
  /** How many concurrent okCalls to fire. Default 8. */
  concurrency?: number;
}

/** The error a promise rejects with; throws (failing the test) if it resolves. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the promise to reject');
}

/**
 * The Subsystem contract, as jest tests. Every implementation runs it against itself:
 * `runSubsystemContract('jumperless over pty', async () => ({ subsystem, okCall, ... }))`.
 * Each test gets a fresh target from the factory and shuts it down afterwards.
 */
export function runSubsystemContract(label: string, factory: () => Promise<ContractTarget>, options: ContractOptions = {}): void {
  const timeout = options.timeoutMs ?? 20_000;
  const concurrency = options.concurrency ?? 8;

  describe(`Subsystem contract: ${label}`, () => {
    let target: ContractTarget;
    beforeEach(async () => {
      target = await factory();
    }, timeout);
    afterEach(async () => {
      await target.subsystem.shutdown();
      await target.cleanup?.();
    }, timeout);

    const up = async () => target.subsystem.connect(target.connectArgs);

    it('has a valid name and version, and tools() before connect returns an array without throwing', () => {
      const s = target.subsystem;
      expect(s.name).toMatch(SUBSYSTEM_NAME_PATTERN);
      expect(typeof s.version).toBe('string');
      expect(s.version.length).toBeGreaterThan(0);
      expect(Array.isArray(s.tools())).toBe(true);
    });

    it('lists valid, uniquely named tools once connected, including the okCall tool', async () => {
      await up();
      const tools = target.subsystem.tools();
      expect(tools.length).toBeGreaterThan(0);
      for (const t of tools) expect(() => validateToolDescriptor(t, target.naming ?? 'native')).not.toThrow();
      const names = tools.map((t) => t.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names).toContain(target.okCall.tool);
    }, timeout);

    it('reports health with a known level and state, never throwing', async () => {
      const before = await target.subsystem.healthCheck();
      expect(HEALTH_LEVELS).toContain(before.level);
      await up();
      const after = await target.subsystem.healthCheck();
      expect(HEALTH_LEVELS).toContain(after.level);
      expect(SUBSYSTEM_STATES).toContain(after.state);
      expect(after.state).toBe('running');
    }, timeout);

    it('runs the ok call, and concurrent calls all complete', async () => {
      await up();
      const { tool, args } = target.okCall;
      await expect(target.subsystem.invoke(tool, args)).resolves.toBeDefined();
      const all = await Promise.all(Array.from({ length: concurrency }, () => target.subsystem.invoke(tool, args)));
      expect(all).toHaveLength(concurrency);
    }, timeout);

    it('rejects an unknown tool with TOOL_NOT_FOUND', async () => {
      await up();
      const err = await rejection(target.subsystem.invoke('no_such_tool_xyz', {}));
      expect(isCrosspointError(err, 'TOOL_NOT_FOUND')).toBe(true);
    }, timeout);

    it('rejects invalid arguments with INVALID_ARGUMENTS', async () => {
      if (!target.invalidCall) return;
      await up();
      const err = await rejection(target.subsystem.invoke(target.invalidCall.tool, target.invalidCall.args));
      expect(isCrosspointError(err, 'INVALID_ARGUMENTS')).toBe(true);
    }, timeout);

    it('rejects an already-aborted call with CANCELLED', async () => {
      await up();
      const ac = new AbortController();
      ac.abort();
      const err = await rejection(target.subsystem.invoke(target.okCall.tool, target.okCall.args, { signal: ac.signal }));
      expect(isCrosspointError(err, 'CANCELLED')).toBe(true);
    }, timeout);

    it('cancels an in-flight call promptly with CANCELLED when its signal aborts', async () => {
      if (!target.slowCall) return;
      await up();
      const ac = new AbortController();
      const call = target.subsystem.invoke(target.slowCall.tool, target.slowCall.args, { signal: ac.signal });
      setTimeout(() => ac.abort(), 50);
      const err = await rejection(call);
      expect(isCrosspointError(err, 'CANCELLED')).toBe(true);
    }, timeout);

    it('rejects in-flight calls with DISCONNECTED on disconnect, and can connect again', async () => {
      if (!target.slowCall) return;
      await up();
      const call = target.subsystem.invoke(target.slowCall.tool, target.slowCall.args);
      await new Promise((r) => setTimeout(r, 50));
      await target.subsystem.disconnect();
      const err = await rejection(call);
      expect(isCrosspointError(err, 'DISCONNECTED')).toBe(true);
      await up();
      await expect(target.subsystem.invoke(target.okCall.tool, target.okCall.args)).resolves.toBeDefined();
    }, timeout);

    it('offers its surface catalogs (resources, templates, prompts) as arrays before and after connect, never throwing', async () => {
      const s = target.subsystem;
      const check = () => {
        for (const r of s.resources?.() ?? []) expect(typeof r.uri === 'string' && typeof r.name === 'string').toBe(true);
        for (const t of s.resourceTemplates?.() ?? []) expect(typeof t.uriTemplate === 'string' && typeof t.name === 'string').toBe(true);
        for (const p of s.prompts?.() ?? []) expect(typeof p.name).toBe('string');
        if (s.surfaceCapabilities) expect(typeof s.surfaceCapabilities()).toBe('object');
      };
      check();
      await up();
      check();
    }, timeout);

    it('refuses a resource it does not serve with a coded error, and every resource read after shutdown', async () => {
      const s = target.subsystem;
      if (!s.readResource) return;
      await up();
      expect(isCrosspointError(await rejection(s.readResource('contract-test://no/such/resource')))).toBe(true);
      const known = s.resources?.()[0]?.uri ?? 'contract-test://any';
      await s.shutdown();
      expect(isCrosspointError(await rejection(s.readResource(known)))).toBe(true);
    }, timeout);

    it('shutdown is idempotent and later calls get SUBSYSTEM_UNAVAILABLE', async () => {
      await up();
      await target.subsystem.shutdown();
      await target.subsystem.shutdown();
      const err = await rejection(target.subsystem.invoke(target.okCall.tool, target.okCall.args));
      expect(isCrosspointError(err, 'SUBSYSTEM_UNAVAILABLE')).toBe(true);
      expect(['healthy', 'degraded', 'unhealthy', 'unknown']).toContain((await target.subsystem.healthCheck()).level);
    }, timeout);
  });
}
