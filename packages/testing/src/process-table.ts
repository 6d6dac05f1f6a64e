import { readFileSync, readdirSync } from 'node:fs';

/**
 * Live (non-zombie) processes whose command line contains `text`, read from Linux `/proc`.
 * Tests of child-process subsystems put a unique marker on a child's command line and use this
 * to prove that no process of it (grandchildren included) is left behind.
 */
export function processesWith(text: string): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state === 'Z' || state === 'X') continue;
      if (readFileSync(`/proc/${e}/cmdline`, 'utf8').includes(text)) out.push(Number(e));
    } catch {
      // exited while we looked
    }
  }
  return out;
}

type Truthy<T> = Exclude<T, undefined | null | false | '' | 0>;

/** Polls until `cond()` is truthy and returns its value; fails naming `what` after `timeoutMs`. */
export async function until<T>(cond: () => T | Promise<T>, what: string, timeoutMs = 15_000, pollMs = 25): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await cond();
    if (v) return v as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
