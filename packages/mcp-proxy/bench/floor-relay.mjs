// The floors of the proxy bench, one step of gateway work at a time, between the bench client and
// the echo child. Each step does what the one before it does, plus:
//   lines    reads lines and writes each one on, batched per event-loop turn (as the gateway writes)
//   ids      gives every tools/call its own id and puts the client's id back on the reply, found by
//            searching the bytes: nothing checked (a malformed line would go through; bench use only)
//   checked  recognises and checks every tools/call line and every reply with the gateway's own
//            byte scanners (the whole line valid JSON) and writes the child's request from the tool
//            name and the arguments' bytes, as the gateway does; ids as in `ids`
// A gateway must rewrite ids (sessions share one child) and check what it forwards (a malformed
// line gets a clear error, not a hung call), so `checked` is the floor of any gateway that does its job.
// Each is as lean as we know how to make it: bytes in, bytes out (nothing decoded to strings),
// calls in flight in a plain array, one write per stream and event-loop turn from a reused buffer.
// Anything else (initialize, tools/list, notifications) goes through as it came.
// Run: node packages/mcp-proxy/bench/floor-relay.mjs <lines|ids|checked> <child command...>
import { spawn } from 'node:child_process';
import { scanToolCall } from '../../aggregator/dist/front/tool-call-frame.js';
import { scanReplyFrame } from '../dist/reply-frame.js';

const [step, command, ...args] = process.argv.slice(2);
if (!['lines', 'ids', 'checked'].includes(step)) throw new Error(`unknown step "${step}"`);
const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });

/** Bytes for one stream: copied into one buffer, written once per event-loop turn. */
class Output {
  constructor(stream) {
    this.stream = stream;
    this.buf = Buffer.allocUnsafe(16 * 1024);
    this.len = 0;
    this.scheduled = false;
    this.flush = () => {
      this.scheduled = false;
      this.stream.write(this.buf.subarray(0, this.len));
      // The buffer is reused only when the write went out at once; otherwise the stream still holds it.
      if (this.stream.writableLength !== 0) this.buf = Buffer.allocUnsafe(this.buf.length);
      this.len = 0;
    };
  }

  room(n) {
    if (this.len + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.len + n));
    this.buf.copy(bigger, 0, 0, this.len);
    this.buf = bigger;
  }

  bytes(src, start, end) {
    this.room(end - start);
    this.len += src.copy(this.buf, this.len, start, end);
    this.schedule();
  }

  /** Constant bytes (a Buffer made once). */
  word(bytes) {
    this.room(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
    this.schedule();
  }

  /** A non-negative integer's digits. */
  digits(n) {
    this.room(16);
    let width = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) width++;
    for (let i = this.len + width - 1, x = n; i >= this.len; i--, x = Math.floor(x / 10)) this.buf[i] = 48 + (x % 10);
    this.len += width;
    this.schedule();
  }

  schedule() {
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }
}

/** Calls `onLine(buf, start, end)` for each newline-terminated line of a byte stream (`end` on the newline). */
function lines(stream, onLine) {
  let rest;
  stream.on('data', (chunk) => {
    if (rest) chunk = Buffer.concat([rest, chunk]);
    rest = undefined;
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      onLine(chunk, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length) rest = chunk.subarray(start);
  });
}

const toChild = new Output(child.stdin);
const toClient = new Output(process.stdout);
const pass = (out) => (buf, start, end) => out.bytes(buf, start, end + 1);

const PREFIX = 'crosspoint-';
const ID_KEY = Buffer.from('"id":');
const OUR_ID = Buffer.from(`"id":"${PREFIX}`);
const QUOTE = Buffer.from('"');
const CALL_TAIL = Buffer.from(`},"id":"${PREFIX}`);
const LINE_END = Buffer.from('"}\n');
const NO_ARGUMENTS = Buffer.from('{}');
const TOOLS_CALL = Buffer.from('"tools/call"');

/** Client ids of the calls in flight, by our call number (the bench keeps at most 64 in flight). */
const pending = new Array(65536).fill(0);
const MASK = pending.length - 1;
let seq = 0;

/** The digits at `at` as a number, and where they end. */
function digitsAt(buf, at) {
  let n = 0;
  let i = at;
  for (let d = buf[i] - 48; d >= 0 && d <= 9; d = buf[++i] - 48) n = n * 10 + d;
  return [n, i];
}

const requestBySearch = (buf, start, end) => {
  const at = buf.indexOf(ID_KEY, start);
  const method = buf.indexOf(TOOLS_CALL, start);
  if (at < 0 || at > end || method < 0 || method > end) return toChild.bytes(buf, start, end + 1);
  const [id, after] = digitsAt(buf, at + ID_KEY.length);
  const n = ++seq;
  pending[n & MASK] = id;
  toChild.bytes(buf, start, at);
  toChild.word(OUR_ID);
  toChild.digits(n);
  toChild.word(QUOTE);
  toChild.bytes(buf, after, end + 1);
};

const replyBySearch = (buf, start, end) => {
  const at = buf.indexOf(OUR_ID, start);
  if (at < 0 || at > end) return toClient.bytes(buf, start, end + 1);
  const [n, after] = digitsAt(buf, at + OUR_ID.length);
  toClient.bytes(buf, start, at);
  toClient.word(ID_KEY);
  toClient.digits(pending[n & MASK]);
  toClient.bytes(buf, after + 1, end + 1); // past our id's closing quote
};

/** The text of the request before its arguments, per tool name. */
const heads = new Map();
const requestChecked = (buf, start, end) => {
  const frame = scanToolCall(buf, start, end);
  if (!frame || typeof frame.id !== 'number' || frame.id < 0) return toChild.bytes(buf, start, end + 1);
  let head = heads.get(frame.name);
  if (head === undefined) heads.set(frame.name, (head = Buffer.from(`{"jsonrpc":"2.0","method":"tools/call","params":{"name":${JSON.stringify(frame.name)},"arguments":`)));
  const n = ++seq;
  pending[n & MASK] = frame.id;
  toChild.word(head);
  if (frame.argsStart < 0) toChild.word(NO_ARGUMENTS);
  else toChild.bytes(buf, frame.argsStart, frame.argsEnd);
  toChild.word(CALL_TAIL);
  toChild.digits(n);
  toChild.word(LINE_END);
};

const replyChecked = (buf, start, end) => {
  const frame = scanReplyFrame(buf, start, end);
  if (!frame) return toClient.bytes(buf, start, end + 1);
  const [n] = digitsAt(buf, frame.idStart + 1 + PREFIX.length); // idStart: the id's opening quote
  toClient.bytes(buf, start, frame.idStart);
  toClient.digits(pending[n & MASK]);
  toClient.bytes(buf, frame.idEnd, end + 1);
};

const steps = {
  lines: [pass(toChild), pass(toClient)],
  ids: [requestBySearch, replyBySearch],
  checked: [requestChecked, replyChecked],
};
lines(process.stdin, steps[step][0]);
lines(child.stdout, steps[step][1]);
process.stdin.on('end', () => child.stdin.end());
child.on('exit', (code) => process.exit(code ?? 1));
