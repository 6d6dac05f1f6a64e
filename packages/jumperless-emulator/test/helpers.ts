import { JumperlessEmulator, type JumperlessEmulatorOptions } from '../src/index.js';

/** An emulator with its output collected as text, and a way to wait for a pattern. */
export function harness(options: JumperlessEmulatorOptions = {}) {
  const emulator = new JumperlessEmulator({ noiseVolts: 0, ...options });
  let out = Buffer.alloc(0);
  emulator.on('data', (c) => (out = Buffer.concat([out, c])));
  const text = () => out.toString('utf8');
  const take = () => {
    const t = text();
    out = Buffer.alloc(0);
    return t;
  };
  async function until(pattern: string | RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    const hit = () => (typeof pattern === 'string' ? text().includes(pattern) : pattern.test(text()));
    while (!hit()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(pattern)}; got ${JSON.stringify(text())}`);
      await new Promise((r) => setTimeout(r, 2));
    }
    return take();
  }
  /** Enters raw mode and drops the banner. */
  async function raw(): Promise<void> {
    emulator.write('\r\x01');
    await until('raw REPL; CTRL-B to exit\r\n>');
  }
  /** Runs code in raw mode and returns the full reply frame. */
  async function exec(code: string): Promise<string> {
    emulator.write(`${code}\x04`);
    return until(/\x04[\s\S]*\x04>$/);
  }
  return { emulator, text, take, until, raw, exec };
}
