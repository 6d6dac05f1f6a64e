import { turnTime } from '../src/turn-clock.js';

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('turnTime', () => {
  it('gives every caller in one callback the same time, read when first asked', () => {
    const before = performance.now();
    const first = turnTime();
    busy(5);
    expect(turnTime()).toBe(first);
    expect(first).toBeGreaterThanOrEqual(before);
  });

  it('reads the clock again once the callback is over, so a time is never older than its callback', async () => {
    const first = turnTime();
    await new Promise((r) => setImmediate(r));
    busy(2);
    const later = turnTime();
    expect(later - first).toBeGreaterThanOrEqual(2);
    const now = performance.now();
    expect(now - later).toBeLessThan(50);
  });

  it('forgets the time at the end of the current microtasks, before any timer or I/O callback', async () => {
    const first = turnTime();
    busy(2);
    await Promise.resolve(); // microtasks queued before ours may still see it…
    await new Promise((r) => setTimeout(r, 0)); // …but no later callback does
    expect(turnTime()).toBeGreaterThan(first + 1);
  });
});
