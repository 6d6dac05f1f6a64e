import { runSubsystemContract } from '@crosspoint/testing';
import { createDemoBench, deferredFromEnv, parseCommand, runCli } from '../src/index.js';
import { memoryIo } from './support/io.js';

function io(argv: string[], env: Record<string, string> = {}) {
  return memoryIo(argv, { env, cwd: __dirname });
}

describe('parseCommand', () => {
  it('parses every command and rejects misuse with a usage error', () => {
    expect(parseCommand(['serve', '--config', 'x.json'])).toEqual({ kind: 'serve', config: 'x.json' });
    expect(parseCommand(['tools', '--json'])).toEqual({ kind: 'tools', json: true });
    expect(parseCommand(['call', 'bench_psu_read'])).toEqual({ kind: 'call', tool: 'bench_psu_read', args: '{}' });
    expect(parseCommand(['restart', 'bench', '-c', 'a.json'])).toEqual({ kind: 'restart', name: 'bench', config: 'a.json' });
    expect(parseCommand([])).toEqual({ kind: 'help' });
    expect(parseCommand(['--version'])).toEqual({ kind: 'version' });
    expect(() => parseCommand(['serve', '--bogus'])).toThrow(/bogus/);
    expect(() => parseCommand(['frobnicate'])).toThrow('unknown command "frobnicate"');
    expect(() => parseCommand(['restart'])).toThrow(/one subsystem name/);
  });
});

describe('runCli in-process on the demo bench', () => {
  it('tools --json lists the gateway tools, the emulated Jumperless and the simulated bench', async () => {
    const t = io(['tools', '--json']);
    expect(await runCli(t.io)).toBe(0);
    const tools = JSON.parse(t.out()) as Array<{ name: string; description: string }>;
    const names = tools.map((x) => x.name);
    expect(names.slice(0, 2)).toEqual(['crosspoint_status', 'crosspoint_restart']);
    expect(names.slice(-4)).toEqual(['bench_psu_set', 'bench_psu_output', 'bench_psu_read', 'bench_meter_measure']);
    for (const n of ['jumperless_connect', 'jumperless_dac_set', 'jumperless_adc_get', 'jumperless_ina_get_current']) expect(names).toContain(n);
    expect(tools.find((x) => x.name === 'jumperless_dac_set')?.description).toContain('emulated');
  });

  it('the emulated board measures what the DAC drives through a routed net', async () => {
    const run = async (tool: string, args: object) => {
      const t = io(['call', tool, JSON.stringify(args)]);
      expect(await runCli(t.io)).toBe(0);
      return JSON.parse(t.out()) as Record<string, unknown>;
    };
    // Each in-process call builds a fresh gateway (and board), so one program of calls is not possible
    // here; a single call still proves the board answers through the whole CLI path.
    expect(await run('jumperless_dac_set', { channel: 0, voltage: 2.5 })).toEqual({ channel: 0, volts: 2.5 });
  });

  it('call runs a tool, reports tool errors and bad JSON with distinct exit codes', async () => {
    const ok = io(['call', 'bench_meter_measure', '{"quantity":"resistance","channel":2}']);
    expect(await runCli(ok.io)).toBe(0);
    expect(JSON.parse(ok.out())).toEqual({ quantity: 'resistance', value: 1000, unit: 'ohm' });
    const bad = io(['call', 'bench_psu_set', '{"channel":9,"volts":1}']);
    expect(await runCli(bad.io)).toBe(1);
    expect(bad.err()).toContain('bench_psu_set failed [INVALID_ARGUMENTS]');
    const unknown = io(['call', 'bench_psu_sett', '{}']);
    expect(await runCli(unknown.io)).toBe(1);
    expect(unknown.err()).toContain('similar: bench_psu_set');
    const json = io(['call', 'bench_psu_read', '{oops']);
    expect(await runCli(json.io)).toBe(2);
    expect(json.err()).toContain('not valid JSON');
  });

  it('restart explains that the demo bench cannot restart; usage errors exit 2', async () => {
    const r = io(['restart', 'bench']);
    expect(await runCli(r.io)).toBe(1);
    expect(r.err()).toContain('cannot be restarted');
    const u = io(['nope']);
    expect(await runCli(u.io)).toBe(2);
    expect(u.err()).toContain('Usage:');
  });
});

describe('deferredFromEnv', () => {
  it('maps 1/true/yes/on and 0/false/no/off, warning on anything else', () => {
    const warnings: string[] = [];
    const logger = { debug: () => {}, info: () => {}, error: () => {}, warn: (m: string) => void warnings.push(m) };
    expect(['1', 'true', 'YES', 'on'].map((v) => deferredFromEnv(v, logger))).toEqual([true, true, true, true]);
    expect(['0', 'false', 'no', 'Off'].map((v) => deferredFromEnv(v, logger))).toEqual([false, false, false, false]);
    expect(deferredFromEnv(undefined, logger)).toBeUndefined();
    expect(deferredFromEnv('maybe', logger)).toBeUndefined();
    expect(warnings).toHaveLength(1);
  });
});

runSubsystemContract('demo bench', async () => ({
  subsystem: createDemoBench(),
  okCall: { tool: 'psu_read', args: {} },
  invalidCall: { tool: 'psu_set', args: { channel: 3, volts: 1 } },
}));

describe('demo bench physics', () => {
  it('limits current into the load and refuses resistance on a powered channel', async () => {
    const bench = createDemoBench();
    await bench.connect();
    await bench.invoke('psu_set', { channel: 1, volts: 200 / 10, current_limit: 0.1 });
    await bench.invoke('psu_output', { channel: 1, on: true });
    const read = (await bench.invoke('psu_read', {})) as { channels: Array<{ volts: number; amps: number; limited: boolean }> };
    expect(read.channels[0]).toMatchObject({ volts: 10, amps: 0.1, limited: true });
    await expect(bench.invoke('meter_measure', { quantity: 'resistance', channel: 1 })).rejects.toMatchObject({ code: 'DEVICE_ERROR' });
    await bench.shutdown();
  });
});
