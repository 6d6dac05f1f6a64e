/**
 * Small tools for tests that check a hand-written parser against the real one on generated and
 * mutated input: a seeded generator (a failure can be replayed) and a mutation of a line.
 */

/** A deterministic generator of numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One of `items`, chosen by `rand`. */
export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

/** `line` with one or two characters deleted, inserted or replaced (inserted ones taken from `alphabet`). */
export function mutate(rand: () => number, line: string, alphabet: readonly string[]): string {
  for (let k = 1 + Math.floor(rand() * 2); k > 0; k--) {
    const at = Math.floor(rand() * line.length);
    const op = rand();
    const ch = pick(rand, alphabet);
    line = op < 0.33 ? line.slice(0, at) + line.slice(at + 1) : op < 0.66 ? line.slice(0, at) + ch + line.slice(at) : line.slice(0, at) + ch + line.slice(at + 1);
  }
  return line;
}

/**
 * The lines a hand-written parser accepted out of `runs` mutated ones (each made by `make(n)`, then
 * `mutate`d), with what it read from each: the test compares them with the real parser's reading.
 */
export function acceptedMutants<T>(
  rand: () => number,
  make: (n: number) => string,
  alphabet: readonly string[],
  scan: (line: string) => T | undefined,
  runs = 20_000,
): Array<{ line: string; got: T }> {
  const accepted: Array<{ line: string; got: T }> = [];
  for (let n = 0; n < runs; n++) {
    const line = mutate(rand, make(n), alphabet);
    const got = scan(line);
    if (got) accepted.push({ line, got });
  }
  return accepted;
}
