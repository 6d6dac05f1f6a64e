import { harness } from './helpers.js';

/** Runs code in raw mode and returns [stdout, stderr's last line]. */
async function run(h: ReturnType<typeof harness>, code: string): Promise<[string, string]> {
  const frame = await h.exec(code);
  const m = /^OK([\s\S]*?)\x04([\s\S]*?)\x04>$/.exec(frame);
  if (!m) throw new Error(`bad frame ${JSON.stringify(frame)}`);
  const stderrLines = (m[2] as string).trim().split('\r\n');
  return [m[1] as string, stderrLines[stderrLines.length - 1] as string];
}

describe('emulator: calls are parsed and checked against the firmware API', () => {
  let h: ReturnType<typeof harness>;
  beforeEach(async () => {
    h = harness();
    await h.raw();
  });

  it('unknown functions raise NameError', async () => {
    expect((await run(h, 'dac_sett(0, 1.0)'))[1]).toBe("NameError: name 'dac_sett' isn't defined");
  });

  it('json needs its import, as on the board', async () => {
    expect((await run(h, 'print(json.dumps(1))'))[1]).toBe("NameError: name 'json' isn't defined");
    expect(await run(h, 'import json\nprint(json.dumps([1, 1.5, "a", None, True]))')).toEqual(['[1, 1.5, "a", null, true]\r\n', '']);
  });

  it('wrong argument counts raise TypeError', async () => {
    expect((await run(h, 'connect(1)'))[1]).toBe('TypeError: function missing 1 required positional arguments');
    expect((await run(h, 'is_connected(1, 2, 3)'))[1]).toBe('TypeError: function takes 2 positional arguments but 3 were given');
    expect((await run(h, 'connect(1, 2, -1, 4)'))[1]).toBe('TypeError: function expected at most 3 arguments, got 4');
    expect((await run(h, 'dac_set(0, 1.0, True, 4)'))[1]).toBe('TypeError: function expected at most 3 arguments, got 4');
    expect((await run(h, 'probe_read(wait=False)'))[1]).toBe("TypeError: unexpected keyword argument 'wait'");
  });

  it('wrong literal types are refused', async () => {
    expect((await run(h, 'dac_set(0, "2.5")'))[1]).toBe("TypeError: can't convert str to float");
    expect((await run(h, 'connect(1.5, 2)'))[1]).toBe('TypeError: Expected node, int, or string');
  });

  it.each([
    ['connect("ROW_X", 2)', 'ValueError: Unknown node name'],
    ['dac_set(4, 1.0)', 'ValueError: Invalid DAC channel or node. Use 0-3, DAC0, DAC1, TOP_RAIL, or BOTTOM_RAIL'],
    ['adc_get(8)', 'ValueError: ADC channel must be 0-7'],
    ['ina_get_current(2)', 'ValueError: INA sensor must be 0 or 1'],
    ['gpio_set(11, True)', 'ValueError: GPIO pin must be 1-10, GPIO_1-GPIO_8, GPIO_20-GPIO_27, or UART_TX/UART_RX'],
    ['pwm(1, 0.0001, 0.5)', 'ValueError: PWM frequency must be 0.001Hz to 62.5MHz'],
    ['pwm(1, 1000, 1.5)', 'ValueError: PWM duty cycle must be 0.0 to 1.0'],
    ['nodes_save(8)', 'ValueError: Invalid slot number'],
  ])('%s raises the firmware text', async (code, line) => {
    expect((await run(h, code))[1]).toBe(line);
  });

  it('older firmware answers ADC channels 0-3 only', async () => {
    const old = harness({ firmwareVersion: '5.0.9.0' });
    await old.raw();
    expect((await run(old, 'adc_get(5)'))[1]).toBe('ValueError: ADC channel must be 0-3');
    expect((await run(old, 'print(adc_get(3))'))[1]).toBe('');
  });

  it.each([
    'print(1',
    'print(1))',
    'if x: pass',
    'for i in range(3): print(i)',
    'import os; os.remove("x")',
    '  print(1)',
    "print('''x''')",
    'print(1) print(2)',
    'x = lambda: 1',
    'print(f"{1}")',
    'connect(a=1, 2)',
  ])('unparseable input %j is a SyntaxError traceback, and nothing runs', async (code) => {
    const [stdout, last] = await run(h, `print("before")\n${code}`);
    expect(stdout).toBe('');
    expect(last).toMatch(/^(SyntaxError|IndentationError): /);
  });

  it('is_connected reports a direct bridge, as the firmware documents (same net through others is not enough)', async () => {
    await run(h, 'connect(1, 2)\nconnect(2, 3)');
    expect(await run(h, 'print(is_connected(1, 2))\nprint(is_connected(1, 3))')).toEqual(['CONNECTED\r\nDISCONNECTED\r\n', '']);
  });

  it('gpio pulls accept the firmware names', async () => {
    expect(await run(h, 'gpio_set_pull(4, "BUS_KEEPER")\nprint(gpio_get_pull(4))\nprint(int(gpio_get_pull(4)))')).toEqual(['BUS_KEEPER\r\n2\r\n', '']);
  });

  it('firmware result objects print as words and convert with int()/str()', async () => {
    await run(h, 'connect(1, 2)');
    expect(await run(h, 'print(is_connected(1, 2))\nprint(int(is_connected(1, 2)))\nprint(str(gpio_get(1)))')).toEqual([
      'CONNECTED\r\n1\r\nFLOATING\r\n',
      '',
    ]);
  });

  it('dac_set prints its own debug line', async () => {
    const [stdout] = await run(h, 'dac_set(0, 2.5)');
    expect(stdout).toMatch(/^jl_dac_set: .*\r\n$/);
  });

  it('string escapes decode exactly, so hostile text stays text', async () => {
    await run(h, 'oled_print("\\"); import os #\\x41\\u00e9\\n", 1)');
    expect(h.emulator.model.oled).toEqual({ text: '"); import os #A\u00e9\n', size: 1 });
  });
});

describe('emulator: behavioural board model', () => {
  it('DAC0 and ADC0 on one row read the setpoint back', async () => {
    const h = harness();
    await h.raw();
    const [out] = await run(h, 'connect("DAC0", 10)\nconnect("adc0", 10)\ndac_set(0, 2.5)\nprint(adc_get(0))');
    expect(out.trim().split('\r\n').pop()).toBe('2.5');
  });

  it('refuses a rail straight to GND silently', async () => {
    const h = harness();
    await h.raw();
    expect(await run(h, 'connect("TOP_RAIL", "GND")\nprint(is_connected("TOP_RAIL", "GND"))')).toEqual(['DISCONNECTED\r\n', '']);
    expect(await run(h, 'connect(5, "GND")\nconnect(5, "5V")\nprint(is_connected(5, "5V"))')).toEqual(['DISCONNECTED\r\n', '']);
  });

  it('current flows through the shunt when ISENSE_MINUS reaches GND', async () => {
    const h = harness({ resistors: [{ a: 20, b: 21, ohms: 1000 }] });
    await h.raw();
    await run(h, 'dac_set(0, 3.3)\nconnect("DAC0", "ISENSE_PLUS")\nconnect("ISENSE_MINUS", 20)');
    expect(Number((await run(h, 'print(ina_get_current(0))'))[0])).toBe(0);
    await run(h, 'connect(21, "GND")');
    const amps = Number((await run(h, 'print(ina_get_current(0))'))[0]);
    expect(amps).toBeCloseTo(3.3 / (100 + 2 + 1000), 4);
  });

  it('GPIO: output levels, pulls and floating inputs', async () => {
    const h = harness();
    await h.raw();
    const [out] = await run(
      h,
      'print(gpio_get(2))\ngpio_set_pull(2, 1)\nprint(gpio_get(2))\ngpio_set_dir(3, True)\ngpio_set(3, True)\nprint(gpio_get(3))\nprint(gpio_get_dir(3))\nprint(int(gpio_get_pull(2)))',
    );
    expect(out).toBe('FLOATING\r\nHIGH\r\nHIGH\r\nOUTPUT\r\n1\r\n');
  });

  it('get_state reports nets, power and gpio as JSON; set_state restores bridges', async () => {
    const h = harness();
    await h.raw();
    const [out] = await run(h, 'connect(1, 2)\nconnect(2, "GPIO_1")\nprint(get_state())');
    const state = JSON.parse(out);
    expect(state.nets).toEqual([{ index: 1, nodes: ['1', '2', 'GPIO_1'] }]);
    expect(state.power).toEqual({ dac0: 0, dac1: 0, top_rail: 0, bottom_rail: 0 });
    await run(h, 'set_state(\'{"bridges": [["5", "GND"]]}\')');
    expect(h.emulator.model.bridges).toEqual([[5, 100]]);
  });

  it('slots save and switch the routing', async () => {
    const h = harness();
    await h.raw();
    await run(h, 'connect(1, 2)\nnodes_save(3)\nnodes_clear()\nswitch_slot(4)');
    expect(h.emulator.model.bridges).toEqual([]);
    await run(h, 'switch_slot(3)');
    expect(h.emulator.model.bridges).toEqual([[1, 2]]);
  });
});
