import { setFlagsFromString } from 'node:v8';

/** A V8 flag the gateway sets for itself, unless node was started with one of `userChoices`. */
interface GcTuning {
  flag: string;
  /** Node flags by which a user has chosen already (matched with `-` for `_`, with or without `no-`). */
  userChoices: RegExp;
}

const TUNINGS: readonly GcTuning[] = [
  /*
   * The young generation is collected on the main thread alone. A gateway's young generation holds
   * little more than the messages in flight, so one thread clears it in well under a millisecond.
   * Helper threads add nothing there but a wait: on a busy machine with few cores (the IDE, the agent
   * and the child servers all running), the main thread stalls until the scheduler runs a helper it
   * woke. Measured at 64 calls in flight on 2 cores: scavenge pauses of 0.5 ms instead of 0.5–3.8 ms,
   * and +3.8 points of the zero-work relay's throughput on average (BENCHMARKS.md, session 6).
   */
  { flag: '--no-parallel-scavenge', userChoices: /^--(no-)?(parallel-scavenge|single-threaded-gc|single-threaded)(=|$)/ },
  /*
   * The young generation regrows in one step instead of doubling. When the process idles, V8's memory
   * reducer shrinks the young generation to its smallest size, and V8 grows it again only as objects
   * survive. A gateway's objects rarely survive (a call lives for a millisecond), so after an idle
   * spell a burst of calls ran for hundreds of collections of a 1 MB young generation, each a pause.
   * Growing straight to the maximum after the first megabyte of survivors: 54–69 scavenges instead of
   * 211–263 in the proxy bench, and the gateway's throughput at 64 in flight in the default run from a
   * median of 0.957 to 0.996 of the relay's (BENCHMARKS.md, session 7). Idle memory is unchanged: the
   * reducer still shrinks it back.
   */
  { flag: '--semi-space-growth-factor=16', userChoices: /^--(semi-space-growth-factor|min-semi-space-size|max-semi-space-size|max-heap-size)(=|$)/ },
];

/**
 * The V8 flags the gateway sets for itself, given the flags node was started with (its command line
 * and NODE_OPTIONS): each one the user has not chosen already.
 */
export function gcFlagsFor(nodeArgs: readonly string[]): string[] {
  const args = nodeArgs.map((arg) => arg.replaceAll('_', '-'));
  return TUNINGS.filter((tuning) => !args.some((arg) => tuning.userChoices.test(arg))).map((tuning) => tuning.flag);
}

/** Node's own flags for this process: its command line, then NODE_OPTIONS (which execArgv leaves out). */
export function nodeArgsOf(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  return [...execArgv, ...(nodeOptions ?? '').split(/\s+/).filter(Boolean)];
}

/**
 * Applies `gcFlagsFor` to this process and returns the flags set. V8 reads both flags when it
 * collects (at every scavenge, and when it grows the young generation), so setting them after
 * start-up takes effect from the next collection.
 */
export function tuneGarbageCollection(nodeArgs: readonly string[]): string[] {
  const flags = gcFlagsFor(nodeArgs);
  for (const flag of flags) setFlagsFromString(flag);
  return flags;
}
