import type { RawReply } from '@crosspoint/core';

const ID_KEY = '"id":';
const JSONRPC_FIRST = '{"jsonrpc":"2.0",';
const QUOTE = 0x22;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Cuts our string id out of a downstream's reply line (see `RawReply`), or `undefined` when the
 * line cannot be proven to be exactly the parsed reply with that id at its top level; the caller
 * then serializes the parsed result as usual. `reply` is the line already parsed (so the text is
 * valid JSON), and must hold exactly `jsonrpc`, `id` and `result`: no key of the child's can ride
 * along to the client. The id member must be the line's only `"id":` and written where it can
 * only be the top-level one: first (`{"id":…`), second after `"jsonrpc":"2.0"` (Python SDK
 * servers), or last (TypeScript SDK servers).
 */
export function cutReplyId(line: string, reply: object, id: string): RawReply | undefined {
  let keys = 0;
  for (const key in reply) {
    if (key !== 'jsonrpc' && key !== 'id' && key !== 'result') return undefined;
    keys++;
  }
  if (keys !== 3) return undefined;
  const at = line.indexOf(ID_KEY);
  if (at === -1) return undefined;
  const value = at + ID_KEY.length;
  const end = value + id.length + 2; // just past the id's closing quote
  if (line.charCodeAt(value) !== QUOTE || !line.startsWith(id, value + 1) || line.charCodeAt(end - 1) !== QUOTE) return undefined;
  const first = (at === 1 && line.charCodeAt(0) === OPEN_BRACE) || (at === JSONRPC_FIRST.length && line.startsWith(JSONRPC_FIRST));
  const last = end === line.length - 1 && line.charCodeAt(end) === CLOSE_BRACE && line.charCodeAt(at - 1) === COMMA;
  if (!first && !last) return undefined;
  if (line.indexOf(ID_KEY, end) !== -1) return undefined;
  return { before: line.slice(0, value), after: line.slice(end) };
}
