import { JsonScanner, OBJECT_END, asciiBytes, bytesAt } from '../src/json-scan.js';

describe('JsonScanner reused across lines', () => {
  it('scans each line it is reset to as a fresh scanner would, and lets go of the line after', () => {
    const idle = Buffer.alloc(0);
    const reused = new JsonScanner(idle, 0);
    const lines = ['{"a":[1,2,{"b":"c\\n"}],"isError":true}', '{"x":', '{"a":1}', ' {"isError":false} ', '"\\u12"'];
    for (const line of lines) {
      const buf = Buffer.from(line);
      const at = buf.indexOf(line.trimStart()[0] as string);
      const fresh = new JsonScanner(buf, buf.length);
      expect(reused.reset(buf, buf.length).scanValue(at, asciiBytes('isError'))).toBe(fresh.scanValue(at, asciiBytes('isError')));
      expect(reused.watchedTrue).toBe(fresh.watchedTrue);
      reused.release();
      expect(reused.buf).toBe(idle); // a large line is not kept alive by the scanner
      expect(reused.end).toBe(0);
    }
  });

  it('starts a member walk afresh after a reset', () => {
    const s = new JsonScanner(Buffer.alloc(0), 0);
    s.reset(Buffer.from('{}'), 2);
    expect(s.openObject(0)).toBe(OBJECT_END);
    expect(s.after).toBe(2);
    s.reset(Buffer.from('{"k":1}'), 7);
    expect(s.after).toBe(-1);
    const k = s.openObject(0);
    expect(s.readKey(k)).toBe(5);
    expect(s.keyIs(asciiBytes('k'))).toBe(true);
  });
});

describe('bytesAt', () => {
  it('finds a word only exactly where asked and only before the end given', () => {
    const buf = Buffer.from('xx{"id":1}');
    expect(bytesAt(buf, 2, buf.length, asciiBytes('{"id":'))).toBe(true);
    expect(bytesAt(buf, 1, buf.length, asciiBytes('{"id":'))).toBe(false);
    expect(bytesAt(buf, 2, 7, asciiBytes('{"id":'))).toBe(false); // would run past the end
    expect(bytesAt(buf, 2, buf.length, asciiBytes('{"ix":'))).toBe(false);
    expect(bytesAt(buf, buf.length, buf.length, asciiBytes(''))).toBe(true);
  });
});
