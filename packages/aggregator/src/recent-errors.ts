import type { ErrorCode } from '@crosspoint/core';

export interface RecentError {
  /** Epoch milliseconds. */
  at: number;
  /** Tool name within its subsystem, or `connect` for start-up failures. */
  tool: string;
  code: ErrorCode;
  message: string;
}

/** The last few errors of one subsystem, oldest first; a bounded ring so memory stays flat. */
export class RecentErrors {
  private readonly items: RecentError[] = [];

  constructor(private readonly capacity = 10) {}

  add(error: RecentError): void {
    this.items.push(error);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  list(): RecentError[] {
    return [...this.items];
  }

  get size(): number {
    return this.items.length;
  }
}
