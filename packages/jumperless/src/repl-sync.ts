import type { ReceiveBuffer } from './wire.js';

export type LinkState = 'stopped' | 'connecting' | 'ready' | 'reconnecting' | 'closed';

const RAW_PROMPT = 'raw REPL; CTRL-B to exit\r\n>';
const FRIENDLY = /MicroPython[^\r\n]*\r?\n(?:[^\r\n]*\r?\n)?>>> /;
const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Brings the REPL into raw mode from any state: Ctrl-C twice (interrupts a running script),
 * Ctrl-B for the friendly banner (which carries `jumperless-v5 v<version> with rp2350b`),
 * then Ctrl-A and the raw banner. Leaves only bytes after the raw prompt in the buffer.
 * Returns the firmware version, if the banner named one.
 */
export async function syncRawRepl(rx: ReceiveBuffer, write: (text: string) => Promise<void>, timeoutMs: number): Promise<string | undefined> {
  await write('\r\x03\x03');
  await delay(100);
  rx.take();
  await write('\r\x02');
  const banner = await rx.waitFor((d) => FRIENDLY.exec(d.toString('utf8'))?.[0], timeoutMs);
  const version = /jumperless-v5 v(\S+)/.exec(banner)?.[1];
  rx.take();
  await write('\x01');
  await rx.waitFor((d) => (d.toString('utf8').includes(RAW_PROMPT) ? true : undefined), timeoutMs);
  const text = rx.data.toString('utf8');
  rx.data = Buffer.from(text.slice(text.indexOf(RAW_PROMPT) + RAW_PROMPT.length), 'utf8');
  return version;
}

/** Why calls cannot run in this state, in words a user can act on. */
export function unavailableReason(state: LinkState, lastError: string | undefined): string {
  switch (state) {
    case 'reconnecting':
      return `the board is disconnected (${lastError ?? 'port closed'}); reconnecting by itself, retry shortly`;
    case 'closed':
      return 'it has been shut down';
    case 'connecting':
      return 'it is still connecting';
    default:
      return `it is not connected${lastError ? ` (${lastError})` : ''}`;
  }
}
