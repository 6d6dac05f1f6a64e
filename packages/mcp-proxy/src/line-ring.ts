/**
 * A bounded ring of text lines (a child's stderr, or the non-JSON lines it printed on stdout).
 * Both the number of lines and their total bytes are capped, so a flooding child costs a fixed
 * amount of memory; the newest lines win. A partial line is held until its newline arrives (or
 * until it alone exceeds the byte cap, when it is cut).
 */
export class LineRing {
  private lines: string[] = [];
  private bytes = 0;
  private partial = '';
  /** Lines pushed out of the ring (or cut) since creation. */
  dropped = 0;
  /** Every complete line seen since creation. */
  total = 0;

  constructor(
    readonly maxLines: number,
    readonly maxBytes: number,
    private readonly onLine?: (line: string) => void,
  ) {}

  /** Appends raw text; complete lines enter the ring. */
  write(chunk: string): void {
    let text = this.partial + chunk;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      this.push(text.slice(0, nl).replace(/\r$/, ''));
      text = text.slice(nl + 1);
      nl = text.indexOf('\n');
    }
    if (text.length > this.maxBytes) {
      this.push(text.slice(0, this.maxBytes));
      text = '';
    }
    this.partial = text;
  }

  /** Adds one complete line. */
  push(line: string): void {
    const cut = line.length > this.maxBytes ? line.slice(0, this.maxBytes) : line;
    if (cut !== line) this.dropped++;
    this.total++;
    this.onLine?.(cut);
    this.lines.push(cut);
    this.bytes += cut.length;
    while (this.lines.length > this.maxLines || (this.bytes > this.maxBytes && this.lines.length > 1)) {
      const old = this.lines.shift() as string;
      this.bytes -= old.length;
      this.dropped++;
    }
  }

  /** The last `n` lines (all kept lines by default), plus the pending partial line if any. */
  tail(n = this.maxLines): string[] {
    const all = this.partial ? [...this.lines, this.partial] : this.lines;
    return all.slice(Math.max(0, all.length - n));
  }

  /** Characters currently held (an upper bound on its memory, modulo string overhead). */
  get size(): number {
    return this.bytes + this.partial.length;
  }
}
