// The floors of the proxy bench, one step of gateway work at a time, between the bench client and
// the echo child. Each step does what the one before it does, plus:
//   lines    reads lines and writes each one on, batched per event-loop turn (as the gateway writes)
//   ids      gives every tools/call its own id and puts the client's id back on the reply, found by
//            searching the bytes: nothing checked (a malformed line would go through; bench use only)
//   checked  recognises and checks every tools/call line and every reply with the gateway's own
//            byte scanners (the whole line valid JSON) and writes the child's request from the tool
//            name and the arguments' text, as the gateway does; ids as in `ids`
// A gateway must rewrite ids (sessions share one child) and check what it forwards (a malformed
// line gets a clear error, not a hung call), so `checked` is the floor of any gateway that does its job.
// Anything else (initialize, tools/list, notifications) goes through as it came.
// Run: node packages/mcp-proxy/bench/floor-relay.mjs <lines|ids|checked> <child command...>
import { spawn } from 'node:child_process';
import { scanToolCall } from '../../aggregator/dist/front/tool-call-frame.js';
import { scanReplyFrame } from '../dist/reply-frame.js';

const [step, command, ...args] = process.argv.slice(2);
if (!['lines', 'ids', 'checked'].includes(step)) throw new Error(`unknown step "${step}"`);
const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });

/** Queues text for `stream`; everything queued in one event-loop turn leaves in one write. */
function batched(stream) {
  let queue = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const data = queue.length === 1 ? queue[0] : queue.join('');
    queue = [];
    stream.write(data);
  };
  return (text) => {
    queue.push(text);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
}

/** Calls `onLine(buf, start, end)` for each newline-terminated line of a byte stream. */
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

const toChild = batched(child.stdin);
const toClient = batched(process.stdout);
const pass = (write) => (buf, start, end) => write(buf.toString('utf8', start, end + 1));
/** Client ids of the calls in flight, by our call number. */
const pending = new Map();
let seq = 0;
const PREFIX = 'crosspoint-';
const OUR_ID = `"id":"${PREFIX}`;

/** The digits at `at` as a number, and where they end. */
function digitsAt(buf, at) {
  let n = 0;
  let i = at;
  for (let d = buf[i] - 48; d >= 0 && d <= 9; d = buf[++i] - 48) n = n * 10 + d;
  return [n, i];
}

const requestBySearch = (buf, start, end) => {
  const at = buf.indexOf('"id":', start);
  const method = buf.indexOf('"tools/call"', start);
  if (at < 0 || at > end || method < 0 || method > end) return toChild(buf.toString('utf8', start, end + 1));
  const [id, after] = digitsAt(buf, at + 5);
  const n = ++seq;
  pending.set(n, id);
  toChild(`${buf.toString('utf8', start, at)}"id":"crosspoint-${n}"${buf.toString('utf8', after, end + 1)}`);
};

const replyBySearch = (buf, start, end) => {
  const at = buf.indexOf(OUR_ID, start);
  if (at < 0 || at > end) return toClient(buf.toString('utf8', start, end + 1));
  const [n, after] = digitsAt(buf, at + OUR_ID.length);
  const id = pending.get(n);
  pending.delete(n);
  toClient(`${buf.toString('utf8', start, at)}"id":${id}${buf.toString('utf8', after + 1, end + 1)}`);
};

const heads = new Map();
const requestChecked = (buf, start, end) => {
  const frame = scanToolCall(buf, start, end);
  if (!frame) return toChild(buf.toString('utf8', start, end + 1));
  let head = heads.get(frame.name);
  if (head === undefined) heads.set(frame.name, (head = `{"jsonrpc":"2.0","method":"tools/call","params":{"name":${JSON.stringify(frame.name)},"arguments":`));
  const n = ++seq;
  pending.set(n, frame.id);
  const args = frame.argsStart < 0 ? '{}' : buf.toString('utf8', frame.argsStart, frame.argsEnd);
  toChild(`${head}${args}},"id":"crosspoint-${n}"}\n`);
};

const replyChecked = (buf, start, end) => {
  const frame = scanReplyFrame(buf, start, end);
  if (!frame) return toClient(buf.toString('utf8', start, end + 1));
  const [n] = digitsAt(buf, frame.idStart + 1 + PREFIX.length); // idStart: the id's opening quote
  const id = pending.get(n);
  pending.delete(n);
  toClient(`${buf.toString('utf8', start, frame.idStart)}${JSON.stringify(id)}${buf.toString('utf8', frame.idEnd, end + 1)}`);
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
