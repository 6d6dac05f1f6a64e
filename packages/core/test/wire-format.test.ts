import { buildWireMap, isCrosspointError } from '@crosspoint/core';

describe('WireFormat', () => {
  it('round-trips dotted internal names through the underscore form', () => {
    const names = ['jumperless.connect', 'jumperless.dac_set', 'everything.get-sum', 'fs.files.read', 'x.camelCase'];
    const map = buildWireMap(names);
    expect(map.toWire('jumperless.connect')).toBe('jumperless_connect');
    expect(map.toWire('everything.get-sum')).toBe('everything_get-sum');
    expect(map.toWire('fs.files.read')).toBe('fs_files_read');
    for (const n of names) expect(map.toInternal(map.toWire(n)!)).toBe(n);
    expect(map.report).toEqual({ collisions: [], shortened: [] });
  });

  it('keeps dots in the dot style', () => {
    const map = buildWireMap(['jumperless.connect', 'fs.files.read'], { style: 'dot' });
    expect(map.toWire('fs.files.read')).toBe('fs.files.read');
    expect(map.toInternal('jumperless.connect')).toBe('jumperless.connect');
  });

  it('disambiguates colliding names deterministically and reports it', () => {
    const a = buildWireMap(['a_b.c', 'a.b_c']);
    const b = buildWireMap(['a.b_c', 'a_b.c']);
    expect(a.toWire('a.b_c')).toBe('a_b_c'); // sorts first, keeps the plain form
    const other = a.toWire('a_b.c')!;
    expect(other).not.toBe('a_b_c');
    expect(other).toMatch(/^a_b_c_[0-9a-z]+$/);
    expect(b.toWire('a_b.c')).toBe(other);
    expect(a.toInternal(other)).toBe('a_b.c');
    expect(a.report.collisions).toEqual([{ wire: 'a_b_c', kept: 'a.b_c', internal: 'a_b.c', assigned: other }]);
  });

  it('shortens long names to the budget, stably, readably and without collisions', () => {
    const long1 = 'instrument.' + 'measure_voltage_on_channel_with_extra_long_qualifier_one';
    const long2 = 'instrument.' + 'measure_voltage_on_channel_with_extra_long_qualifier_two';
    const m1 = buildWireMap([long1, long2, 'instrument.short']);
    const m2 = buildWireMap(['instrument.short', long2, long1]);
    const w1 = m1.toWire(long1)!;
    const w2 = m1.toWire(long2)!;
    expect(w1.length).toBeLessThanOrEqual(45);
    expect(w2.length).toBeLessThanOrEqual(45);
    expect(w1).not.toBe(w2);
    expect(w1.startsWith('instrument_measure_voltage')).toBe(true);
    expect(w1).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(m2.toWire(long1)).toBe(w1);
    expect(m1.toInternal(w2)).toBe(long2);
    expect(m1.report.shortened.map((s) => s.internal).sort()).toEqual([long1, long2]);
  });

  it('honours a custom budget', () => {
    const name = 'bench.' + 'x'.repeat(40);
    expect(buildWireMap([name], { maxLength: 64 }).toWire(name)).toBe('bench_' + 'x'.repeat(40));
    expect(buildWireMap([name], { maxLength: 20 }).toWire(name)!.length).toBeLessThanOrEqual(20);
  });

  it('every wire name in a large random-ish catalog is unique and valid', () => {
    const names: string[] = [];
    for (let i = 0; i < 500; i++) names.push(`s${i % 7}.tool_${'y'.repeat(i % 50)}_${i}`);
    const map = buildWireMap(names);
    const wires = names.map((n) => map.toWire(n)!);
    expect(new Set(wires).size).toBe(names.length);
    for (const w of wires) expect(w).toMatch(/^[a-zA-Z0-9_-]{1,45}$/);
  });

  it('rejects invalid internal names and budgets with clear errors', () => {
    for (const bad of ['noprefix', 'a.b c', '.tool', 'a.', 'a.' + 'x'.repeat(129)]) {
      let caught: unknown;
      try {
        buildWireMap([bad]);
      } catch (e) {
        caught = e;
      }
      expect(isCrosspointError(caught, 'INVALID_NAME')).toBe(true);
      expect((caught as Error).message).toContain(bad.slice(0, 10));
    }
    expect(() => buildWireMap(['a.b'], { maxLength: 100 })).toThrow(/maxLength/);
  });
});
