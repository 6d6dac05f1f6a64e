import { CrosspointError } from '@crosspoint/core';
import type { PortInfo } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };

export type PortLister = () => Promise<PortInfo[]>;

const VID = '1d50';
const PID = 'acab';
/** USB interface 4 (the third CDC port) is the MicroPython REPL; how each OS names it. */
const REPL_SUFFIXES = [/-if04(\b|$)/i, /MI_04/i, /JLV5port5$/];

export function isJumperless(p: PortInfo): boolean {
  const vid = p.vendorId?.toLowerCase().replace(/^0x/, '');
  const pid = p.productId?.toLowerCase().replace(/^0x/, '');
  return (vid === VID && pid === PID) || (p.serialNumber ?? '').startsWith('JLV5port') || p.path.includes('JLV5port');
}

function looksLikeRepl(p: PortInfo): boolean {
  return REPL_SUFFIXES.some((re) => re.test(p.path) || re.test(p.pnpId ?? ''));
}

/**
 * Board ports in the order to probe them: the REPL interface by its suffix first, else the
 * third port in sorted order, then the rest. Never relies on /dev/ttyACMn numbers alone.
 */
export function rankCandidates(ports: PortInfo[]): string[] {
  const board = ports.filter(isJumperless).sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
  const bySuffix = board.filter(looksLikeRepl);
  const third = board.length >= 3 ? [board[2] as PortInfo] : [];
  const ordered = [...bySuffix, ...third, ...board];
  return [...new Set(ordered.map((p) => p.path))];
}

/** Lists ports, turning the container failure (`spawn udevadm ENOENT`) into a clear error. */
export async function listBoardPorts(lister: PortLister): Promise<string[]> {
  let ports: PortInfo[];
  try {
    ports = await lister();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const hint = /udevadm/.test(msg)
      ? 'udevadm is missing (a container without udev); set "port" to the REPL port path, e.g. /dev/serial/by-id/...-if04'
      : 'set "port" to the REPL port path explicitly';
    throw new CrosspointError('SERIAL_PORT_NOT_FOUND', `jumperless: cannot list serial ports (${msg}); ${hint}`, { cause: e });
  }
  const ranked = rankCandidates(ports);
  if (ranked.length === 0) {
    throw new CrosspointError(
      'SERIAL_PORT_NOT_FOUND',
      `jumperless: no Jumperless V5 found among ${ports.length} serial port(s) (looked for USB 1D50:ACAB or serial JLV5port); plug it in or set "port"`,
    );
  }
  return ranked;
}
