/** The part of a serialport stream the host-side helper uses (SerialPort or SerialPortStream). */
export interface HostPort {
  readonly isOpen: boolean;
  open(callback: (err: Error | null) => void): void;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  write(data: Buffer): unknown;
  close(callback: () => void): void;
}

export interface HostSide {
  write(text: string): void;
  /** Waits until `pattern` has arrived (10 s at most); returns everything received since the last wait. */
  until(pattern: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Opens a port to the emulated board and reads it as text: for tests and tools that talk to the
 * emulator the way a person at a terminal would.
 */
export async function openHostSide(port: HostPort): Promise<HostSide> {
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  let text = '';
  port.on('data', (d: Buffer) => (text += d.toString('latin1')));
  return {
    write: (s) => void port.write(Buffer.from(s, 'utf8')),
    async until(pattern) {
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
