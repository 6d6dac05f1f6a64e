import { bindingBench, waitUntil } from './targets.js';

describe('jumperless over the in-process emulator binding', () => {
  it('connects, reads the firmware version, and runs tools', async () => {
    const { subsystem, emulator } = bindingBench({ firmwareVersion: '5.3.0.1' });
    try {
      await subsystem.connect();
      const health = await subsystem.healthCheck();
      expect(health).toMatchObject({ state: 'running', level: 'healthy', version: '5.3.0.1' });
      expect(health.message).toContain('emulated');
      await expect(subsystem.invoke('connect', { node1: 'DAC0', node2: 10 })).resolves.toEqual({ node1: 'DAC0', node2: 10, connected: true });
      await subsystem.invoke('connect', { node1: 'adc0', node2: 10 });
      await expect(subsystem.invoke('dac_set', { channel: 0, voltage: 2.5 })).resolves.toEqual({ channel: 0, volts: 2.5 });
      const r = (await subsystem.invoke('adc_get', { channel: 0 })) as { volts: number };
      expect(r.volts).toBeCloseTo(2.5, 2);
      // The firmware's own debug print is kept for diagnostics, not mistaken for the result.
      expect((await subsystem.healthCheck()).details?.['recentOutput']).toEqual(expect.arrayContaining([expect.stringMatching(/^dac_set: jl_dac_set: /)]));
      expect(emulator.model.bridges).toEqual([
        [106, 10],
        [110, 10],
      ]);
    } finally {
      await subsystem.shutdown();
    }
  });
});

describe('unplug and replug over the in-process binding', () => {
  it('fails fast while unplugged and reconnects by itself', async () => {
    const { subsystem, binding, path } = bindingBench();
    const seen: string[] = [];
    subsystem.on('healthChanged', (h) => seen.push(h.state));
    try {
      await subsystem.connect();
      binding.unplug(path);
      await waitUntil(async () => (await subsystem.healthCheck()).state === 'restarting', 10_000, 'unplug noticed');
      await expect(subsystem.invoke('dac_get', { channel: 0 })).rejects.toMatchObject({ code: 'SUBSYSTEM_UNAVAILABLE' });
      // A manual connect while the board is gone fails, but does not stop the reconnect schedule.
      await expect(subsystem.connect()).rejects.toMatchObject({ code: 'SERIAL_PORT_NOT_FOUND' });
      expect((await subsystem.healthCheck()).state).toBe('restarting');
      binding.replug(path);
      await waitUntil(async () => (await subsystem.healthCheck()).state === 'running', 10_000, 'reconnected');
      await expect(subsystem.invoke('dac_get', { channel: 0 })).resolves.toEqual({ channel: 0, volts: 0 });
      expect((await subsystem.healthCheck()).details?.['reconnectCount']).toBe(1);
      await waitUntil(() => seen.filter((x) => x === 'running').length >= 2, 5000, 'healthChanged events');
      expect(seen).toEqual(expect.arrayContaining(['starting', 'running', 'restarting']));
    } finally {
      await subsystem.shutdown();
    }
  });
});

describe('disconnect while connecting', () => {
  it('rejects the pending connect with DISCONNECTED and leaves no port open', async () => {
    const { subsystem, binding, path } = bindingBench();
    try {
      const connecting = subsystem.connect();
      const outcome = connecting.then(
        () => 'connected',
        (e: { code?: string }) => e.code,
      );
      await subsystem.disconnect();
      expect(await outcome).toBe('DISCONNECTED');
      // The port is free again: another opener can lock it.
      const port = await binding.open({ path, baudRate: 115200 });
      await port.close();
      await subsystem.connect();
      await expect(subsystem.invoke('dac_get', { channel: 1 })).resolves.toEqual({ channel: 1, volts: 0 });
    } finally {
      await subsystem.shutdown();
    }
  });
});
