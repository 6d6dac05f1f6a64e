import { DEFAULT_TOOL_TIMEOUT_MS, effectiveTimeout, isCrosspointError, validateToolDescriptor } from '@crosspoint/core';

const ok = { name: 'dac_set', description: 'Set a DAC', inputSchema: { type: 'object', properties: { channel: { type: 'number' } } } };

function errorOf(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('ToolDescriptor validation', () => {
  it('accepts a good native descriptor and keeps its schema untouched', () => {
    const d = validateToolDescriptor({ ...ok, annotations: { readOnlyHint: false, destructiveHint: true }, timeoutMs: 5000 });
    expect(d.inputSchema).toEqual(ok.inputSchema);
    expect(d.annotations?.destructiveHint).toBe(true);
    expect(d.timeoutMs).toBe(5000);
  });

  it('rejects non-snake_case names for native tools but carries proxied names through', () => {
    for (const name of ['get-sum', 'camelCase', 'Files.read']) {
      const e = errorOf(() => validateToolDescriptor({ ...ok, name }, 'native'));
      expect(isCrosspointError(e, 'INVALID_DESCRIPTOR')).toBe(true);
      expect(e.message).toContain(`tool "${name}"`);
      expect(e.message).toContain('name:');
      expect(validateToolDescriptor({ ...ok, name }, 'proxied').name).toBe(name);
    }
    expect(validateToolDescriptor({ ...ok, name: 'slots.save' }).name).toBe('slots.save');
  });

  it('rejects names the MCP spec forbids even for proxied tools', () => {
    for (const name of ['', 'has space', 'x'.repeat(129), 'emoji✓']) {
      expect(() => validateToolDescriptor({ ...ok, name }, 'proxied')).toThrow(/name: must be 1-128/);
    }
  });

  it('names the tool and the field for a bad schema, listing every problem', () => {
    const e = errorOf(() => validateToolDescriptor({ name: 'probe_read', description: 3, inputSchema: { type: 'string' } }));
    expect(e.message).toContain('tool "probe_read"');
    expect(e.message).toContain('inputSchema.type');
    expect(e.message).toContain('description');
    expect(errorOf(() => validateToolDescriptor({ ...ok, timeoutMs: -1 })).message).toContain('timeoutMs');
    expect(errorOf(() => validateToolDescriptor(null)).message).toContain('<unnamed>');
  });

  it('resolves timeouts: override, then the tool, then the default', () => {
    expect(effectiveTimeout(undefined)).toBe(DEFAULT_TOOL_TIMEOUT_MS);
    expect(effectiveTimeout({ timeoutMs: 100 })).toBe(100);
    expect(effectiveTimeout({ timeoutMs: 100 }, 7)).toBe(7);
  });
});

describe('validateToolDescriptor keeps what clients need from a downstream tool', () => {
  it('keeps execution (task support) and icons', () => {
    const d = validateToolDescriptor(
      { name: 'research', description: 'x', inputSchema: { type: 'object' }, execution: { taskSupport: 'required' }, icons: [{ src: 'https://x/i.png' }] },
      'proxied',
    );
    expect(d.execution).toEqual({ taskSupport: 'required' });
    expect(d.icons).toEqual([{ src: 'https://x/i.png' }]);
  });
  it('rejects a task support value the spec does not have', () => {
    expect(() => validateToolDescriptor({ name: 'r', description: 'x', inputSchema: { type: 'object' }, execution: { taskSupport: 'sometimes' } }, 'proxied')).toThrow(/execution\.taskSupport/);
  });
});
