import { SeqTable } from '../src/seq-table.js';

const call = (seq: number) => ({ seq });

describe('SeqTable', () => {
  it('finds, adds and removes calls by number, as a Map would', () => {
    const table = new SeqTable<{ seq: number }>();
    const reference = new Map<number, { seq: number }>();
    // Calls start in order and end out of order, up to 300 in flight (the table grows past its first 64 slots).
    let next = 1;
    for (let step = 0; step < 6000; step++) {
      if (reference.size < 300 && (step % 3 !== 0 || reference.size === 0)) {
        const c = call(next++);
        table.add(c);
        reference.set(c.seq, c);
      } else {
        const keys = [...reference.keys()];
        const seq = keys[(step * 7919) % keys.length] as number;
        expect(table.delete(seq)).toBe(true);
        reference.delete(seq);
        expect(table.delete(seq)).toBe(false);
      }
      expect(table.size).toBe(reference.size);
    }
    for (let seq = 1; seq < next; seq++) expect(table.get(seq)).toBe(reference.get(seq));
    expect(table.values().map((c) => c.seq).sort((a, b) => a - b)).toEqual([...reference.keys()].sort((a, b) => a - b));
  });

  it('keeps a long call that the others lap, without growing for it', () => {
    const table = new SeqTable<{ seq: number }>();
    const long = call(1);
    table.add(long);
    // 20,000 short calls, one at a time: each lands on the long call's slot once per 64.
    let wrong = 0;
    for (let seq = 2; seq < 20_002; seq++) {
      const c = call(seq);
      table.add(c);
      if (table.get(seq) !== c || table.get(1) !== long || !table.delete(seq) || table.get(seq) !== undefined) wrong++;
    }
    expect(wrong).toBe(0);
    expect(table.get(1)).toBe(long);
    expect(table.size).toBe(1);
    expect((table as unknown as { slots: unknown[] }).slots.length).toBe(64);
    expect(table.delete(1)).toBe(true);
    expect(table.size).toBe(0);
  });
});
