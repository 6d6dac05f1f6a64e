import { runSubsystemContract } from '@crosspoint/testing';
import { createSubsystem } from '../src/index.js';

runSubsystemContract('jumperless plugin entry, port "emulated" (in-process binding)', async () => ({
  subsystem: createSubsystem({ port: 'emulated' }, { prefix: 'jumperless' }),
  okCall: { tool: 'dac_get', args: { channel: 0 } },
  invalidCall: { tool: 'connect', args: { node1: 'NOT_A_NODE', node2: 1 } },
  slowCall: { tool: 'sleep_ms', args: { ms: 3000 } },
}));

describe('createSubsystem options', () => {
  it('names the subsystem jumperless and says "emulated" in health and descriptions, not in names', async () => {
    const s = createSubsystem({ port: 'emulated', emulator: { firmwareVersion: '5.0.1.0' } }, { prefix: 'jumperless' });
    try {
      expect(s.name).toBe('jumperless');
      expect(s.tools().every((t) => !t.name.includes('emul') && t.description.includes('emulated'))).toBe(true);
      await s.connect();
      const h = await s.healthCheck();
      expect(h.message).toMatch(/^emulated Jumperless V5/);
      expect(h.version).toBe('5.0.1.0');
    } finally {
      await s.shutdown();
    }
  });

  it('a real port is not labelled emulated', () => {
    const s = createSubsystem({ port: '/dev/ttyACM2' });
    expect(s.tools().some((t) => t.description.includes('emulated'))).toBe(false);
  });

  it('rejects bad options with CONFIG_INVALID naming the field', () => {
    expect(() => createSubsystem({ port: 42 })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringMatching(/port: .*"auto" or "emulated"/) }));
    expect(() => createSubsystem({ port: 'auto', replyTimeoutMS: 5 })).toThrow(/replyTimeoutMS/);
    expect(() => createSubsystem({ port: 'emulated', emulator: { firmwareVersion: 'latest' } })).toThrow(/emulator.firmwareVersion/);
  });

  it('lists the tools named after the firmware API, with properties in firmware order', () => {
    const s = createSubsystem({ port: 'emulated' });
    const names = s.tools().map((t) => t.name);
    for (const n of ['connect', 'disconnect', 'is_connected', 'nodes_clear', 'dac_set', 'dac_get', 'adc_get', 'ina_get_current', 'ina_get_voltage', 'ina_get_bus_voltage', 'ina_get_power', 'gpio_set', 'gpio_get', 'gpio_set_dir', 'gpio_get_dir', 'gpio_set_pull', 'gpio_get_pull', 'pwm', 'pwm_stop', 'wavegen_start', 'wavegen_stop', 'oled_print', 'oled_clear', 'probe_read', 'nodes_save', 'switch_slot', 'get_state', 'set_state', 'nets_list', 'bridges_list']) {
      expect(names).toContain(n);
    }
    const props = (name: string) => Object.keys((s.tools().find((t) => t.name === name)?.inputSchema['properties'] ?? {}) as object);
    expect(props('connect')).toEqual(['node1', 'node2']);
    expect(props('dac_set')).toEqual(['channel', 'voltage']);
    expect(props('pwm')).toEqual(['pin', 'frequency', 'duty_cycle']);
    expect(props('gpio_set')).toEqual(['pin', 'value']);
  });
});
