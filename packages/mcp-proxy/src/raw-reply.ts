import { type ByteBuilder, type CallToolResultLike, type RawReply, RecentStrings } from '@crosspoint/core';
import type { ReplyFrame } from './reply-frame.js';

/** What follows the id: for most servers always the same few bytes (`}` when the id comes last), decoded once. */
const tails = new RecentStrings(16, 32);

/**
 * A reply line recognised by `scanReplyFrame`, as a `RawReply`: the line's bytes, cut around the
 * id. Written on as bytes; decoded only for a sink that wants text. (The line's buffer is the
 * chunk it was read in, or a copy: never reused, so holding it is safe.)
 */
export class TextReply implements RawReply {
  readonly isError: boolean;
  private readonly idStart: number;
  private readonly idEnd: number;

  constructor(
    private readonly line: Buffer,
    private readonly start: number,
    private readonly end: number,
    frame: ReplyFrame,
  ) {
    this.idStart = frame.idStart;
    this.idEnd = frame.idEnd;
    this.isError = frame.isError;
  }

  get before(): string {
    return this.line.toString('utf8', this.start, this.idStart);
  }

  get after(): string {
    return tails.read(this.line, this.idEnd, this.end);
  }

  writeTo(out: ByteBuilder, id: string | number): void {
    out.bytes(this.line, this.start, this.idStart);
    if (typeof id === 'number') out.integer(id);
    else out.text(JSON.stringify(id));
    out.bytes(this.line, this.idEnd, this.end);
  }

  parse(): CallToolResultLike {
    return (JSON.parse(`${this.before}null${this.after}`) as { result: CallToolResultLike }).result;
  }
}

/** Hands a result on as text to a sink that takes it, parsed to one that does not. */
export function deliverText(sink: { result(result: CallToolResultLike): void; resultText?(reply: RawReply): void }, reply: RawReply): void {
  if (sink.resultText) sink.resultText(reply);
  else sink.result(reply.parse());
}
