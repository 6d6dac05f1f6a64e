import { CrosspointError } from '@crosspoint/core';
import type { BindingInterface } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { SerialPortStream } from '@serialport/stream';

/** Turns a serialport open failure into a clear, actionable error. */
export function openError(path: string, err: unknown): CrosspointError {
  const msg = err instanceof Error ? err.message : String(err);
  if (/lock|busy|EBUSY|Resource temporarily unavailable/i.test(msg)) {
    return new CrosspointError(
      'SERIAL_PORT_BUSY',
      `jumperless: port ${path} is busy (held by another program); close the other program (serial monitor, JumperIDE, another crosspoint) or set "port" in crosspoint.json`,
      { cause: err },
    );
  }
  if (/No such file|ENOENT|not found|cannot open/i.test(msg)) {
    return new CrosspointError('SERIAL_PORT_NOT_FOUND', `jumperless: port ${path} does not exist; is the board plugged in? (use "auto" to find it)`, {
      cause: err,
    });
  }
  if (/Permission denied|EACCES/i.test(msg)) {
    return new CrosspointError('SERIAL_PORT_NOT_FOUND', `jumperless: no permission to open ${path}; add your user to the dialout group`, { cause: err });
  }
  return new CrosspointError('SUBSYSTEM_UNAVAILABLE', `jumperless: cannot open ${path}: ${msg}`, { cause: err });
}

/**
 * Opens a board port the way the firmware wants it: 115200 baud (ignored by USB CDC, and never
 * 1200, which reboots the board into its bootloader), locked against other programs, DTR asserted
 * (the firmware treats the port as disconnected without it; a pty refuses the ioctl, which is fine).
 */
export async function openSerialPort(binding: BindingInterface, path: string): Promise<SerialPortStream> {
  const port = new SerialPortStream({ binding, path, baudRate: 115200, lock: true, autoOpen: false });
  try {
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  } catch (e) {
    throw openError(path, e);
  }
  await new Promise<void>((r) => port.set({ dtr: true }, () => r()));
  return port;
}
