import { z } from 'zod';
import {
  CrosspointError,
  defineNativeTool,
  errorToCallToolResult,
  isCrosspointError,
  rawToolResult,
  toCallToolResult,
} from '@crosspoint/core';

const textOf = (r: { content: unknown[] }) => (r.content[0] as { text: string }).text;

describe('tool results', () => {
  it('renders an object as structuredContent plus JSON text', () => {
    const r = toCallToolResult({ volts: 2.5 });
    expect(r.structuredContent).toEqual({ volts: 2.5 });
    expect(JSON.parse(textOf(r))).toEqual({ volts: 2.5 });
    expect(r.isError).toBeUndefined();
  });

  it('wraps non-objects and empty results', () => {
    expect(toCallToolResult(3).structuredContent).toEqual({ result: 3 });
    expect(toCallToolResult([1, 2]).structuredContent).toEqual({ result: [1, 2] });
    expect(toCallToolResult(undefined).structuredContent).toEqual({ ok: true });
  });

  it('forwards raw downstream results untouched', () => {
    const raw = { content: [{ type: 'image', data: 'AAAA', mimeType: 'image/png' }], isError: false };
    expect(toCallToolResult(rawToolResult(raw))).toBe(raw);
  });

  it('maps errors to isError results naming the tool, the code and the cause', () => {
    const cause = new Error('port closed');
    const err = new CrosspointError('SUBSYSTEM_UNAVAILABLE', 'jumperless is unplugged', { cause });
    const r = errorToCallToolResult(err, 'jumperless_dac_set');
    expect(r.isError).toBe(true);
    const text = textOf(r);
    expect(text).toContain('jumperless_dac_set');
    expect(text).toContain('SUBSYSTEM_UNAVAILABLE');
    expect(text).toContain('unplugged');
    expect(r._meta).toEqual({ 'crosspoint/error': { code: 'SUBSYSTEM_UNAVAILABLE' } });
  });

  it('maps foreign errors and aborts, and shows a stderr tail', () => {
    expect(textOf(errorToCallToolResult(new TypeError('boom'), 't'))).toBe('t failed [TOOL_FAILED]: boom');
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(errorToCallToolResult(abort, 't')._meta).toEqual({ 'crosspoint/error': { code: 'CANCELLED' } });
    const exited = new CrosspointError('DOWNSTREAM_EXITED', 'server exited with code 1', { details: { stderrTail: ['Traceback', 'Oops'] } });
    expect(textOf(errorToCallToolResult(exited, 't'))).toContain('Last stderr lines:\nTraceback\nOops');
  });
});

describe('defineNativeTool', () => {
  const tool = defineNativeTool({
    name: 'dac_set',
    description: 'Set a DAC channel',
    input: z.object({ channel: z.number().int().min(0).max(3), volts: z.number().min(-8).max(8) }),
  });

  it('publishes a JSON Schema with properties in declaration order', () => {
    expect(tool.descriptor.inputSchema.type).toBe('object');
    expect(Object.keys(tool.descriptor.inputSchema['properties'] as object)).toEqual(['channel', 'volts']);
  });

  it('validates before anything runs, with a readable INVALID_ARGUMENTS error', () => {
    expect(tool.parse({ channel: 1, volts: 2.5 })).toEqual({ channel: 1, volts: 2.5 });
    let caught: unknown;
    try {
      tool.parse({ channel: 9 });
    } catch (e) {
      caught = e;
    }
    expect(isCrosspointError(caught, 'INVALID_ARGUMENTS')).toBe(true);
    expect((caught as Error).message).toMatch(/channel: .*3/);
    expect((caught as Error).message).toContain('volts');
  });
});
