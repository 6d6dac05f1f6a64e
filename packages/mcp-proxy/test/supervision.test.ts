import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { McpSessionSubsystem } from '@crosspoint/mcp-proxy';
import { fixtureServer, marker, processesWith, rejectionOf, tempDir, textOf, until } from './helpers.js';

// Real child processes misbehaving in the ways real servers do.
describe('supervision of misbehaving children', () => {
  const started: McpSessionSubsystem[] = [];
  const track = (s: McpSessionSubsystem) => (started.push(s), s);
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.shutdown()));
  }, 30_000);

  it('fails the in-flight call fast with the stderr tail, restarts with backoff, and the next call succeeds', async () => {
    const s = track(fixtureServer('crashy', ['--crash-after', '2'], { backoff: { baseMs: 400, maxMs: 1000, resetAfterMs: 60_000 } }));
    const states: string[] = [];
    s.on('healthChanged', (h) => states.push(h.state));
    await s.connect();
    expect(textOf(await s.invoke('echo', { text: 'one' }))).toBe('one');
    const slow = s.invoke('slow', { ms: 20_000, steps: 2 }); // in flight when the child dies
    const err = await rejectionOf(s.invoke('echo', { text: 'two' }));
    expect(err.code).toBe('DOWNSTREAM_EXITED');
    expect(err.details?.['stderrTail']).toEqual(expect.arrayContaining(['boom: crashing on echo call 2']));
    expect(err.message).toContain('exited with code 3');
    const slowErr = await rejectionOf(slow);
    expect(slowErr.code).toBe('DOWNSTREAM_EXITED');
    expect(['restarting', 'starting']).toContain(s.state);
    const lostAt = Date.now();
    await until(() => s.state === 'running', 'back to running');
    expect(Date.now() - lostAt).toBeGreaterThanOrEqual(200); // the 400 ms backoff was honoured
    expect(textOf(await s.invoke('echo', { text: 'three' }))).toBe('three');
    const h = await s.healthCheck();
    expect(h.details).toMatchObject({ starts: 2, restarts: 1, failures: 1, lastExit: { code: 3, signal: null } });
    expect(states).toEqual(expect.arrayContaining(['restarting', 'starting', 'running']));
  }, 30_000);

  it('doubles the backoff on consecutive failures and ends failed after maxFailures, until restart()', async () => {
    const s = track(fixtureServer('doomed', ['--exit-at-startup'], { maxFailures: 3, backoff: { baseMs: 100, maxMs: 1000, resetAfterMs: 60_000 } }));
    const delays: number[] = [];
    s.on('healthChanged', (h) => {
      const m = /restarting in (\d+) ms/.exec(h.message ?? '');
      if (m && h.state === 'restarting') delays.push(Number(m[1]));
    });
    const err = await rejectionOf(s.connect());
    expect(err.code).toBe('SUBSYSTEM_UNAVAILABLE');
    await until(() => s.state === 'failed', 'failed state');
    expect([...new Set(delays)]).toEqual([100, 200]);
    const h = await s.healthCheck();
    expect(h.level).toBe('unhealthy');
    expect(h.message).toContain('gave up after 3 consecutive failures');
    expect(h.message).toContain('exited with code 1 during startup (stderr: fatal: configuration file missing');
    expect(h.details?.['stderrTail']).toEqual(['fatal: configuration file missing (fixture exits at startup)']);
    expect((await rejectionOf(s.invoke('echo', { text: 'x' }))).code).toBe('SUBSYSTEM_UNAVAILABLE');
    await expect(s.restart()).rejects.toMatchObject({ code: 'SUBSYSTEM_UNAVAILABLE' });
  }, 30_000);

  it('restart() brings a failed server back once it can start', async () => {
    const { dir, cleanup } = tempDir();
    try {
      // A shell wrapper that fails until a flag file exists.
      const flagFile = join(dir, 'ok');
      const s = track(
        fixtureServer('healing', [], {
          command: 'sh',
          args: ['-c', `test -f "${flagFile}" || { echo not yet >&2; exit 1; }; exec "${process.execPath}" "${join(__dirname, 'fixtures', 'fixture-server.mjs')}"`],
          maxFailures: 1,
        }),
      );
      await expect(s.connect()).rejects.toMatchObject({ code: 'SUBSYSTEM_UNAVAILABLE' });
      expect(s.state).toBe('failed');
      expect(s.tools()).toEqual([]);
      require('node:fs').writeFileSync(flagFile, '');
      await s.restart();
      expect(s.state).toBe('running');
      expect(textOf(await s.invoke('add', { a: 1, b: 2 }))).toBe('3');
    } finally {
      cleanup();
    }
  }, 30_000);

  it('fails a server whose command is not on PATH alone, with a clear message and no retries', async () => {
    const s = track(fixtureServer('missing', [], { command: 'uvx-does-not-exist' }));
    const err = await rejectionOf(s.connect());
    expect(err.message).toContain('command "uvx-does-not-exist" not found on PATH');
    expect(s.state).toBe('failed');
    expect((await s.healthCheck()).details?.['failures']).toBe(1);
  });

  it('fails a server whose cwd does not exist', async () => {
    const s = track(fixtureServer('nocwd', [], { cwd: '/definitely/not/here' }));
    const err = await rejectionOf(s.connect());
    expect(err.message).toContain('working directory "/definitely/not/here" does not exist');
    expect(s.state).toBe('failed');
  });

  it('detects a hung server by ping (unreachable), fails its in-flight call, kills and restarts it', async () => {
    const m = marker('hung');
    const s = track(fixtureServer('hung', ['--marker', m], { ping: { intervalMs: 100, timeoutMs: 1000 }, backoff: { baseMs: 300, maxMs: 1000, resetAfterMs: 60_000 } }));
    const states: string[] = [];
    s.on('healthChanged', (h) => states.push(h.state));
    await s.connect();
    const firstPid = (await s.healthCheck()).details?.['pid'];
    const hung = s.invoke('hang', {});
    const err = await rejectionOf(hung);
    expect(err.code).toBe('DOWNSTREAM_EXITED');
    expect(err.message).toContain('stopped answering pings');
    await until(() => s.state === 'running', 'restarted after hang');
    expect(states.slice(states.indexOf('unreachable'))).toEqual(['unreachable', 'starting', 'running']);
    const h = await s.healthCheck();
    expect(h.details?.['pid']).not.toBe(firstPid);
    expect(h.details?.['failures']).toBe(1);
    expect(textOf(await s.invoke('echo', { text: 'alive' }))).toBe('alive');
    await until(() => !processesWith(m).includes(firstPid as number), 'hung child killed');
  }, 30_000);

  it('keeps working when the child prints garbage on stdout, and keeps it for diagnostics', async () => {
    const s = track(fixtureServer('noisy', ['--garbage', '--page-size', '2']));
    await s.connect();
    expect(s.tools().length).toBe(9); // five pages of two (the last holds one), all followed
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => s.invoke('add', { a: i, b: 1 })));
    expect(results.map(textOf)).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
    const h = await s.healthCheck();
    expect(h.state).toBe('running');
    const garbageOf = (health: typeof h) => health.details?.['stdoutGarbage'] as { count: number; tail: string[] };
    expect(garbageOf(h).count).toBeGreaterThan(20);
    // The child prints its banner after each reply, so the last ones may still be on their way.
    await until(async () => garbageOf(await s.healthCheck()).tail.includes('banner line after message'), 'the banner after a reply kept');
  }, 30_000);

  it('bounds the stderr of a flooding child and still answers calls', async () => {
    const s = track(fixtureServer('flood', ['--flood-stderr'], { stderr: { maxLines: 50, maxBytes: 8 * 1024 } }));
    await s.connect();
    for (let i = 0; i < 10; i++) expect(textOf(await s.invoke('echo', { text: `r${i}` }))).toBe(`r${i}`);
    await new Promise((r) => setTimeout(r, 300));
    const tail = (await s.healthCheck()).details?.['stderrTail'] as string[];
    expect(tail.length).toBeGreaterThan(0);
    expect(tail.length).toBeLessThanOrEqual(21);
    expect(tail.join('\n').length).toBeLessThanOrEqual(8 * 1024 + 1000);
    // The newest lines are kept (the last entry may be a partial line cut by a chunk boundary).
    expect(tail.slice(0, -1).every((l) => /^flood \d+ x+$/.test(l))).toBe(true);
  }, 30_000);

  it('forwards cancellation downstream as notifications/cancelled', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const log = join(dir, 'log');
      const s = track(fixtureServer('cancel', ['--log', log]));
      await s.connect();
      const ac = new AbortController();
      const call = s.invoke('slow', { ms: 10_000 }, { signal: ac.signal });
      await until(() => existsSync(log) && readFileSync(log, 'utf8').includes('called slow'), 'call arrived');
      ac.abort();
      expect((await rejectionOf(call)).code).toBe('CANCELLED');
      await until(() => /cancelled crosspoint-\d+/.test(readFileSync(log, 'utf8')), 'child saw notifications/cancelled');
      expect(textOf(await s.invoke('echo', { text: 'after' }))).toBe('after');
    } finally {
      cleanup();
    }
  }, 30_000);

  it('watches a cancellation hook instead of the signal when the caller gives one', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const log = join(dir, 'log');
      const s = track(fixtureServer('cancel', ['--log', log]));
      await s.connect();
      let aborted = false;
      let listener: ((reason: unknown) => void) | undefined;
      const hook = { get aborted() { return aborted; }, onAbort: (l: ((reason: unknown) => void) | undefined) => void (listener = l) };
      // The hot path must not make a signal: reading this one fails the call.
      const options = { cancellation: hook, get signal(): AbortSignal { throw new Error('signal read on the hot path'); } };
      expect(textOf(await s.invoke('echo', { text: 'plain' }, options))).toBe('plain');
      expect(listener).toBeUndefined(); // released when the call settled
      const call = s.invoke('slow', { ms: 10_000 }, options);
      await until(() => existsSync(log) && readFileSync(log, 'utf8').includes('called slow'), 'call arrived');
      aborted = true;
      listener?.('user gave up');
      expect((await rejectionOf(call)).code).toBe('CANCELLED');
      await until(() => /cancelled crosspoint-\d+/.test(readFileSync(log, 'utf8')), 'child saw notifications/cancelled');
    } finally {
      cleanup();
    }
  }, 30_000);

  it('returns downstream isError results untouched and counts them', async () => {
    const s = track(fixtureServer('errs', []));
    await s.connect();
    const out = (await s.invoke('bad-result', {})) as { result: unknown };
    expect(out.result).toEqual({ content: [{ type: 'text', text: 'it went wrong' }], isError: true });
    expect((await s.healthCheck()).details).toMatchObject({ calls: 1, errors: 1 });
  });

  it('gives the child the base environment plus its own env', async () => {
    const s = fixtureServer('envy', [], { env: { XP_EXTRA: 'from-config', XP_BASE: 'overridden' } });
    track(s);
    await s.connect();
    expect(textOf(await s.invoke('env', { name: 'XP_EXTRA' }))).toBe('from-config');
    expect(textOf(await s.invoke('env', { name: 'XP_BASE' }))).toBe('overridden');
    expect(textOf(await s.invoke('env', { name: 'HOME' }))).toBe(process.env['HOME']);
  });

  it('does not restart a temporary server, and a transient one only after an abnormal exit', async () => {
    const temp = track(fixtureServer('temp', ['--crash-after', '1'], { restart: 'temporary' }));
    await temp.connect();
    await rejectionOf(temp.invoke('echo', { text: 'x' }));
    await until(() => temp.state === 'dead', 'dead');
    expect(temp.tools()).toEqual([]);
    const trans = track(fixtureServer('trans', ['--crash-after', '1'], { restart: 'transient' }));
    await trans.connect();
    await rejectionOf(trans.invoke('echo', { text: 'x' }));
    await until(() => trans.state === 'running', 'transient restarted after exit code 3');
  }, 30_000);

  it('serializes concurrent restarts (they coalesce): one child left, in-flight calls get DISCONNECTED', async () => {
    const m = marker('restarts');
    const s = track(fixtureServer('restarts', ['--marker', m]));
    await s.connect();
    const inFlight = s.invoke('slow', { ms: 10_000 });
    await Promise.all([s.restart(), s.restart(), s.restart()]);
    expect((await rejectionOf(inFlight)).code).toBe('DISCONNECTED');
    expect(s.state).toBe('running');
    await until(() => processesWith(m).length === 1, 'exactly one child alive');
    expect(textOf(await s.invoke('echo', { text: 'once' }))).toBe('once');
    expect((await s.healthCheck()).details).toMatchObject({ starts: 2, restarts: 1, failures: 0 });
  }, 30_000);

  it('forgets past failures after a stable period (backoff back to its base)', async () => {
    const s = track(fixtureServer('stable', ['--crash-after', '1'], { backoff: { baseMs: 100, maxMs: 1000, resetAfterMs: 1500 } }));
    const delays: number[] = [];
    s.on('healthChanged', (h) => {
      const m = /restarting in (\d+) ms/.exec(h.message ?? '');
      if (m && h.state === 'restarting') delays.push(Number(m[1]));
    });
    await s.connect();
    await rejectionOf(s.invoke('echo', { text: 'quick crash' })); // ran < 1.5 s: counts
    await until(() => s.state === 'running', 'first restart');
    await rejectionOf(s.invoke('echo', { text: 'quick again' }));
    await until(() => s.state === 'running', 'second restart');
    await new Promise((r) => setTimeout(r, 1700)); // stable for longer than resetAfterMs
    await rejectionOf(s.invoke('echo', { text: 'after a stable run' }));
    await until(() => s.state === 'running', 'third restart');
    expect(delays).toEqual([100, 200, 100]);
  }, 30_000);

  it('treats a child that closes its stdout as lost: the call fails fast, the child is stopped and restarted', async () => {
    const m = marker('mute');
    const s = track(fixtureServer('mute', ['--close-stdout-after', '1', '--marker', m], { stop: { graceMs: 200, termGraceMs: 500 } }));
    await s.connect();
    const firstPid = (await s.healthCheck()).details?.['pid'] as number;
    const err = await rejectionOf(s.invoke('echo', { text: 'x' }));
    expect(err.code).toBe('DOWNSTREAM_EXITED');
    await until(() => s.state === 'running' && !processesWith(m).includes(firstPid), 'restarted, old child gone');
    expect((await s.healthCheck()).details?.['pid']).not.toBe(firstPid);
  }, 30_000);

  it('gives up on a child that never finishes starting, and kills it', async () => {
    const m = marker('slowstart');
    const s = track(fixtureServer('slowstart', ['--hang-at-startup', '--marker', m], { startupTimeoutMs: 500, maxFailures: 1, stop: { graceMs: 100, termGraceMs: 300 } }));
    const err = await rejectionOf(s.connect());
    expect(err.message).toContain('no tool list within 500 ms');
    expect(s.state).toBe('failed');
    await until(() => processesWith(m).length === 0, 'hung starter killed');
  }, 30_000);
});
