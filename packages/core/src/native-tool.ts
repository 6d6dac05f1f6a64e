import { z } from 'zod';
import { CrosspointError } from './errors.js';
import { type ToolAnnotations, type ToolDescriptor, validateToolDescriptor } from './tool-descriptor.js';

/**
 * A native tool declared once with a zod schema: the JSON Schema published to clients and the
 * host-side validator come from the same source, so they cannot drift apart.
 */
export interface NativeTool<S extends z.ZodType = z.ZodType> {
  readonly descriptor: ToolDescriptor;
  readonly input: S;
  /** Validates raw arguments; throws `INVALID_ARGUMENTS` with a readable list of problems. */
  parse(args: unknown): z.output<S>;
}

export interface NativeToolSpec<S extends z.ZodType> {
  name: string;
  title?: string;
  description: string;
  input: S;
  annotations?: ToolAnnotations;
  timeoutMs?: number;
}

export function defineNativeTool<S extends z.ZodType>(spec: NativeToolSpec<S>): NativeTool<S> {
  const json = z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json['$schema'];
  const descriptor = validateToolDescriptor(
    {
      name: spec.name,
      ...(spec.title ? { title: spec.title } : {}),
      description: spec.description,
      inputSchema: json,
      ...(spec.annotations ? { annotations: spec.annotations } : {}),
      ...(spec.timeoutMs ? { timeoutMs: spec.timeoutMs } : {}),
    },
    'native',
  );
  return {
    descriptor,
    input: spec.input,
    parse(args: unknown) {
      const r = spec.input.safeParse(args ?? {});
      if (r.success) return r.data;
      throw new CrosspointError('INVALID_ARGUMENTS', `invalid arguments for ${spec.name}: ${formatZodIssues(r.error)}`, {
        details: { issues: r.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
      });
    },
  };
}

/** `volts: Too big: expected number to be <=8; channel: Required` */
export function formatZodIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'arguments'}: ${i.message}`).join('; ');
}
