import { Bm25Index, DiscoveryIndex, type McpTool, tokenize } from '../src/index.js';

const t = (name: string, description: string, params: string[] = []): McpTool => ({
  name,
  description,
  inputSchema: { type: 'object', properties: Object.fromEntries(params.map((p) => [p, { type: 'string' }])) },
});

describe('tokenize', () => {
  it('splits snake_case, camelCase, dots and punctuation into lowercase words', () => {
    expect(tokenize('jumperless_dac_set psu.setVoltage, ADC!')).toEqual(['jumperless', 'dac', 'set', 'psu', 'set', 'voltage', 'adc']);
  });
});

describe('Bm25Index', () => {
  it('ranks a document with the rarer matching term first and leaves out non-matches', () => {
    const index = new Bm25Index([
      { id: 'a', fields: [{ text: 'set the dac voltage', weight: 1 }] },
      { id: 'b', fields: [{ text: 'set the gpio pin', weight: 1 }] },
      { id: 'c', fields: [{ text: 'read the adc', weight: 1 }] },
    ]);
    const hits = index.search('dac set', 10);
    expect(hits.map((h) => h.id)).toEqual(['a', 'b']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(index.search('nothing here', 10)).toEqual([]);
    expect(index.search('set', 1)).toHaveLength(1);
  });
});

describe('DiscoveryIndex', () => {
  const tools = [
    t('jumperless_dac_set', 'Sets a DAC output voltage.', ['channel', 'volts']),
    t('jumperless_adc_read', 'Reads an ADC input voltage.', ['channel']),
    t('jumperless_nets_list', 'Lists the nets on the breadboard.'),
    t('files_read_file', 'Reads a text file from disk.', ['path']),
  ];
  const index = new DiscoveryIndex(tools);

  it('weights names and parameter names: "dac" finds dac_set first, "path" finds the file tool', () => {
    expect(index.search({ query: 'set dac voltage' }).results[0]?.name).toBe('jumperless_dac_set');
    expect(index.search({ query: 'path' }).results.map((r) => r.name)).toEqual(['files_read_file']);
    const read = index.search({ query: 'read', limit: 5 });
    expect(read.results.map((r) => r.name).sort()).toEqual(['files_read_file', 'jumperless_adc_read']);
    expect(read.total).toBe(4);
    expect(read.results[0]).toEqual({ name: expect.any(String), description: expect.any(String), score: expect.any(Number) });
  });

  it('describes known tools and reports unknown names', () => {
    const d = index.describe({ names: ['jumperless_adc_read', 'nope'] });
    expect(d.tools).toEqual([tools[1]]);
    expect(d.unknown).toEqual(['nope']);
  });

  it('rejects bad arguments with INVALID_ARGUMENTS', () => {
    expect(() => index.search({ query: '' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENTS' }));
    expect(() => index.search({ query: 'x', limit: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENTS' }));
    expect(() => index.describe({ names: 'x' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENTS' }));
  });
});
