import { EmulatorBinding, openHostSide } from '@crosspoint/jumperless-emulator';
import { SerialPortStream } from '@serialport/stream';

describe('in-process EmulatorBinding', () => {
  it('opens like a device, lists the board identity, refuses a second open, and unplugs', async () => {
    const binding = new EmulatorBinding();
    binding.add('/dev/emu/ttyJLV5port5');
    expect(await binding.list()).toEqual([expect.objectContaining({ path: '/dev/emu/ttyJLV5port5', vendorId: '1d50', productId: 'acab', serialNumber: 'JLV5port' })]);
    const port = new SerialPortStream({ binding, path: '/dev/emu/ttyJLV5port5', baudRate: 115200, autoOpen: false });
    const host = await openHostSide(port);
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

