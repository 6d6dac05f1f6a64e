import { setFlagsFromString } from 'node:v8';

/** Node flags by which a user has chosen how V8 collects garbage (with `-` or `_`, with or without `no-`). */
const GC_CHOICES = /^--(no-)?(parallel-scavenge|single-threaded-gc|single-threaded)(=|$)/;

/**
 * The V8 flags the gateway sets for itself, given the flags node was started with: none when the
 * user chose already.
 *
 * `--no-parallel-scavenge`: the young generation is collected on the main thread alone. A gateway's
 * young generation holds little more than the messages in flight, so one thread clears it in well
 * under a millisecond. Helper threads add nothing there but a wait: on a busy machine with few cores
 * (the IDE, the agent and the child servers all running), the main thread stalls until the
 * scheduler runs a helper it woke. Measured at 64 calls in flight on 2 cores: scavenge pauses of
 * 0.5 ms instead of 0.5–3.8 ms, and +3.8 points of the zero-work relay's throughput on average
 * (14 of 17 paired runs better; BENCHMARKS.md, session 6).
 */
export function gcFlagsFor(execArgv: readonly string[]): string[] {
  const chosen = execArgv.some((arg) => GC_CHOICES.test(arg.replaceAll('_', '-')));
  return chosen ? [] : ['--no-parallel-scavenge'];
}

/**
 * Applies `gcFlagsFor` to this process and returns the flags set. V8 reads this flag at every
 * scavenge, so setting it after start-up takes effect from the next one.
 */
export function tuneGarbageCollection(execArgv: readonly string[]): string[] {
  const flags = gcFlagsFor(execArgv);
  for (const flag of flags) setFlagsFromString(flag);
  return flags;
}
