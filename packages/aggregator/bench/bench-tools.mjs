// The tools both benchmark targets offer: `echo` plus `count` filler tools, same names,
// descriptions and schemas, so the gateway and the direct server list identical payloads.
export function benchTools(count) {
  const tools = [
    {
      name: 'echo',
      description: 'Returns its text argument.',
      inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    },
  ];
  for (let i = 1; i < count; i++) {
    tools.push({
      name: `tool_${String(i).padStart(4, '0')}`,
      description: `Benchmark filler tool ${i}: sets channel ${i % 16} of instrument ${Math.floor(i / 16)} to a value in volts.`,
      inputSchema: {
        type: 'object',
        properties: { channel: { type: 'integer', minimum: 0, maximum: 15 }, volts: { type: 'number', minimum: -8, maximum: 8 } },
        required: ['channel', 'volts'],
      },
    });
  }
  return tools;
}

export function runBenchTool(name, args) {
  return name === 'echo' ? { text: args.text } : { tool: name, ok: true };
}
