import { RecentStrings } from '../src/recent-strings.js';

const bytes = (text: string, pad = 3) => {
  // The text somewhere inside a larger buffer, as a name sits inside a request line.
  const buf = Buffer.from(`${'x'.repeat(pad)}${text}${'y'.repeat(pad)}`);
  return [buf, pad, pad + Buffer.byteLength(text)] as const;
};

describe('RecentStrings', () => {
  it('decodes UTF-8 and gives the same string object for the same bytes read again', () => {
    const names = new RecentStrings(16);
    const first = names.read(...bytes('bench_echo'));
    const again = names.read(...bytes('bench_echo', 9)); // other bytes around it, another buffer
    expect(first).toBe('bench_echo');
    expect(again).toBe(first);
    expect(names.read(...bytes('é-tool 中文'))).toBe('é-tool 中文');
    expect(names.read(...bytes(''))).toBe('');
  });

  it('never answers other bytes with a kept string, even in the same slot', () => {
    const names = new RecentStrings(1); // one slot: every name collides
    for (const text of ['echo', 'echp', 'ohce', 'echo', 'a', 'echo_', 'echo']) expect(names.read(...bytes(text))).toBe(text);
  });

  it('keeps a copy of the bytes, not a view of the buffer they came from', () => {
    const names = new RecentStrings(16);
    const [buf, start, end] = bytes('tool_a');
    expect(names.read(buf, start, end)).toBe('tool_a');
    buf.write('tool_b', start); // the read buffer is reused for other bytes
    expect(names.read(buf, start, end)).toBe('tool_b');
    expect(names.read(...bytes('tool_a'))).toBe('tool_a');
  });

  it('decodes long text every time without keeping it', () => {
    const names = new RecentStrings(16, 8);
    const long = 'a_rather_long_tool_name';
    expect(names.read(...bytes(long))).toBe(long);
    expect(names.read(...bytes(long))).toBe(long);
  });
});
