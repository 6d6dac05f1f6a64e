import { type CallToolResultLike, type RawReply, RecentStrings } from '@crosspoint/core';
import type { ReplyFrame } from './reply-frame.js';

/** What follows the id: for most servers always the same few bytes (`}` when the id comes last), decoded once. */
const tails = new RecentStrings(16, 32);

/** A reply line recognised by `scanReplyFrame`, as a `RawReply`: its text around the id, decoded once. */
export class TextReply implements RawReply {
  readonly before: string;
  readonly after: string;
  readonly isError: boolean;

  constructor(line: Buffer, start: number, end: number, frame: ReplyFrame) {
    this.before = line.toString('utf8', start, frame.idStart);
    this.after = tails.read(line, frame.idEnd, end);
    this.isError = frame.isError;
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
