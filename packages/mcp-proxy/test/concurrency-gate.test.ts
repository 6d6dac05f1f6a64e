import { ConcurrencyGate } from '../src/concurrency-gate.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ConcurrencyGate', () => {
  it('runs at most max at once, the rest in FIFO order', async () => {
    const gate = new ConcurrencyGate(3);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const gates = Array.from({ length: 8 }, () => deferred());
    const calls = gates.map((d, i) =>
      gate.run(async () => {
        order.push(i);
        running++;
        peak = Math.max(peak, running);
        await d.promise;
        running--;
        return i;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([0, 1, 2]);
    expect(gate.waiting).toBe(5);
    gates.forEach((d) => d.resolve());
    expect(await Promise.all(calls)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
    expect(gate.running).toBe(0);
  });

  it('drops an aborted waiting call without using a slot', async () => {
    const gate = new ConcurrencyGate(1);
    const first = deferred();
    const a = gate.run(() => first.promise);
    const ac = new AbortController();
    let ranB = false;
    const b = gate.run(async () => {
      ranB = true;
    }, ac.signal);
    const c = gate.run(async () => 'c');
    ac.abort();
    await expect(b).rejects.toBeDefined();
    first.resolve();
    await a;
    expect(await c).toBe('c');
    expect(ranB).toBe(false);
    expect(gate.running).toBe(0);
  });
});
