import { BoardModel, gpioNode } from './board-model.js';
import { DAC_ERROR, type Param, dacChannelArg, floatArg, gpioPinArg, intArg, nodeArg, strArg } from './firmware-args.js';
import { nodeName } from './nodes.js';
import { NONE, PyError, type PyValue, fromJson, pyBool, pyFloat, pyInt, pyObj, pyStr, truthy } from './py-values.js';

export interface FirmwareContext {
  model: BoardModel;
  /** Writes to the script's stdout (the firmware's own debug prints). */
  print(text: string): void;
  /** 8 on newer firmware (ADC 0-7), 4 on older builds (0-3). */
  adcChannels: number;
  /** Blocks the running program until Ctrl-C (a blocking call with nothing to wait for). */
  waitForInterrupt(): Promise<void>;
}

export interface FirmwareFunction {
  params: Param[];
  run(args: PyValue[], ctx: FirmwareContext): PyValue | Promise<PyValue>;
}

const p = (name: string, def?: PyValue): Param => (def === undefined ? { name } : { name, default: def });
const fn = (params: Param[], run: FirmwareFunction['run']): FirmwareFunction => ({ params, run });
const a = (args: PyValue[], i: number): PyValue => args[i] ?? NONE;

function slotArg(v: PyValue): number {
  const n = intArg(v);
  if (n < 0 || n > 7) throw new PyError('ValueError', 'Invalid slot number');
  return n;
}

function inaArg(v: PyValue): number {
  const n = intArg(v);
  if (n !== 0 && n !== 1) throw new PyError('ValueError', 'INA sensor must be 0 or 1');
  return n;
}

const PULL_WORDS: Record<string, number> = { PULLUP: 1, PULLDOWN: -1, NO_PULL: 0, BUS_KEEPER: 2 };

/** 1 up, -1 down, 0 none, 2 bus keeper, or those names. */
function pullArg(v: PyValue): number {
  const n = v.t === 'str' ? PULL_WORDS[v.v.trim().toUpperCase()] : intArg(v);
  if (n === undefined || ![-1, 0, 1, 2].includes(n)) throw new PyError('ValueError', 'Pull must be -1 (down), 0 (none), 1 (up) or 2 (bus keeper)');
  return n;
}

function pwmPinArg(v: PyValue): number {
  const pin = gpioPinArg(v);
  if (pin > 8) throw new PyError('ValueError', 'PWM pin must be 1-8');
  return pin;
}

function checkPwm(freq: number, duty: number): void {
  if (!(freq >= 0.001 && freq <= 62_500_000)) throw new PyError('ValueError', 'PWM frequency must be 0.001Hz to 62.5MHz');
  if (!(duty >= 0 && duty <= 1)) throw new PyError('ValueError', 'PWM duty cycle must be 0.0 to 1.0');
}

const clampVolts = (v: number) => Math.min(8, Math.max(-8, v));
const connectedWord = (on: boolean) => pyObj('ConnectionState', on ? 'CONNECTED' : 'DISCONNECTED', on ? 1 : 0);
const ina = (ctx: FirmwareContext, sensor: number) => (sensor === 0 ? ctx.model.shuntAmps() : { amps: 0, busVolts: 0 });

function netIndexArg(v: PyValue, ctx: FirmwareContext): number[] {
  const n = intArg(v);
  const net = ctx.model.nets()[n - 1];
  if (!net) throw new PyError('ValueError', 'Invalid net index');
  return net;
}

function applyState(json: string, clearFirst: boolean, ctx: FirmwareContext): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new PyError('ValueError', 'syntax error in JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new PyError('ValueError', 'State must be a JSON object');
  const state = parsed as { bridges?: unknown; power?: Record<string, unknown> };
  if (clearFirst) ctx.model.clear();
  if (Array.isArray(state.bridges)) {
    for (const b of state.bridges) {
      if (!Array.isArray(b) || b.length < 2) throw new PyError('ValueError', 'Bridge must be [node, node]');
      ctx.model.connect(nodeArg(fromJson(b[0])), nodeArg(fromJson(b[1])));
    }
  }
  const keys = ['dac0', 'dac1', 'top_rail', 'bottom_rail'];
  keys.forEach((k, i) => {
    const v = state.power?.[k];
    if (typeof v === 'number') ctx.model.dac[i] = clampVolts(v);
  });
}

/** The firmware's MicroPython globals the emulator knows, with their parameters as documented. */
export const FIRMWARE_API: Readonly<Record<string, FirmwareFunction>> = {
  connect: fn([p('node1'), p('node2'), p('duplicates', pyInt(-1))], ([x, y], ctx) => {
    ctx.model.connect(nodeArg(x as PyValue), nodeArg(y as PyValue));
    return NONE;
  }),
  disconnect: fn([p('node1'), p('node2')], ([x, y], ctx) => {
    const b = y as PyValue;
    ctx.model.disconnect(nodeArg(x as PyValue), b.t === 'int' && b.v === -1 ? -1 : nodeArg(b));
    return NONE;
  }),
  // A direct bridge between the two nodes, as the firmware documents it (not "same net").
  is_connected: fn([p('node1'), p('node2')], ([x, y], ctx) => connectedWord(ctx.model.hasBridge(nodeArg(x as PyValue), nodeArg(y as PyValue)))),
  nodes_clear: fn([], (_, ctx) => {
    ctx.model.clear();
    return NONE;
  }),
  nodes_save: fn([p('slot', pyInt(0))], (args, ctx) => {
    const s = slotArg(a(args, 0));
    ctx.model.slots[s] = ctx.model.bridges.map(([x, y]) => [x, y]);
    return pyInt(s);
  }),
  switch_slot: fn([p('slot')], (args, ctx) => {
    const s = slotArg(a(args, 0));
    ctx.model.slot = s;
    ctx.model.bridges = (ctx.model.slots[s] ?? []).map(([x, y]) => [x, y]);
    return pyInt(s);
  }),
  dac_set: fn([p('channel'), p('voltage'), p('save', pyBool(true))], (args, ctx) => {
    const ch = dacChannelArg(a(args, 0));
    const v = clampVolts(floatArg(a(args, 1)));
    ctx.model.dac[ch] = Math.fround(v);
    ctx.print(`jl_dac_set: channel ${ch} = ${v.toFixed(3)} V\n`);
    return NONE;
  }),
  dac_get: fn([p('channel')], (args, ctx) => pyFloat(ctx.model.dac[dacChannelArg(a(args, 0))] ?? 0)),
  adc_get: fn([p('channel')], (args, ctx) => {
    const ch = intArg(a(args, 0));
    if (ch < 0 || ch >= ctx.adcChannels) throw new PyError('ValueError', `ADC channel must be 0-${ctx.adcChannels - 1}`);
    return pyFloat(ctx.model.adcVolts(ch));
  }),
  ina_get_current: fn([p('sensor')], (args, ctx) => pyFloat(ina(ctx, inaArg(a(args, 0))).amps + ctx.model.jitter() * 1e-3)),
  // The firmware source returns the bus voltage here (its docs say shunt voltage).
  ina_get_voltage: fn([p('sensor')], (args, ctx) => pyFloat(ina(ctx, inaArg(a(args, 0))).busVolts)),
  ina_get_bus_voltage: fn([p('sensor')], (args, ctx) => pyFloat(ina(ctx, inaArg(a(args, 0))).busVolts)),
  ina_get_power: fn([p('sensor')], (args, ctx) => {
    const r = ina(ctx, inaArg(a(args, 0)));
    return pyFloat(Math.abs(r.amps * r.busVolts));
  }),
  gpio_set: fn([p('pin'), p('value')], (args, ctx) => {
    const g = ctx.model.gpio[gpioPinArg(a(args, 0))];
    if (g) g.level = truthy(a(args, 1));
    return NONE;
  }),
  gpio_get: fn([p('pin')], (args, ctx) => {
    const word = ctx.model.gpioLevel(gpioPinArg(a(args, 0)));
    return pyObj('GpioState', word, word === 'HIGH' ? 1 : word === 'LOW' ? 0 : -1);
  }),
  gpio_set_dir: fn([p('pin'), p('direction')], (args, ctx) => {
    const g = ctx.model.gpio[gpioPinArg(a(args, 0))];
    if (g) g.direction = truthy(a(args, 1)) ? 'OUTPUT' : 'INPUT';
    return NONE;
  }),
  gpio_get_dir: fn([p('pin')], (args, ctx) => {
    const d = ctx.model.gpio[gpioPinArg(a(args, 0))]?.direction ?? 'INPUT';
    return pyObj('GpioDirection', d, d === 'OUTPUT' ? 1 : 0);
  }),
  gpio_set_pull: fn([p('pin'), p('pull')], (args, ctx) => {
    const g = ctx.model.gpio[gpioPinArg(a(args, 0))];
    const pull = pullArg(a(args, 1));
    if (g) g.pull = pull;
    return NONE;
  }),
  gpio_get_pull: fn([p('pin')], (args, ctx) => {
    const pull = ctx.model.gpio[gpioPinArg(a(args, 0))]?.pull ?? 0;
    const word = { 1: 'PULLUP', [-1]: 'PULLDOWN', 2: 'BUS_KEEPER' }[pull] ?? 'NONE';
    return pyObj('GpioPull', word, pull);
  }),
  pwm: fn([p('pin'), p('frequency', pyFloat(1)), p('duty_cycle', pyFloat(0.5))], (args, ctx) => {
    const pin = pwmPinArg(a(args, 0));
    const freq = floatArg(a(args, 1));
    const duty = floatArg(a(args, 2));
    checkPwm(freq, duty);
    ctx.model.pwm.set(pin, { frequencyHz: freq, duty });
    return NONE;
  }),
  pwm_set_duty_cycle: fn([p('pin'), p('duty_cycle')], (args, ctx) => {
    const pin = pwmPinArg(a(args, 0));
    const cur = ctx.model.pwm.get(pin) ?? { frequencyHz: 1, duty: 0.5 };
    checkPwm(cur.frequencyHz, floatArg(a(args, 1)));
    ctx.model.pwm.set(pin, { ...cur, duty: floatArg(a(args, 1)) });
    return NONE;
  }),
  pwm_set_frequency: fn([p('pin'), p('frequency')], (args, ctx) => {
    const pin = pwmPinArg(a(args, 0));
    const cur = ctx.model.pwm.get(pin) ?? { frequencyHz: 1, duty: 0.5 };
    checkPwm(floatArg(a(args, 1)), cur.duty);
    ctx.model.pwm.set(pin, { ...cur, frequencyHz: floatArg(a(args, 1)) });
    return NONE;
  }),
  pwm_stop: fn([p('pin')], (args, ctx) => {
    ctx.model.pwm.delete(pwmPinArg(a(args, 0)));
    return NONE;
  }),
  wavegen_set_output: fn([p('output')], (args, ctx) => {
    ctx.model.wavegen.channel = dacChannelArg(a(args, 0));
    return NONE;
  }),
  wavegen_set_freq: fn([p('hz')], (args, ctx) => {
    const hz = floatArg(a(args, 0));
    if (!(hz >= 0.0001 && hz <= 10_000)) throw new PyError('ValueError', 'Wavegen frequency must be 0.0001-10000 Hz');
    ctx.model.wavegen.frequencyHz = hz;
    return NONE;
  }),
  wavegen_set_wave: fn([p('wave')], (args, ctx) => {
    const w = intArg(a(args, 0));
    if (w < 0 || w > 3) throw new PyError('ValueError', 'Wave must be 0 (sine), 1 (triangle), 2 (ramp) or 3 (square)');
    ctx.model.wavegen.wave = w;
    return NONE;
  }),
  wavegen_set_amplitude: fn([p('vpp')], (args, ctx) => {
    ctx.model.wavegen.amplitudeVpp = floatArg(a(args, 0));
    return NONE;
  }),
  wavegen_set_offset: fn([p('v')], (args, ctx) => {
    ctx.model.wavegen.offsetVolts = floatArg(a(args, 0));
    return NONE;
  }),
  wavegen_start: fn([], (_, ctx) => {
    ctx.model.wavegen.running = true;
    return NONE;
  }),
  wavegen_stop: fn([], (_, ctx) => {
    ctx.model.wavegen.running = false;
    return NONE;
  }),
  oled_print: fn([p('text'), p('size', pyInt(-1))], (args, ctx) => {
    const v = a(args, 0);
    const asked = intArg(a(args, 1));
    if (asked < -1 || asked > 2) throw new PyError('ValueError', 'Size must be 0, 1 or 2 (-1: default)');
    const size = asked === -1 ? ctx.model.oled.size : asked;
    ctx.model.oled = { text: v.t === 'str' ? v.v : String(v.t === 'int' || v.t === 'float' ? v.v : ''), size };
    return NONE;
  }),
  oled_clear: fn([p('show', pyBool(true))], (_, ctx) => {
    ctx.model.oled = { text: '', size: ctx.model.oled.size };
    return NONE;
  }),
  oled_show: fn([], () => NONE),
  probe_read: fn([p('blocking', pyBool(true))], (args, ctx) => {
    // Blocking by default, as on the board: with nothing touched it waits until Ctrl-C.
    if (truthy(a(args, 0)) && ctx.model.probePad < 0) return ctx.waitForInterrupt().then(() => NONE);
    return pyObj('ProbePad', ctx.model.probePad < 0 ? 'NO_PAD' : nodeName(ctx.model.probePad), ctx.model.probePad);
  }),
  get_state: fn([], (_, ctx) => pyStr(JSON.stringify(ctx.model.state()))),
  set_state: fn([p('json'), p('clear_first', pyBool(true))], (args, ctx) => {
    applyState(strArg(a(args, 0)), truthy(a(args, 1)), ctx);
    return NONE;
  }),
  get_num_nets: fn([], (_, ctx) => pyInt(ctx.model.nets().length)),
  get_net_nodes: fn([p('net')], (args, ctx) => pyStr(netIndexArg(a(args, 0), ctx).map(nodeName).join(','))),
  get_net_info: fn([p('net')], (args, ctx) => {
    const net = netIndexArg(a(args, 0), ctx);
    const v = ctx.model.nodeVolts(net[0] as number);
    return {
      t: 'dict',
      entries: [
        ['index', pyInt(intArg(a(args, 0)))],
        ['nodes', pyStr(net.map(nodeName).join(','))],
        ['voltage', v === undefined ? NONE : pyFloat(v)],
      ],
    };
  }),
  get_num_bridges: fn([], (_, ctx) => pyInt(ctx.model.bridges.length)),
  get_bridge: fn([p('index')], (args, ctx) => {
    const b = ctx.model.bridges[intArg(a(args, 0))];
    if (!b) throw new PyError('IndexError', 'Bridge index out of range');
    return { t: 'tuple', items: [pyInt(b[0]), pyInt(b[1]), pyInt(0)] };
  }),
};

export { DAC_ERROR, gpioNode };
