/**
 * What `Subsystem.invoke` resolves to: either a plain JSON value (native tools; the front renders it
 * as `structuredContent` plus text) or an MCP `CallToolResult` that must be forwarded untouched
 * (proxied servers, nested gateways), wrapped with `rawToolResult`.
 */
export type ToolOutput = unknown;

export interface CallToolResultLike {
  content: Array<{ type: string; [key: string]: unknown }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  _meta?: Record<string, unknown>;
  [key: string]: unknown;
}

// Symbol.for so that two copies of this package still recognize each other's results.
const RAW = Symbol.for('crosspoint.rawToolResult');

export interface RawToolResult {
  readonly [RAW]: true;
  readonly result: CallToolResultLike;
}

export function rawToolResult(result: CallToolResultLike): RawToolResult {
  return { [RAW]: true, result };
}

export function isRawToolResult(value: unknown): value is RawToolResult {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[RAW] === true;
}
