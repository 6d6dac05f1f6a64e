import { ByteBuilder } from '../src/byte-builder.js';
import { JsonText } from '../src/forwarding.js';

describe('ByteBuilder', () => {
  it('gathers text, byte ranges, single bytes and integers in order', () => {
    const out = new ByteBuilder(8);
    const src = Buffer.from('xx{"a":1}yy');
    out.text('{"id":');
    out.integer(42);
    out.byte(0x2c);
    out.bytes(src, 2, 9);
    out.all(Buffer.from('}\n'));
    expect(out.take().toString()).toBe('{"id":42,{"a":1}}\n');
    expect(out.length).toBe(0);
  });

  it('writes integers as JSON does, including zero, negatives and the largest safe ones', () => {
    const out = new ByteBuilder();
    const values = [0, -0, 7, 10, 99, 100, 123456789, 2147483647, 2147483648, 4294967296, -1, -450, -2147483648, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
    for (const n of values) {
      out.integer(n);
      out.byte(0x20);
    }
    expect(out.toString()).toBe(values.map((n) => `${JSON.stringify(n)} `).join(''));
  });

  it('falls back to the number text for non-integers', () => {
    const out = new ByteBuilder();
    out.integer(1.5);
    out.byte(0x20);
    out.integer(1e21);
    expect(out.toString()).toBe('1.5 1e+21');
  });

  it('encodes text as UTF-8, multi-byte characters included', () => {
    const out = new ByteBuilder(4);
    const text = 'héllo → 🔌 bench';
    out.text(text);
    expect(out.take().toString('utf8')).toBe(text);
  });

  it('grows past its first buffer for long and short copies alike, without losing bytes', () => {
    const out = new ByteBuilder(16);
    const long = Buffer.from('L'.repeat(1000));
    const short = Buffer.from('0123456789');
    let expected = '';
    for (let i = 0; i < 50; i++) {
      out.bytes(long, i, 100 + i); // native copy (long)
      out.bytes(short, 0, (i % 10) + 1); // loop copy (short)
      expected += 'L'.repeat(100) + '0123456789'.slice(0, (i % 10) + 1);
    }
    expect(out.take().toString()).toBe(expected);
  });

  it('reuses its buffer after take() unless told the bytes are kept', () => {
    const out = new ByteBuilder(64);
    out.text('first');
    const first = out.take();
    out.text('XXXXX');
    expect(first.toString()).toBe('XXXXX'); // reused: the caller must be done with `first`
    out.take();
    out.text('kept!');
    const kept = out.take();
    out.kept();
    out.text('other');
    expect(kept.toString()).toBe('kept!');
    expect(out.take().toString()).toBe('other');
  });

  it('drops a buffer grown for one huge message once it is taken', () => {
    const out = new ByteBuilder(64);
    out.text('x'.repeat(10_000));
    const huge = out.take();
    out.text('small');
    expect(huge.toString()).toBe('x'.repeat(10_000)); // not overwritten: the small one went to a fresh buffer
    expect(out.take().toString()).toBe('small');
  });
});

describe('JsonText', () => {
  it('keeps arguments as the bytes they arrived in and decodes them only when asked', () => {
    const line = Buffer.from('{"arguments":{"path":"/tmp/é"}}');
    const text = new JsonText(line, 13, line.length - 1);
    expect(text.bytes).toBe(line);
    expect(text.json).toBe('{"path":"/tmp/é"}');
    expect(text.parse()).toEqual({ path: '/tmp/é' });
    expect(new JsonText('{"a":1}').bytes).toBeUndefined();
    expect(new JsonText('{"a":1}').parse()).toEqual({ a: 1 });
  });
});

describe('ByteBuilder with long text', () => {
  it('takes a long multi-byte text whole, measured rather than guessed', () => {
    const out = new ByteBuilder(64);
    const long = 'é🔌x'.repeat(20_000);
    out.text('[');
    out.text(long);
    out.text(']');
    expect(out.take().toString('utf8')).toBe(`[${long}]`);
  });
});
