import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { OutputShaper, findSocat, openHostSide, startPtyEmulator } from '../src/index.js';

const hasSocat = findSocat(process.env['PATH']) !== undefined;
if (!hasSocat && process.env['CI'] === 'true') throw new Error('socat is required under CI=true');
const withSocat = hasSocat ? describe : describe.skip;

withSocat('emulator on a socat pty pair', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'jlemu-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('answers the raw REPL through the OS serial path, unplugs and replugs at the same path', async () => {
    const pty = await startPtyEmulator({ linkPath: join(dir, 'ttyJLV5port5'), searchPath: process.env['PATH'] });
    try {
      expect(pty.path.endsWith('JLV5port5')).toBe(true);
      const port = new SerialPort({ path: pty.path, baudRate: 115200, autoOpen: false });
      const host = await openHostSide(port);
      host.write('\r\x01');
      await host.until('raw REPL; CTRL-B to exit\r\n>');
      host.write('print(6 + 7)\x04');
      expect(await host.until('\x04>')).toBe('OK13\r\n\x04\x04>');
      const closed = new Promise<boolean>((r) => port.once('close', (err?: { disconnected?: boolean }) => r(Boolean(err?.disconnected))));
      await pty.unplug();
      expect(await closed).toBe(true);
      expect(existsSync(pty.path)).toBe(false);
      await pty.replug();
      expect(existsSync(pty.path)).toBe(true);
      const again = await openHostSide(new SerialPort({ path: pty.path, baudRate: 115200, autoOpen: false }));
      again.write('\x03\x02');
      expect(await again.until('>>> ')).toContain('jumperless-v5 v');
      await again.close();
    } finally {
      await pty.stop();
    }
  }, 30_000);
});

describe('OutputShaper', () => {
  it('splits into 1..N byte pieces (through UTF-8 sequences) and keeps order under jitter', async () => {
    const got: Buffer[] = [];
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const shaper = new OutputShaper((c) => got.push(c), { splitWrites: 2, latencyMs: 1, jitterMs: 5, random });
    const text = 'µΩ→✓'.repeat(20);
    shaper.push(Buffer.from(text, 'utf8'));
    const total = Buffer.byteLength(text);
    const deadline = Date.now() + 10_000;
    while (got.reduce((n, c) => n + c.length, 0) < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(Buffer.concat(got).toString('utf8')).toBe(text);
    expect(Math.max(...got.map((c) => c.length))).toBeLessThanOrEqual(2);
    expect(got.some((c) => c.toString('utf8').includes('\ufffd'))).toBe(true); // some piece cut a character
  });
});
