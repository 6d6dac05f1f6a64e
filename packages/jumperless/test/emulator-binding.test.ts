import { EmulatorBinding } from '@crosspoint/jumperless-emulator';
import { SerialPortStream } from '@serialport/stream';

/** Opens a port, collects its output as text, and waits for patterns. */
async function hostSide(port: SerialPortStream) {
  await new Promise<void>((res, rej) => port.open((e: Error | null) => (e ? rej(e) : res())));
  let text = '';
  port.on('data', (d: Buffer) => (text += d.toString('latin1')));
  return {
    write: (s: string) => port.write(Buffer.from(s, 'utf8')),
    async until(pattern: string) {
      const deadline = Date.now() + 10_000;
      while (!text.includes(pattern)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(pattern)}, got ${JSON.stringify(text)}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      const out = text;
      text = '';
      return out;
    },
    close: () => new Promise<void>((r) => (port.isOpen ? port.close(() => r()) : r())),
  };
}

describe('in-process EmulatorBinding', () => {
  it('opens like a device, lists the board identity, refuses a second open, and unplugs', async () => {
    const binding = new EmulatorBinding();
    binding.add('/dev/emu/ttyJLV5port5');
    expect(await binding.list()).toEqual([expect.objectContaining({ path: '/dev/emu/ttyJLV5port5', vendorId: '1d50', productId: 'acab', serialNumber: 'JLV5port' })]);
    const port = new SerialPortStream({ binding, path: '/dev/emu/ttyJLV5port5', baudRate: 115200, autoOpen: false });
    const host = await hostSide(port);
    await expect(binding.open({ path: '/dev/emu/ttyJLV5port5', baudRate: 115200 })).rejects.toThrow(/lock/);
    await expect(binding.open({ path: '/dev/none', baudRate: 115200 })).rejects.toThrow(/No such file/);
    host.write('\r\x01');
    await host.until('CTRL-B to exit\r\n>');
    const closed = new Promise<boolean>((r) => port.once('close', (err?: { disconnected?: boolean }) => r(Boolean(err?.disconnected))));
    binding.unplug('/dev/emu/ttyJLV5port5');
    expect(await closed).toBe(true);
    expect(await binding.list()).toEqual([]);
    binding.replug('/dev/emu/ttyJLV5port5');
    expect(await binding.list()).toHaveLength(1);
  });
});

