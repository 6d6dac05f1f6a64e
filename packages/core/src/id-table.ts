/** The first slot count; the table doubles when half full. */
const FIRST_SLOTS = 64;

/** Whether `id` can take a slot: a non-negative integer that fits 32-bit arithmetic. */
function slotted(id: string | number): id is number {
  return typeof id === 'number' && (id | 0) === id && id >= 0;
}

/**
 * A `Map` from JSON-RPC request ids to calls in flight, made for ids that count up: an integer id is
 * kept in an array slot (`id & mask`), so finding, adding or removing it costs no hashing and no
 * allocation (a `Map` whose keys keep moving on rebuilds its table every few dozen calls). Ids in
 * flight together are close to each other, so they rarely share a slot; an id whose slot is taken
 * (a long call the others lapped), and any other id (a string, a negative or a huge number), goes to
 * a small `Map` instead. The slots double when half full, so they stay at most four times the largest
 * number of calls once in flight.
 */
export class IdTable<T> {
  private keys: number[] = new Array<number>(FIRST_SLOTS).fill(-1);
  private values: (T | undefined)[] = new Array<T | undefined>(FIRST_SLOTS).fill(undefined);
  private mask = FIRST_SLOTS - 1;
  private inSlots = 0;
  private readonly others = new Map<string | number, T>();

  get size(): number {
    return this.inSlots + this.others.size;
  }

  get(id: string | number): T | undefined {
    if (slotted(id)) {
      const i = id & this.mask;
      if (this.keys[i] === id) return this.values[i];
    }
    return this.others.size === 0 ? undefined : this.others.get(id);
  }

  has(id: string | number): boolean {
    if (slotted(id) && this.keys[id & this.mask] === id) return true;
    return this.others.size !== 0 && this.others.has(id);
  }

  set(id: string | number, value: T): void {
    if (slotted(id) && (this.others.size === 0 || !this.others.has(id))) {
      if (2 * (this.inSlots + 1) > this.keys.length) this.grow();
      const i = id & this.mask;
      const key = this.keys[i];
      if (key === id || key === -1) {
        if (key === -1) this.inSlots++;
        this.keys[i] = id;
        this.values[i] = value;
        return;
      }
    }
    this.others.set(id, value);
  }

  delete(id: string | number): boolean {
    if (slotted(id)) {
      const i = id & this.mask;
      if (this.keys[i] === id) {
        this.keys[i] = -1;
        this.values[i] = undefined;
        this.inSlots--;
        return true;
      }
    }
    return this.others.size !== 0 && this.others.delete(id);
  }

  /** Every entry as `[id, value]` (a snapshot: entries may be deleted while it is walked). */
  entries(): [string | number, T][] {
    const all: [string | number, T][] = [];
    for (let i = 0; i < this.keys.length; i++) if ((this.keys[i] as number) !== -1) all.push([this.keys[i] as number, this.values[i] as T]);
    for (const entry of this.others) all.push(entry);
    return all;
  }

  /** Every value (a snapshot). */
  valueList(): T[] {
    return this.entries().map(([, value]) => value);
  }

  clear(): void {
    this.keys = new Array<number>(FIRST_SLOTS).fill(-1);
    this.values = new Array<T | undefined>(FIRST_SLOTS).fill(undefined);
    this.mask = FIRST_SLOTS - 1;
    this.inSlots = 0;
    this.others.clear();
  }

  private grow(): void {
    const all = this.entries();
    const size = this.keys.length * 2;
    this.keys = new Array<number>(size).fill(-1);
    this.values = new Array<T | undefined>(size).fill(undefined);
    this.mask = size - 1;
    this.inSlots = 0;
    this.others.clear();
    for (const [id, value] of all) {
      const i = slotted(id) ? id & this.mask : -1;
      if (i !== -1 && this.keys[i] === -1) {
        this.keys[i] = id as number;
        this.values[i] = value;
        this.inSlots++;
      } else {
        this.others.set(id, value);
      }
    }
  }
}
