import { backoffDelay, checkHostAndOrigin, createTokenChecker, isLoopbackHost, parseHostPort, presentedToken } from '@crosspoint/remote';
import { LineLengthGuard } from '../src/line-limit.js';
import { SessionRegistry } from '../src/session-registry.js';

describe('tokens', () => {
  const checker = createTokenChecker([{ token: 'alpha' }, { token: 'viewer', allowTools: ['meter_*'] }]);

  it('grants the matching token with its scope', () => {
    expect(checker.required).toBe(true);
    expect(checker.check('alpha')).toEqual({ tokenIndex: 0 });
    expect(checker.check('viewer')).toEqual({ tokenIndex: 1, allowTools: ['meter_*'] });
  });

  it('refuses missing, wrong, prefix and longer tokens', () => {
    for (const t of [undefined, '', 'alph', 'alphaa', 'ALPHA', 'viewer ']) expect(checker.check(t)).toBeUndefined();
  });

  it('lets everyone in, unscoped, when no tokens are configured', () => {
    const open = createTokenChecker(undefined);
    expect(open.required).toBe(false);
    expect(open.check(undefined)).toEqual({ tokenIndex: -1 });
  });

  it('rejects empty configured tokens', () => {
    expect(() => createTokenChecker([{ token: '' }])).toThrow(/non-empty/);
  });

  it('reads Bearer headers and ?token=', () => {
    expect(presentedToken('Bearer abc', '/mcp')).toBe('abc');
    expect(presentedToken('bearer  abc ', '/mcp')).toBe('abc');
    expect(presentedToken('Basic abc', '/mcp?token=q')).toBe('q');
    expect(presentedToken(undefined, '/mcp?x=1&token=a%2Bb')).toBe('a+b');
    expect(presentedToken(undefined, '/mcp')).toBeUndefined();
  });
});

describe('host checks', () => {
  it('knows loopback hosts', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '100.64.0.1', 'bench', '::', '127.evil.example', '127.0.0.1.nip.io']) expect(isLoopbackHost(h)).toBe(false);
  });

  it('accepts loopback names, IP literals and configured hosts; refuses other names', () => {
    const policy = { allowedHosts: ['bench.tail.ts.net'], allowedOrigins: ['https://ui.example'] };
    expect(checkHostAndOrigin('localhost:7420', undefined, policy)).toBeUndefined();
    expect(checkHostAndOrigin('100.64.0.5:7420', undefined, policy)).toBeUndefined();
    expect(checkHostAndOrigin('[::1]:7420', undefined, policy)).toBeUndefined();
    expect(checkHostAndOrigin('bench.tail.ts.net', undefined, policy)).toBeUndefined();
    expect(checkHostAndOrigin('evil.example:7420', undefined, policy)).toEqual({ header: 'host', value: 'evil.example:7420' });
    // Rebinding names that merely look like loopback addresses
    expect(checkHostAndOrigin('127.evil.example:7420', undefined, policy)).toEqual({ header: 'host', value: '127.evil.example:7420' });
    expect(checkHostAndOrigin('127.0.0.1:1', 'http://127.0.0.1.evil.example', policy)).toEqual({ header: 'origin', value: 'http://127.0.0.1.evil.example' });
    expect(checkHostAndOrigin(undefined, undefined, policy)).toEqual({ header: 'host', value: '' });
  });

  it('checks a browser Origin', () => {
    const policy = { allowedHosts: [], allowedOrigins: ['https://ui.example'] };
    expect(checkHostAndOrigin('127.0.0.1:1', 'http://localhost:3000', policy)).toBeUndefined();
    expect(checkHostAndOrigin('127.0.0.1:1', 'https://ui.example', policy)).toBeUndefined();
    expect(checkHostAndOrigin('127.0.0.1:1', 'http://evil.example', policy)).toEqual({ header: 'origin', value: 'http://evil.example' });
    expect(checkHostAndOrigin('127.0.0.1:1', 'null', policy)).toEqual({ header: 'origin', value: 'null' });
  });
});

describe('LineLengthGuard', () => {
  const b = (s: string) => Buffer.from(s);

  it('allows lines up to the limit across chunks', () => {
    const g = new LineLengthGuard(5);
    expect(g.accept(b('abc'))).toBeUndefined();
    expect(g.accept(b('de\nabcde\n12'))).toBeUndefined();
    expect(g.accept(b('345\n'))).toBeUndefined();
  });

  it('flags a line that grows past the limit before its newline arrives', () => {
    const g = new LineLengthGuard(5);
    expect(g.accept(b('abcd'))).toBeUndefined();
    expect(g.accept(b('ef'))).toBe(6);
  });

  it('flags an oversized complete line in the middle of a chunk', () => {
    expect(new LineLengthGuard(3).accept(b('ab\nabcdef\nx'))).toBe(6);
  });
});

describe('parseHostPort', () => {
  it('parses host:port forms', () => {
    expect(parseHostPort('127.0.0.1:7420')).toEqual({ host: '127.0.0.1', port: 7420 });
    expect(parseHostPort('[::1]:7420')).toEqual({ host: '::1', port: 7420 });
    expect(parseHostPort('bench.tail.ts.net:0')).toEqual({ host: 'bench.tail.ts.net', port: 0 });
    expect(parseHostPort('7420')).toEqual({ port: 7420 });
    expect(parseHostPort(':7420')).toEqual({ port: 7420 });
  });

  it('refuses anything else with CONFIG_INVALID', () => {
    for (const bad of ['', 'host', 'host:', 'host:99999', 'a b:1', 'ws://x:1']) {
      expect(() => parseHostPort(bad, '--ws')).toThrow(/--ws .* must be HOST:PORT/);
    }
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to the cap, within ±20 % jitter', () => {
    const opts = { initialMs: 100, maxMs: 1000, factor: 2 };
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, opts, () => 0.5))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(0, opts, () => 0)).toBe(80);
    expect(backoffDelay(0, opts, () => 1)).toBe(120);
    expect(backoffDelay(1000, opts, () => 1)).toBe(1200);
  });
});

describe('SessionRegistry', () => {
  const handle = () => {
    let end!: () => void;
    const closed = new Promise<void>((r) => (end = r));
    return { close: jest.fn(async () => end()), closed, end: () => end() };
  };

  it('caps live plus connecting sessions, and frees a slot when a session ends or a connect fails', async () => {
    const reg = new SessionRegistry(2);
    const a = reg.reserve()!;
    const b = reg.reserve()!;
    expect(reg.reserve()).toBeUndefined();
    b.release();
    expect(reg.size).toBe(1);
    const h = handle();
    a.attach(h);
    const c = reg.reserve()!;
    expect(reg.reserve()).toBeUndefined();
    h.end();
    await h.closed;
    await Promise.resolve();
    expect(reg.size).toBe(1);
    c.release();
    c.release(); // idempotent
    expect(reg.size).toBe(0);
  });

  it('closeAll closes live sessions, refuses new ones, and closes one that finishes connecting late', async () => {
    const reg = new SessionRegistry(4);
    const live = handle();
    reg.reserve()!.attach(live);
    const late = reg.reserve()!;
    await reg.closeAll();
    expect(live.close).toHaveBeenCalled();
    expect(reg.reserve()).toBeUndefined();
    const lateHandle = handle();
    late.attach(lateHandle);
    expect(lateHandle.close).toHaveBeenCalled();
  });

  it('refuses a non-positive cap', () => {
    expect(() => new SessionRegistry(0)).toThrow(RangeError);
  });
});
