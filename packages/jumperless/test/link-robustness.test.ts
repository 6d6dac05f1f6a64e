import { isCrosspointError } from '@crosspoint/core';
import { JumperlessSubsystem } from '../src/index.js';
import { bindingBench, ptyBench, socatOrSkip, rejection } from './targets.js';

const run = socatOrSkip() ? describe : describe.skip;

run('raw-REPL link robustness over a socat pty', () => {
  it('syncs with a board that is busy running a script (Ctrl-C gets through)', async () => {
    const b = await ptyBench();
    try {
      b.pty.emulator.setBusy(true);
      await b.subsystem.connect();
      await expect(b.subsystem.invoke('is_connected', { node1: 1, node2: 2 })).resolves.toMatchObject({ connected: false });
    } finally {
      await b.cleanup();
    }
  }, 30_000);

  it('survives latency, jitter and output split into 1-3 byte pieces (mid-UTF-8)', async () => {
    const b = await ptyBench({}, {});
    try {
      Object.assign(b.pty.shape, { latencyMs: 3, jitterMs: 4, splitWrites: 3 });
      await b.subsystem.connect();
      const text = 'µΩ→✓😀 '.repeat(8);
      await b.subsystem.invoke('oled_print', { text, size: 0 });
      const { state } = (await b.subsystem.invoke('get_state', {})) as { state: { oled: string } };
      expect(state.oled).toBe(text);
      for (let i = 0; i < 5; i++) await expect(b.subsystem.invoke('dac_get', { channel: 0 })).resolves.toEqual({ channel: 0, volts: 0 });
    } finally {
      await b.cleanup();
    }
  }, 30_000);

  it('the reply timeout restarts on every byte: a slow but chatty program completes', async () => {
    const b = await ptyBench({}, { replyTimeoutMs: 1500 });
    try {
      await b.subsystem.connect();
      // Silent gaps of 600 ms (well under the 1.5 s timeout), 1.8 s in all (over it).
      const chatty = 'import time\nprint(1)\ntime.sleep_ms(600)\nprint(2)\ntime.sleep_ms(600)\nprint(3)\ntime.sleep_ms(600)\nprint(4)\n';
      const reply = await b.subsystem.link.exec(chatty, { inactivityMs: 1500 });
      expect(reply.stdout).toBe('1\r\n2\r\n3\r\n4\r\n');
      expect(reply.latencyMs).toBeGreaterThanOrEqual(1500);
    } finally {
      await b.cleanup();
    }
  }, 30_000);

  it('times out on silence, interrupts with Ctrl-C, re-syncs, and the next call works', async () => {
    const b = await ptyBench({}, { replyTimeoutMs: 400 });
    try {
      await b.subsystem.connect();
      b.pty.emulator.setBusy(true);
      const t = await rejection(b.subsystem.invoke('dac_get', { channel: 0 }));
      expect(isCrosspointError(t, 'TOOL_TIMEOUT')).toBe(true);
      expect(b.pty.emulator.isRunning).toBe(false);
      await expect(b.subsystem.invoke('dac_get', { channel: 0 })).resolves.toEqual({ channel: 0, volts: 0 });
    } finally {
      await b.cleanup();
    }
  }, 30_000);

  it('a queued call cancelled before it runs is dropped at once; an in-flight cancel keeps the wire in order', async () => {
    const b = await ptyBench();
    try {
      await b.subsystem.connect();
      const em = b.pty.emulator;
      let slowDone = false;
      const slow = b.subsystem.invoke('sleep_ms', { ms: 3000 }).then(() => (slowDone = true));
      const ac = new AbortController();
      const queued = b.subsystem.invoke('oled_print', { text: 'never shown', size: 1 }, { signal: ac.signal });
      await new Promise((r) => setTimeout(r, 50));
      ac.abort();
      const err = await rejection(queued);
      expect(isCrosspointError(err, 'CANCELLED')).toBe(true);
      expect(slowDone).toBe(false);
      await slow;
      expect(em.executed.some((p) => p.includes('never shown'))).toBe(false);
      // Cancel a running call while another waits behind it: the waiting one starts only after the Ctrl-C reply.
      const ac2 = new AbortController();
      const running = b.subsystem.invoke('sleep_ms', { ms: 5000 }, { signal: ac2.signal });
      const behind = b.subsystem.invoke('dac_get', { channel: 0 });
      await new Promise((r) => setTimeout(r, 100));
      ac2.abort();
      expect(isCrosspointError(await rejection(running), 'CANCELLED')).toBe(true);
      await expect(behind).resolves.toEqual({ channel: 0, volts: 0 });
      expect(em.inputWhileRunning).toBe(0);
      expect(em.softReboots).toBe(0);
    } finally {
      await b.cleanup();
    }
  }, 30_000);

  it('a call over its overall timeout is TOOL_TIMEOUT (board interrupted), and the link stays usable', async () => {
    const b = await ptyBench();
    try {
      await b.subsystem.connect();
      const err = await rejection(b.subsystem.invoke('sleep_ms', { ms: 5000 }, { timeoutMs: 300 }));
      expect(isCrosspointError(err, 'TOOL_TIMEOUT')).toBe(true);
      await expect(b.subsystem.invoke('dac_get', { channel: 0 })).resolves.toEqual({ channel: 0, volts: 0 });
      expect(b.pty.emulator.softReboots).toBe(0);
    } finally {
      await b.cleanup();
    }
  }, 30_000);

  it('older firmware: ADC 4-7 come back with the firmware error, then are refused on the host', async () => {
    const b = await ptyBench({ firmwareVersion: '5.0.3.1' });
    try {
      await b.subsystem.connect();
      expect((await b.subsystem.healthCheck()).version).toBe('5.0.3.1');
      const first = await rejection(b.subsystem.invoke('adc_get', { channel: 5 }));
      expect(isCrosspointError(first, 'DEVICE_ERROR')).toBe(true);
      expect((first as Error).message).toContain('ADC channel must be 0-3');
      const sent = b.pty.emulator.received.length;
      const second = await rejection(b.subsystem.invoke('adc_get', { channel: 6 }));
      expect(isCrosspointError(second, 'INVALID_ARGUMENTS')).toBe(true);
      expect(b.pty.emulator.received.length).toBe(sent);
      await expect(b.subsystem.invoke('adc_get', { channel: 3 })).resolves.toMatchObject({ channel: 3 });
    } finally {
      await b.cleanup();
    }
  }, 30_000);

  it('newer firmware reads ADC channel 7 (the probe)', async () => {
    const b = await ptyBench({ firmwareVersion: '5.2.2.0' });
    try {
      await b.subsystem.connect();
      await expect(b.subsystem.invoke('adc_get', { channel: 7 })).resolves.toMatchObject({ channel: 7 });
    } finally {
      await b.cleanup();
    }
  }, 30_000);

  it('a port that does not answer like the REPL is a clear DEVICE_ERROR (the wrong one of the four ports)', async () => {
    const b = await ptyBench({}, { syncTimeoutMs: 300, reconnect: false });
    try {
      b.pty.emulator.write = () => undefined; // a mute device
      const err = await rejection(b.subsystem.connect());
      expect(isCrosspointError(err, 'DEVICE_ERROR')).toBe(true);
      expect((err as Error).message).toMatch(/did not answer as a MicroPython raw REPL/);
      expect((await b.subsystem.healthCheck()).state).toBe('stopped');
    } finally {
      await b.cleanup();
    }
  }, 30_000);

  it('a port held by another program is SERIAL_PORT_BUSY with what to do', async () => {
    const b = await ptyBench();
    const other = new JumperlessSubsystem({ port: b.pty.path });
    try {
      await b.subsystem.connect();
      const err = await rejection(other.connect());
      expect(isCrosspointError(err, 'SERIAL_PORT_BUSY')).toBe(true);
      expect((err as Error).message).toMatch(/busy.*close the other program/);
    } finally {
      await other.shutdown();
      await b.cleanup();
    }
  }, 30_000);
});

describe('port errors and auto selection (in-process binding)', () => {
  it('a missing port is SERIAL_PORT_NOT_FOUND', async () => {
    const { binding } = bindingBench();
    const s = new JumperlessSubsystem({ port: '/dev/nope', binding, reconnect: false });
    const err = await rejection(s.connect());
    expect(isCrosspointError(err, 'SERIAL_PORT_NOT_FOUND')).toBe(true);
    await s.shutdown();
  });

  it('auto picks the REPL interface among the board ports and confirms it by the raw banner', async () => {
    const { binding, emulator } = bindingBench();
    // Three other interfaces of the same board: they list with the board identity but do not speak the REPL.
    const lister = async () => [
      // Looks like the REPL interface by its suffix but is gone: probing moves on to the next candidate.
      { path: '/dev/a/usb-Jumperless_V5_JLV5port-if04', vendorId: '1d50', productId: 'acab', serialNumber: 'JLV5port', manufacturer: undefined, pnpId: undefined, locationId: undefined },
      ...(await binding.list()),
      { path: '/dev/ttyACM0', vendorId: '1D50', productId: 'ACAB', serialNumber: 'JLV5port', manufacturer: undefined, pnpId: 'usb-x-if00', locationId: undefined },
      { path: '/dev/ttyUSB9', vendorId: '0403', productId: '6001', serialNumber: 'FT1', manufacturer: undefined, pnpId: undefined, locationId: undefined },
    ];
    const s = new JumperlessSubsystem({ port: 'auto', binding, lister, emulated: true });
    try {
      await s.connect();
      expect((await s.healthCheck()).details?.['port']).toBe('/dev/emulated/ttyJLV5port5');
      await s.invoke('connect', { node1: 3, node2: 4 });
      expect(emulator.model.bridges).toEqual([[3, 4]]);
    } finally {
      await s.shutdown();
    }
  });

  it('auto explains a container without udev', async () => {
    const s = new JumperlessSubsystem({
      port: 'auto',
      lister: async () => {
        throw new Error('spawn udevadm ENOENT');
      },
    });
    const err = await rejection(s.connect());
    expect(isCrosspointError(err, 'SERIAL_PORT_NOT_FOUND')).toBe(true);
    expect((err as Error).message).toMatch(/udevadm is missing.*set "port"/);
    await s.shutdown();
  });

  it('auto with no board says so', async () => {
    const s = new JumperlessSubsystem({ port: 'auto', lister: async () => [] });
    const err = await rejection(s.connect());
    expect((err as Error).message).toMatch(/no Jumperless V5 found/);
    await s.shutdown();
  });
});
