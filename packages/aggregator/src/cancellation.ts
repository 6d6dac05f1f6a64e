/**
 * Cancels one call: on the hot path this replaces an `AbortController` per call and the listener
 * each layer added to its signal, all of which showed in profiles. It holds one listener (the
 * next layer's); `signal` makes a real `AbortSignal` only for code that asks for one.
 */
export class CallCancellation {
  aborted = false;
  reason: unknown;
  private listener: ((reason: unknown) => void) | undefined;
  private controller: AbortController | undefined;

  /** A real signal tied to this cancellation, created on first use. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
    const listener = this.listener;
    this.listener = undefined;
    listener?.(reason);
  }

  /** Sets (or with `undefined`, clears) the one listener; an abort that already happened is not replayed. */
  onAbort(listener: ((reason: unknown) => void) | undefined): void {
    this.listener = listener;
  }
}
