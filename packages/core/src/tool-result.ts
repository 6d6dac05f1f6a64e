import { errorCodeOf, errorMessageOf, isCrosspointError } from './errors.js';
import { type CallToolResultLike, isRawToolResult } from './tool-output.js';

/**
 * The one edge function from "a tool ran" to an MCP `CallToolResult`.
 * - A raw result from a downstream server is forwarded as it is.
 * - A plain object becomes `structuredContent` plus a JSON text rendering (older clients read text).
 * - Any other JSON value is wrapped as `{ result: value }`; `undefined` / `null` become `{ ok: true }`.
 */
export function toCallToolResult(output: unknown): CallToolResultLike {
  if (isRawToolResult(output)) return output.result;
  const structured: Record<string, unknown> =
    output === undefined || output === null
      ? { ok: true }
      : typeof output === 'object' && !Array.isArray(output)
        ? (output as Record<string, unknown>)
        : { result: output };
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
}

/**
 * Turns an error raised while running a tool into an `isError` result a model can read and act on,
 * as the MCP spec asks (invalid arguments included, so a model can correct itself).
 * The text names the tool, the stable code and the cause; the code is also in `_meta`.
 */
export function errorToCallToolResult(err: unknown, toolName: string): CallToolResultLike {
  const code = errorCodeOf(err);
  let text = `${toolName} failed [${code}]: ${errorMessageOf(err)}`;
  const details = isCrosspointError(err) ? err.details : undefined;
  const tail = details?.['stderrTail'];
  if (Array.isArray(tail) && tail.length > 0) text += `\nLast stderr lines:\n${tail.join('\n')}`;
  return {
    content: [{ type: 'text', text }],
    isError: true,
    _meta: { 'crosspoint/error': { code, ...(details ? { details } : {}) } },
  };
}
