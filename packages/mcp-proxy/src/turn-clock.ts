let now = -1;
const forget = (): void => {
  now = -1;
};

/**
 * `performance.now()`, read once per callback: the calls started or answered from one chunk of
 * input share one clock read (and one microtask to forget it) instead of a read each. The time is
 * forgotten when the callback's microtasks run, so it is never older than the work that asks for it.
 */
export function turnTime(): number {
  if (now < 0) {
    now = performance.now();
    queueMicrotask(forget);
  }
  return now;
}
