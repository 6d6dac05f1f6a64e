import { CrosspointError } from '@crosspoint/core';

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
