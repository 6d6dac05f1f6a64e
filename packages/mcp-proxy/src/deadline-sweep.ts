/** An entry the sweep can expire: `deadline` is a `performance.now()` time, moved later by its owner at will. */
export interface Deadlined {
  deadline: number;
}

/**
 * One timer for the deadlines of many calls, instead of a `setTimeout` per call: it is armed for
 * the earliest deadline; when it fires, every entry past its deadline is expired and the timer is
 * re-armed for the next one. An entry extends its deadline (progress) by writing `deadline`; an
 * entry that is gone (answered) just is not in `entries()` any more. Costs a comparison per call.
 */
export class DeadlineSweep<T extends Deadlined> {
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;

  constructor(
    private readonly entries: () => Iterable<T>,
    private readonly expire: (entry: T) => void,
  ) {}

  /** Makes sure the sweep runs by `deadline` (call when an entry is added). */
  watch(deadline: number): void {
    if (deadline < this.armedFor) this.arm(deadline);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = at;
    // Timers have millisecond granularity and may fire a fraction early: at least 1 ms, rounded up.
    this.timer = setTimeout(this.sweep, Math.max(1, Math.ceil(at - performance.now())));
    this.timer.unref();
  }

  private readonly sweep = (): void => {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = performance.now();
    let next = Infinity;
    const due: T[] = [];
    for (const entry of this.entries()) {
      if (entry.deadline <= now) due.push(entry);
      else if (entry.deadline < next) next = entry.deadline;
    }
    for (const entry of due) this.expire(entry);
    if (next < this.armedFor) this.arm(next);
  };
}
