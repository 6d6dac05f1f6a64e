import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown) => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));

/** `params` as the SDK schema takes it, restricted to what is cheap to be sure of: `_meta` holding at most a progress token. */
function plainParams(params: unknown): boolean {
  if (params === undefined) return true;
  if (!isObject(params)) return false;
  const meta = params['_meta'];
  if (meta === undefined) return true;
  if (!isObject(meta)) return false;
  for (const key in meta) if (key !== 'progressToken' || !isId(meta[key])) return false;
  return true;
}

function onlyKeys(v: Record<string, unknown>, allowed: readonly string[]): boolean {
  for (const key in v) if (!allowed.includes(key)) return false;
  return true;
}

const REQUEST_KEYS = ['jsonrpc', 'id', 'method', 'params'] as const;
const NOTIFICATION_KEYS = ['jsonrpc', 'method', 'params'] as const;
const RESULT_KEYS = ['jsonrpc', 'id', 'result'] as const;

/**
 * The common messages (plain requests, notifications and results) recognised without a schema
 * pass: answers true only for values the SDK's `JSONRPCMessageSchema` accepts unchanged, so a
 * false means "ask the schema", never "invalid". Per-message zod parsing was a visible part of
 * the front's cost per call.
 */
export function isPlainJsonRpcMessage(v: unknown): v is JSONRPCMessage {
  if (!isObject(v) || v['jsonrpc'] !== '2.0') return false;
  if (typeof v['method'] === 'string') {
    if (!plainParams(v['params'])) return false;
    return 'id' in v ? isId(v['id']) && onlyKeys(v, REQUEST_KEYS) : onlyKeys(v, NOTIFICATION_KEYS);
  }
  const result = v['result'];
  return 'result' in v && isId(v['id']) && isObject(result) && !('_meta' in result) && onlyKeys(v, RESULT_KEYS);
}
