import { DeadlineSweep } from '../src/deadline-sweep.js';

// One timer for many deadlines: expired entries go, extended ones stay, later ones are re-armed for.
type Entry = { name: string; deadline: number };

function sweepOver(entries: Map<string, Entry>) {
  const expired: string[] = [];
  const sweep = new DeadlineSweep<Entry>(
    () => entries.values(),
    (e) => {
      entries.delete(e.name);
      expired.push(e.name);
    },
  );
  const add = (name: string, inMs: number) => {
    const e = { name, deadline: performance.now() + inMs };
    entries.set(name, e);
    sweep.watch(e.deadline);
    return e;
  };
  return { sweep, expired, add };
}

async function until(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('DeadlineSweep', () => {
  it('expires each entry once its deadline passed, earliest first, and re-arms for the later ones', async () => {
    const entries = new Map<string, Entry>();
    const { sweep, expired, add } = sweepOver(entries);
    add('late', 120);
    add('early', 30);
    await until(() => expired.length === 2);
    expect(expired).toEqual(['early', 'late']);
    sweep.stop();
  });

  it('keeps an entry whose deadline was moved later (progress), and expires it at the new deadline', async () => {
    const entries = new Map<string, Entry>();
    const { sweep, expired, add } = sweepOver(entries);
    const kept = add('kept', 40);
    const started = performance.now();
    kept.deadline = started + 200;
    await until(() => expired.length === 1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    sweep.stop();
  });

  it('does nothing for entries answered before their deadline, and stop() disarms it', async () => {
    const entries = new Map<string, Entry>();
    const { sweep, expired, add } = sweepOver(entries);
    add('answered', 20);
    entries.delete('answered');
    add('stopped', 30);
    sweep.stop();
    await new Promise((r) => setTimeout(r, 80));
    expect(expired).toEqual([]);
  });
});
