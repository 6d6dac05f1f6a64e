import { z } from 'zod';
import { CrosspointError } from './errors.js';

/** Calls without their own timeout are abandoned after this long. */
export const DEFAULT_TOOL_TIMEOUT_MS = 60_000;

/** Our own native tools: snake_case segments, optionally dotted (`nets_list`, `slots.save`). */
export const NATIVE_TOOL_NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)*(\.[a-z][a-z0-9]*(_[a-z0-9]+)*)*$/;
/** Anything the MCP spec allows; tools of proxied servers keep their own style. */
export const MCP_TOOL_NAME = /^[A-Za-z0-9._-]{1,128}$/;

export type NamingRule = 'native' | 'proxied';

/** A JSON Schema object; kept opaque beyond its top-level shape so raw schemas pass through. */
export type JsonSchema = { [key: string]: unknown };

export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
  [key: string]: unknown;
}

export interface ToolDescriptor {
  /** Name within its subsystem (no prefix). */
  name: string;
  title?: string;
  description: string;
  /** JSON Schema of the arguments; top-level `type` is `"object"`. */
  inputSchema: JsonSchema & { type: 'object' };
  outputSchema?: JsonSchema & { type: 'object' };
  annotations?: ToolAnnotations;
  /** Per-tool timeout in milliseconds; `DEFAULT_TOOL_TIMEOUT_MS` when absent. */
  timeoutMs?: number;
  /** Downstream `_meta` of the tool, passed through untouched. */
  _meta?: Record<string, unknown>;
  /** MCP `execution`: whether the tool may (`optional`), must (`required`) or must not run as a task. */
  execution?: { taskSupport?: 'required' | 'optional' | 'forbidden'; [key: string]: unknown };
  /** MCP `icons`, passed through untouched. */
  icons?: Array<Record<string, unknown>>;
}

const objectSchema = z
  .object({ type: z.literal('object', { error: 'must be "object" (MCP tools take an object of arguments)' }) })
  .passthrough();

const descriptorSchema = (rule: NamingRule) =>
  z.object({
    name: z
      .string({ error: 'must be a string' })
      .regex(
        rule === 'native' ? NATIVE_TOOL_NAME : MCP_TOOL_NAME,
        rule === 'native'
          ? 'must be snake_case segments such as "dac_set" (native tools)'
          : 'must be 1-128 characters of A-Z a-z 0-9 . _ - (MCP spec)',
      ),
    title: z.string().optional(),
    description: z.string({ error: 'must be a string' }),
    inputSchema: objectSchema,
    outputSchema: objectSchema.optional(),
    annotations: z
      .object({
        title: z.string().optional(),
        readOnlyHint: z.boolean().optional(),
        destructiveHint: z.boolean().optional(),
        idempotentHint: z.boolean().optional(),
        openWorldHint: z.boolean().optional(),
      })
      .passthrough()
      .optional(),
    timeoutMs: z.number().int().positive().max(24 * 3600_000).optional(),
    _meta: z.record(z.string(), z.unknown()).optional(),
    execution: z.object({ taskSupport: z.enum(['required', 'optional', 'forbidden']).optional() }).passthrough().optional(),
    icons: z.array(z.record(z.string(), z.unknown())).optional(),
  });

const nativeSchema = descriptorSchema('native');
const proxiedSchema = descriptorSchema('proxied');

/**
 * Checks a descriptor and returns it (unknown extra fields dropped).
 * Throws `INVALID_DESCRIPTOR` naming the tool and every bad field.
 */
export function validateToolDescriptor(input: unknown, rule: NamingRule = 'native'): ToolDescriptor {
  const parsed = (rule === 'native' ? nativeSchema : proxiedSchema).safeParse(input);
  if (parsed.success) return parsed.data as ToolDescriptor;
  const name =
    typeof input === 'object' && input !== null && typeof (input as { name?: unknown }).name === 'string'
      ? (input as { name: string }).name
      : '<unnamed>';
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new CrosspointError('INVALID_DESCRIPTOR', `tool "${name}": ${problems.join('; ')}`, {
    details: { tool: name, problems },
  });
}

/** The timeout that applies to a call: explicit override, else the tool's, else the default. */
export function effectiveTimeout(descriptor: Pick<ToolDescriptor, 'timeoutMs'> | undefined, override?: number): number {
  return override ?? descriptor?.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
}
