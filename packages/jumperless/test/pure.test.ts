import { parseProgram } from '@crosspoint/jumperless-emulator';
import { RESULT_SENTINEL, call, convert, parseResultLine, parseTraceback, program, py, rankCandidates, scanReply } from '../src/index.js';

describe('python-code: literals are safe, templates parse', () => {
  it('strings never contain a raw quote, backslash or control character', () => {
    const hostile = '"); import os #\\\n\r\x00\x03\x04\'"""\u2028😀';
    const code = py.str(hostile).code;
    expect(code.slice(1, -1)).not.toContain('"');
    expect(code.slice(1, -1)).not.toMatch(/\\(?![xuU])/);
    expect(code).not.toMatch(/[\x00-\x1f\u2028]/);
    // The emulator's parser (same subset as the board) decodes it back exactly.
    const [stmt] = parseProgram(`x = ${code}\n`);
    expect(stmt).toMatchObject({ k: 'assign', value: { k: 'lit', v: { t: 'str', v: hostile } } });
  });

  it('numbers keep int/float apart and refuse non-finite values', () => {
    expect(py.int(7).code).toBe('7');
    expect(py.float(2).code).toBe('2.0');
    expect(py.float(-0.125).code).toBe('-0.125');
    expect(py.float(1e-7).code).toBe('1e-7');
    expect(() => py.float(Number.NaN)).toThrow();
    expect(() => py.int(1.5)).toThrow();
  });

  it('function and keyword names must be identifiers', () => {
    expect(() => call('x); import os; (', [])).toThrow();
    expect(() => call('pwm', [], { 'a=1,b': py.int(1) })).toThrow();
  });

  it('a program imports json, runs statements and prints one sentinel line', () => {
    const code = program([call('connect', [py.node(1), py.node('GND')])], convert('str', call('is_connected', [py.node(1), py.node('GND')])));
    expect(code).toBe(`import json\nconnect(1, "GND")\nprint("\\x1eJL>" + json.dumps(str(is_connected(1, "GND"))))\n`);
    expect(() => parseProgram(code)).not.toThrow();
  });
});

describe('raw-reply framing', () => {
  const frame = (s: string) => Buffer.from(s, 'utf8');

  it('waits for the whole frame, then splits stdout, stderr and the rest', () => {
    expect(scanReply(frame('O'))).toEqual({ kind: 'partial' });
    expect(scanReply(frame('OKab\x04'))).toEqual({ kind: 'partial' });
    expect(scanReply(frame('OKab\x04err\x04'))).toEqual({ kind: 'partial' });
    const s = scanReply(frame('OKab\r\n\x04err\x04>tail'));
    expect(s).toMatchObject({ kind: 'frame', stdout: 'ab\r\n', stderr: 'err' });
    expect(s.kind === 'frame' && s.rest.toString()).toBe('tail');
  });

  it('a reply not starting with OK is out of sync', () => {
    expect(scanReply(frame('>>> '))).toMatchObject({ kind: 'desync' });
    expect(scanReply(frame('Ox'))).toMatchObject({ kind: 'desync' });
  });

  it('decodes UTF-8 only once the frame is whole', () => {
    const bytes = Buffer.from('OKµ✓\x04\x04>', 'utf8');
    expect(scanReply(bytes.subarray(0, 3))).toEqual({ kind: 'partial' });
    expect(scanReply(bytes)).toMatchObject({ kind: 'frame', stdout: 'µ✓' });
  });

  it('reads the exception type and message from a traceback', () => {
    const tb = 'Traceback (most recent call last):\r\n  File "<stdin>", line 2, in <module>\r\nValueError: INA sensor must be 0 or 1\r\n';
    expect(parseTraceback(tb)).toMatchObject({ type: 'ValueError', message: 'INA sensor must be 0 or 1' });
    expect(parseTraceback('Traceback\r\nKeyboardInterrupt: \r\n')).toMatchObject({ type: 'KeyboardInterrupt', message: '' });
    expect(parseTraceback('')).toBeUndefined();
  });

  it('keeps only the sentinel line as the result, the rest as chatter', () => {
    const r = parseResultLine(`jl_dac_set: channel 0 = 2.500 V\r\n${RESULT_SENTINEL}{"a": 1.5}\r\n`, RESULT_SENTINEL);
    expect(r).toEqual({ found: true, value: { a: 1.5 }, other: ['jl_dac_set: channel 0 = 2.500 V'] });
    expect(parseResultLine('nothing\r\n', RESULT_SENTINEL).found).toBe(false);
  });
});

describe('port ranking for auto', () => {
  const info = (path: string, extra: Record<string, string> = {}) => ({
    path,
    manufacturer: undefined,
    serialNumber: undefined,
    pnpId: undefined,
    locationId: undefined,
    vendorId: undefined,
    productId: undefined,
    ...extra,
  });

  it('prefers the -if04 interface, matches VID/PID case-insensitively, ignores other devices', () => {
    const ports = [
      info('/dev/ttyACM3', { vendorId: '1D50', productId: 'ACAB', pnpId: 'usb-Architeuthis_Flux_Jumperless_V5_JLV5port-if06' }),
      info('/dev/ttyACM2', { vendorId: '1d50', productId: 'acab', pnpId: 'usb-Architeuthis_Flux_Jumperless_V5_JLV5port-if04' }),
      info('/dev/ttyACM1', { vendorId: '1d50', productId: 'acab', pnpId: 'usb-Architeuthis_Flux_Jumperless_V5_JLV5port-if02' }),
      info('/dev/ttyACM0', { vendorId: '1d50', productId: 'acab', pnpId: 'usb-Architeuthis_Flux_Jumperless_V5_JLV5port-if00' }),
      info('/dev/ttyUSB0', { vendorId: '0403', productId: '6001' }),
    ];
    const ranked = rankCandidates(ports);
    expect(ranked[0]).toBe('/dev/ttyACM2');
    expect(ranked).not.toContain('/dev/ttyUSB0');
    expect(ranked).toHaveLength(4);
  });

  it('without suffixes falls back to the third port in sorted order; macOS names by serial', () => {
    const ports = ['/dev/ttyACM10', '/dev/ttyACM8', '/dev/ttyACM9', '/dev/ttyACM11'].map((p) => info(p, { serialNumber: 'JLV5port' }));
    expect(rankCandidates(ports)[0]).toBe('/dev/ttyACM10');
    expect(rankCandidates([info('/dev/cu.usbmodemJLV5port3'), info('/dev/cu.usbmodemJLV5port5')])[0]).toBe('/dev/cu.usbmodemJLV5port5');
  });
});
