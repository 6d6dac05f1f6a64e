import { harness } from './helpers.js';

describe('emulator REPL framing, byte for byte', () => {
  it('friendly mode echoes input, prints values and prompts with ">>> "', async () => {
    const h = harness();
    h.emulator.write('1 + 2\r');
    expect(await h.until('>>> ')).toBe('1 + 2\r\n3\r\n>>> ');
  });

  it('Ctrl-B prints the friendly banner with the firmware version and the rp2350b', async () => {
    const h = harness({ firmwareVersion: '5.1.4.2' });
    h.emulator.write('\x02');
    const out = await h.until('>>> ');
    expect(out).toMatch(/^\r\nMicroPython v\S+ on [^;]+; jumperless-v5 v5\.1\.4\.2 with rp2350b\r\nType "help\(\)" for more information\.\r\n>>> $/);
  });

  it('Ctrl-A enters raw mode with the exact banner, and raw mode does not echo', async () => {
    const h = harness();
    h.emulator.write('\x01');
    expect(await h.until('>')).toBe('\r\nraw REPL; CTRL-B to exit\r\n>');
    h.emulator.write('print(42)');
    await new Promise((r) => setTimeout(r, 20));
    expect(h.text()).toBe('');
  });

  it('a raw program is answered OK, stdout, \\x04, stderr, \\x04, >', async () => {
    const h = harness();
    await h.raw();
    expect(await h.exec('print("hi")\nprint(1.5)')).toBe('OKhi\r\n1.5\r\n\x04\x04>');
  });

  it('errors go to stderr as a traceback with the line number', async () => {
    const h = harness();
    await h.raw();
    expect(await h.exec('print(1)\nina_get_current(2)')).toBe(
      'OK1\r\n\x04Traceback (most recent call last):\r\n  File "<stdin>", line 2, in <module>\r\nValueError: INA sensor must be 0 or 1\r\n\x04>',
    );
  });

  it('an empty Ctrl-D soft-reboots and comes back to the raw prompt', async () => {
    const h = harness();
    await h.raw();
    h.emulator.write('\x04');
    expect(await h.until(/>$/)).toBe('OK\r\nsoft reboot\r\nraw REPL; CTRL-B to exit\r\n>');
    expect(h.emulator.softReboots).toBe(1);
  });

  it('a soft reboot forgets variables', async () => {
    const h = harness();
    await h.raw();
    expect(await h.exec('x = 5\nprint(x)')).toBe('OK5\r\n\x04\x04>');
    h.emulator.write('\x04');
    await h.until('CTRL-B to exit\r\n>');
    expect(await h.exec('print(x)')).toContain("NameError: name 'x' isn't defined");
  });

  it('Ctrl-C in raw mode clears the buffered program', async () => {
    const h = harness();
    await h.raw();
    h.emulator.write('print("lost")\x03');
    expect(await h.exec('print("kept")')).toBe('OKkept\r\n\x04\x04>');
  });

  it('Ctrl-C interrupts a running program with a KeyboardInterrupt traceback', async () => {
    const h = harness();
    await h.raw();
    h.emulator.write('import time\nprint("start")\ntime.sleep_ms(60000)\nprint("never")\x04');
    await h.until('start\r\n');
    h.emulator.write('\x03');
    expect(await h.until(/\x04>$/)).toBe('\x04Traceback (most recent call last):\r\n  File "<stdin>", line 3, in <module>\r\nKeyboardInterrupt: \r\n\x04>');
  });

  it('probe_read() blocks like the firmware until Ctrl-C; probe_read(False) answers at once', async () => {
    const h = harness();
    await h.raw();
    expect(await h.exec('print(int(probe_read(False)))')).toBe('OK-1\r\n\x04\x04>');
    h.emulator.write('probe_read()\x04');
    await new Promise((r) => setTimeout(r, 50));
    expect(h.text()).toBe('OK');
    expect(h.emulator.isRunning).toBe(true);
    h.emulator.write('\x03');
    expect(await h.until(/\x04>$/)).toContain('KeyboardInterrupt: \r\n\x04>');
  });

  it('busy mode ignores everything but Ctrl-C', async () => {
    const h = harness();
    await h.raw();
    h.emulator.setBusy(true);
    h.emulator.write('print(1)\x04\r\x01');
    await new Promise((r) => setTimeout(r, 30));
    expect(h.text()).toBe('');
    h.emulator.write('\x03');
    expect(await h.until(/\x04>$/)).toContain('KeyboardInterrupt: \r\n\x04>');
    expect(await h.exec('print(2)')).toBe('OK2\r\n\x04\x04>');
  });

  it('raw-paste (Ctrl-E A Ctrl-A) is refused with R\\x00 and plain raw mode keeps working', async () => {
    const h = harness();
    await h.raw();
    h.emulator.write('\x05A\x01');
    expect(await h.until('R\x00')).toBe('R\x00');
    expect(await h.exec('print(3)')).toBe('OK3\r\n\x04\x04>');
  });

  it('Ctrl-B leaves raw mode for the friendly banner', async () => {
    const h = harness();
    await h.raw();
    h.emulator.write('\x02');
    expect(await h.until('>>> ')).toMatch(/^\r\nMicroPython .*jumperless-v5 v\S+ with rp2350b\r\n.*\r\n>>> $/);
  });

  it('multi-byte UTF-8 split across writes arrives intact', async () => {
    const h = harness();
    await h.raw();
    const bytes = Buffer.from('oled_print("Ω µA → ✓")\x04', 'utf8');
    for (const b of bytes) h.emulator.write(Buffer.from([b]));
    await h.until(/\x04>$/);
    expect(h.emulator.model.oled.text).toBe('Ω µA → ✓');
  });

  it('keeps its logs bounded', async () => {
    const h = harness({ logLimit: 3 });
    await h.raw();
    for (let i = 0; i < 5; i++) await h.exec(`print(${i})`);
    expect(h.emulator.executed).toEqual(['print(2)', 'print(3)', 'print(4)']);
    expect(h.emulator.received).toHaveLength(3);
  });

  it('logs every byte received', () => {
    const h = harness();
    h.emulator.write('\r\x01');
    h.emulator.write('abc');
    expect(h.emulator.receivedText()).toBe('\r\x01abc');
  });
});
