import { isCrosspointError } from '@crosspoint/core';
import { type BoardTarget, HARDWARE_PORT, boardTargets, rejection, useConnectedBoard } from './targets.js';

const targets = boardTargets();
if (!HARDWARE_PORT) it.skip('tool tests on real hardware: set JUMPERLESS_PORT to run them', () => undefined);

describe.each(targets)('jumperless tools on the %s', (_label, make) => {
  const board = useConnectedBoard(make);
  let t: BoardTarget;
  beforeEach(() => {
    t = board();
  });

  it('connect / is_connected / disconnect / nets_list / bridges_list', async () => {
    const s = t.subsystem;
    await s.invoke('connect', { node1: 5, node2: 'gpio_1' });
    await s.invoke('connect', { node1: 5, node2: 6 });
    expect(await s.invoke('is_connected', { node1: 5, node2: 'GPIO_1' })).toEqual({ node1: 5, node2: 'GPIO_1', connected: true });
    // A direct bridge only: 6 reaches GPIO_1 through 5, which nets_list shows.
    expect(await s.invoke('is_connected', { node1: 6, node2: 'GPIO_1' })).toMatchObject({ connected: false });
    const nets = (await s.invoke('nets_list', {})) as { count: number; nets: Array<{ nodes: string[] }> };
    expect(nets.nets.some((n) => ['5', '6', 'GPIO_1'].every((x) => n.nodes.includes(x)))).toBe(true);
    const bridges = (await s.invoke('bridges_list', {})) as { count: number; bridges: unknown[] };
    expect(bridges.count).toBe(2);
    expect(bridges.bridges).toEqual(expect.arrayContaining([{ node1: '5', node2: 'GPIO_1' }]));
    await s.invoke('disconnect', { node1: 5, node2: 6 });
    expect(await s.invoke('is_connected', { node1: 5, node2: 6 })).toMatchObject({ connected: false });
    await s.invoke('disconnect', { node1: 5 });
    expect(await s.invoke('is_connected', { node1: 5, node2: 'GPIO_1' })).toMatchObject({ connected: false });
  });

  it('dac_set / dac_get report setpoints in volts', async () => {
    const s = t.subsystem;
    expect(await s.invoke('dac_set', { channel: 'DAC1', voltage: -1.25 })).toEqual({ channel: 'DAC1', volts: -1.25 });
    expect(await s.invoke('dac_get', { channel: 1 })).toEqual({ channel: 1, volts: -1.25 });
    await s.invoke('dac_set', { channel: 0, voltage: 0 });
    await s.invoke('dac_set', { channel: 1, voltage: 0 });
  });

  it('INA voltage, bus voltage and power come back as numbers with units', async () => {
    const s = t.subsystem;
    for (const [tool, unit] of [
      ['ina_get_voltage', 'volts'],
      ['ina_get_bus_voltage', 'volts'],
      ['ina_get_power', 'watts'],
      ['ina_get_current', 'amps'],
    ] as const) {
      const r = (await s.invoke(tool, { sensor: 1 })) as Record<string, unknown>;
      expect(typeof r[unit]).toBe('number');
    }
  });

  it('GPIO direction, level, pull', async () => {
    const s = t.subsystem;
    await s.invoke('gpio_set_dir', { pin: 2, direction: 'OUTPUT' });
    expect(await s.invoke('gpio_get_dir', { pin: 2 })).toEqual({ pin: 2, direction: 'OUTPUT' });
    await s.invoke('gpio_set', { pin: 2, value: true });
    expect(await s.invoke('gpio_get', { pin: 2 })).toEqual({ pin: 2, level: 'HIGH' });
    await s.invoke('gpio_set', { pin: 2, value: false });
    expect(await s.invoke('gpio_get', { pin: 'GPIO_2' })).toEqual({ pin: 'GPIO_2', level: 'LOW' });
    await s.invoke('gpio_set_dir', { pin: 3, direction: 'INPUT' });
    await s.invoke('gpio_set_pull', { pin: 3, pull: 'down' });
    expect(await s.invoke('gpio_get_pull', { pin: 3 })).toEqual({ pin: 3, pull: 'down' });
    expect(await s.invoke('gpio_get', { pin: 3 })).toEqual({ pin: 3, level: 'LOW' });
    await s.invoke('gpio_set_pull', { pin: 3, pull: 'keeper' });
    expect(await s.invoke('gpio_get_pull', { pin: 3 })).toEqual({ pin: 3, pull: 'keeper' });
    await s.invoke('gpio_set_pull', { pin: 3, pull: 'none' });
    await s.invoke('gpio_set_dir', { pin: 2, direction: 'INPUT' });
  });

  it('PWM and wavegen start and stop', async () => {
    const s = t.subsystem;
    await expect(s.invoke('pwm', { pin: 4, frequency: 1000, duty_cycle: 0.25 })).resolves.toEqual({ pin: 4, frequency_hz: 1000, duty_cycle: 0.25 });
    if (t.emulator) expect(t.emulator.model.pwm.get(4)).toEqual({ frequencyHz: 1000, duty: 0.25 });
    await s.invoke('pwm_stop', { pin: 4 });
    await s.invoke('wavegen_start', { output: 'DAC1', wave: 'square', frequency: 50, amplitude_vpp: 2, offset_volts: 1 });
    if (t.emulator) expect(t.emulator.model.wavegen).toMatchObject({ channel: 1, wave: 3, frequencyHz: 50, running: true });
    await s.invoke('wavegen_stop', {});
  });

  it('OLED text arrives exactly, hostile strings included (no injection)', async () => {
    const s = t.subsystem;
    for (const text of ['"); import os #', "'''\\\"\n\x04\x03\x01 ", 'Ω µA → ✓ 😀']) {
      await s.invoke('oled_print', { text, size: 1 });
      if (t.emulator) expect(t.emulator.model.oled).toEqual({ text, size: 1 });
    }
    if (t.emulator) {
      const programs = t.emulator.executed.filter((p) => p.includes('oled_print('));
      expect(programs.every((p) => !/[\x00-\x09\x0b-\x1f]/.test(p) && p.split('\n').length === 4)).toBe(true);
    }
    await s.invoke('oled_print', { text: 'default size' });
    if (t.emulator) expect(t.emulator.model.oled).toEqual({ text: 'default size', size: 1 });
    await s.invoke('oled_clear', {});
  });

  it('probe_read does not block', async () => {
    const r = (await t.subsystem.invoke('probe_read', {})) as { touched: boolean };
    expect(typeof r.touched).toBe('boolean');
    if (t.emulator) {
      expect(r).toEqual({ pad: null, touched: false });
      t.emulator.model.probePad = 25;
      expect(await t.subsystem.invoke('probe_read', {})).toEqual({ pad: '25', touched: true });
    }
  });

  it('slots: save, clear, switch back', async () => {
    const s = t.subsystem;
    await s.invoke('connect', { node1: 40, node2: 41 });
    expect(await s.invoke('nodes_save', { slot: 6 })).toEqual({ slot: 6, saved: true });
    await s.invoke('nodes_clear', {});
    await s.invoke('switch_slot', { slot: 6 });
    expect(await s.invoke('is_connected', { node1: 40, node2: 41 })).toMatchObject({ connected: true });
  });

  it('get_state returns an object; set_state restores it', async () => {
    const s = t.subsystem;
    await s.invoke('connect', { node1: 12, node2: 13 });
    const { state } = (await s.invoke('get_state', {})) as { state: Record<string, unknown> };
    expect(typeof state).toBe('object');
    await s.invoke('nodes_clear', {});
    await s.invoke('set_state', { state });
    expect(await s.invoke('is_connected', { node1: 12, node2: 13 })).toMatchObject({ connected: true });
  });

  it('a firmware error comes back as DEVICE_ERROR with the firmware message', async () => {
    const err = await rejection(t.subsystem.invoke('set_state', { state: '{not json' }));
    expect(isCrosspointError(err, 'DEVICE_ERROR')).toBe(true);
    expect((err as Error).message).toMatch(/the board raised ValueError/);
  });
});
