import { seededRandom } from '@crosspoint/testing';
import { IdTable } from '../src/id-table.js';

describe('IdTable', () => {
  it('answers as a Map does, for ids that count up and for any other ids', () => {
    const rand = seededRandom(11);
    // Values include undefined: `has` must not confuse a stored undefined with a missing id.
    const table = new IdTable<number | undefined>();
    const reference = new Map<string | number, number | undefined>();
    const odd = () => [-1, -0, 0, 1.5, 2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER, 'a', '1', '', 'req-7'][Math.floor(rand() * 11)] as string | number;
    let next = 0;
    let wrong = 0;
    // Calls start in order and end out of order, up to 300 in flight (the slots grow past their first 64).
    for (let step = 0; step < 30000; step++) {
      const r = rand();
      const id = r < 0.05 ? odd() : r < 0.55 && reference.size < 300 ? next++ : ([...reference.keys()][Math.floor(rand() * reference.size)] ?? next);
      const op = rand();
      if (op < 0.5) {
        const value = step % 10 === 0 ? undefined : step;
        table.set(id, value);
        reference.set(id, value);
      } else if (op < 0.8) {
        if (table.delete(id) !== reference.delete(id)) wrong++;
      } else if (table.get(id) !== reference.get(id) || table.has(id) !== reference.has(id)) wrong++;
      if (table.size !== reference.size) wrong++;
    }
    expect(wrong).toBe(0);
    for (const [id, value] of reference) expect(table.get(id)).toBe(value);
    const sort = (xs: [string | number, number | undefined][]) => xs.map(([k, v]) => `${String(k)}=${v}`).sort();
    expect(sort(table.entries())).toEqual(sort([...reference.entries()]));
    table.clear();
    expect(table.size).toBe(0);
    expect(table.get(0)).toBeUndefined();
  });

  it('keeps a long call that the others lap, without growing for it', () => {
    const table = new IdTable<string>();
    table.set(1, 'long');
    let wrong = 0;
    // 20,000 short calls, one at a time: every 64th lands on the long call's slot.
    for (let id = 2; id < 20_002; id++) {
      table.set(id, 'short');
      if (table.get(id) !== 'short' || table.get(1) !== 'long' || !table.delete(id) || table.get(id) !== undefined) wrong++;
    }
    expect(wrong).toBe(0);
    expect(table.size).toBe(1);
    expect((table as unknown as { keys: unknown[] }).keys.length).toBe(64);
    expect(table.delete(1)).toBe(true);
    expect(table.size).toBe(0);
  });
});
