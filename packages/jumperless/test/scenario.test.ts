import { isCrosspointError } from '@crosspoint/core';
import { type PtyBench, ptyBench, socatOrSkip, waitUntil, rejection } from './targets.js';

const run = socatOrSkip() ? describe : describe.skip;

run('LLM scenario on the emulated board over a socat pty', () => {
  let bench: PtyBench;
  beforeEach(async () => {
    bench = await ptyBench({}, { replyTimeoutMs: 60_000 });
    await bench.subsystem.connect();
  }, 30_000);
  afterEach(async () => bench.cleanup(), 30_000);

  it('DAC0 and ADC0 on row 10: 2.5 V set, about 2.5 V read back', async () => {
    const s = bench.subsystem;
    await s.invoke('connect', { node1: 'DAC0', node2: 10 });
    await s.invoke('connect', { node1: 'ADC0', node2: 10 });
    await s.invoke('dac_set', { channel: 'DAC0', voltage: 2.5 });
    await s.invoke('sleep_ms', { ms: 10 });
    const r = (await s.invoke('adc_get', { channel: 0 })) as { channel: number; volts: number };
    expect(r.channel).toBe(0);
    expect(r.volts).toBeCloseTo(2.5, 1);
  });

  it('DAC0 -> ISENSE_PLUS, ISENSE_MINUS -> row -> GND: a plausible current through the shunt', async () => {
    const s = bench.subsystem;
    await s.invoke('dac_set', { channel: 0, voltage: 2.5 });
    await s.invoke('connect', { node1: 'DAC0', node2: 'ISENSE_PLUS' });
    await s.invoke('connect', { node1: 'ISENSE_MINUS', node2: 30 });
    const open = (await s.invoke('ina_get_current', { sensor: 0 })) as { amps: number };
    expect(Math.abs(open.amps)).toBeLessThan(0.001);
    await s.invoke('connect', { node1: 30, node2: 'GND' });
    const r = (await s.invoke('ina_get_current', { sensor: 0 })) as { sensor: number; amps: number };
    expect(r.sensor).toBe(0);
    expect(r.amps).toBeGreaterThan(0.001);
    expect(r.amps).toBeLessThan(0.1);
  });

  it('an invalid node or channel is rejected before anything reaches the device', async () => {
    const s = bench.subsystem;
    const before = bench.pty.emulator.received.length;
    for (const [tool, args] of [
      ['connect', { node1: 'ROW_X', node2: 10 }],
      ['connect', { node1: 61, node2: 10 }],
      ['dac_set', { channel: 4, voltage: 1 }],
      ['dac_set', { channel: 0, voltage: 9 }],
      ['adc_get', { channel: 8 }],
      ['ina_get_current', { sensor: 2 }],
      ['gpio_set', { pin: 11, value: true }],
      ['pwm', { pin: 1, frequency: 0.0001, duty_cycle: 0.5 }],
    ] as const) {
      const err = await rejection(s.invoke(tool, args as Record<string, unknown>));
      expect(isCrosspointError(err, 'INVALID_ARGUMENTS')).toBe(true);
    }
    expect(bench.pty.emulator.received.length).toBe(before);
  });

  it('an unsafe route is reported as refused and nothing is connected', async () => {
    const s = bench.subsystem;
    const err = await rejection(s.invoke('connect', { node1: 'TOP_RAIL', node2: 'GND' }));
    expect(isCrosspointError(err, 'ROUTE_REFUSED')).toBe(true);
    expect((err as Error).message).toMatch(/refused to connect TOP_RAIL to GND/);
    await expect(s.invoke('is_connected', { node1: 'TOP_RAIL', node2: 'GND' })).resolves.toMatchObject({ connected: false });
    expect(bench.pty.emulator.model.bridges).toEqual([]);
  });

  it('a call during unplug fails fast; the next call after replug succeeds', async () => {
    const s = bench.subsystem;
    await s.invoke('connect', { node1: 1, node2: 2 });
    await bench.pty.unplug();
    await waitUntil(async () => (await s.healthCheck()).state === 'restarting', 10_000, 'the link to notice the unplug');
    const err = await rejection(s.invoke('is_connected', { node1: 1, node2: 2 }));
    expect(isCrosspointError(err, 'SUBSYSTEM_UNAVAILABLE')).toBe(true);
    expect((err as Error).message).toMatch(/disconnected/);
    const unhealthy = await s.healthCheck();
    expect(unhealthy.level).not.toBe('healthy');
    await bench.pty.replug();
    await waitUntil(async () => (await s.healthCheck()).state === 'running', 15_000, 'the link to reconnect');
    await expect(s.invoke('is_connected', { node1: 1, node2: 2 })).resolves.toMatchObject({ connected: true });
    const health = await s.healthCheck();
    expect(health.details?.['reconnectCount']).toBe(1);
    expect(health.version).toBe(bench.pty.emulator.firmwareVersion);
  });

  it('a call in flight when the cable is pulled rejects DISCONNECTED at once, not after a timeout', async () => {
    const s = bench.subsystem;
    let settled = false;
    const inFlight = s.invoke('sleep_ms', { ms: 10_000 }).finally(() => (settled = true));
    const outcome = rejection(inFlight);
    await waitUntil(() => bench.pty.emulator.isRunning, 10_000, 'the call to reach the board');
    await bench.pty.unplug();
    const err = await outcome;
    expect(isCrosspointError(err, 'DISCONNECTED')).toBe(true);
    expect(settled).toBe(true);
    // The board program is still "running" (10 s sleep): the call did not wait for it.
    expect(bench.pty.emulator.isRunning).toBe(true);
  });

  it('concurrent calls never interleave on the wire', async () => {
    const s = bench.subsystem;
    const em = bench.pty.emulator;
    const startExecuted = em.executed.length;
    bench.pty.shape.splitWrites = 4;
    const texts = Array.from({ length: 12 }, (_, i) => `call ${i} ✓`);
    await Promise.all([s.invoke('sleep_ms', { ms: 50 }), ...texts.map((text) => s.invoke('oled_print', { text, size: 1 }))]);
    const programs = em.executed.slice(startExecuted);
    expect(programs).toHaveLength(13);
    // Each program arrived whole: exactly one template, parsed and run alone.
    for (const p of programs) expect(p).toMatch(/^import json\n(import time\n)?[a-z_.]+\([^\n]*\)\nprint\([^\n]*\)\n$/);
    const printed = programs.filter((p) => p.includes('oled_print(')).map((p) => /oled_print\("([^"]*)"/.exec(p)?.[1]);
    expect(printed).toHaveLength(12);
    expect(em.inputWhileRunning).toBe(0);
    // Never an empty Ctrl-D (it would soft-reboot the board).
    expect(em.softReboots).toBe(0);
  });
});
