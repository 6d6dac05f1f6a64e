/**
 * The calls in flight, by their call number (`seq`, which only grows): an array of a power-of-two
 * size indexed by `seq & mask`. Numbers in flight together are close to each other, so they rarely
 * share a slot, and finding, adding or removing one costs no hashing and no allocation (a `Map` with
 * ever-new keys rebuilds its table every few dozen calls). A call whose slot is taken by an older one
 * still in flight (a long call the others lapped) waits in a small `Map` instead. The array doubles
 * when it is half full, so it stays at most four times the largest number of calls once in flight.
 */
export class SeqTable<T extends { readonly seq: number }> {
  private slots: (T | undefined)[] = new Array<T | undefined>(64).fill(undefined);
  private mask = 63;
  private inSlots = 0;
  private readonly overflow = new Map<number, T>();

  get size(): number {
    return this.inSlots + this.overflow.size;
  }

  get(seq: number): T | undefined {
    const entry = this.slots[seq & this.mask];
    if (entry !== undefined && entry.seq === seq) return entry;
    return this.overflow.size === 0 ? undefined : this.overflow.get(seq);
  }

  /** Adds an entry; its `seq` must not be in the table already. */
  add(entry: T): void {
    if (2 * (this.inSlots + 1) > this.slots.length) this.grow();
    const i = entry.seq & this.mask;
    if (this.slots[i] === undefined) {
      this.slots[i] = entry;
      this.inSlots++;
    } else {
      this.overflow.set(entry.seq, entry);
    }
  }

  delete(seq: number): boolean {
    const i = seq & this.mask;
    const entry = this.slots[i];
    if (entry !== undefined && entry.seq === seq) {
      this.slots[i] = undefined;
      this.inSlots--;
      return true;
    }
    return this.overflow.size !== 0 && this.overflow.delete(seq);
  }

  /** Every entry (a snapshot: entries may be deleted while it is walked). */
  values(): T[] {
    const all: T[] = [];
    for (const entry of this.slots) if (entry !== undefined) all.push(entry);
    for (const entry of this.overflow.values()) all.push(entry);
    return all;
  }

  private grow(): void {
    const entries = this.values();
    this.slots = new Array<T | undefined>(this.slots.length * 2).fill(undefined);
    this.mask = this.slots.length - 1;
    this.inSlots = 0;
    this.overflow.clear();
    for (const entry of entries) {
      const i = entry.seq & this.mask;
      if (this.slots[i] === undefined) {
        this.slots[i] = entry;
        this.inSlots++;
      } else {
        this.overflow.set(entry.seq, entry);
      }
    }
  }
}
