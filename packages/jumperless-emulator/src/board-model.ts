import { NODE, nodeName } from './nodes.js';

/** A physical part sitting on the breadboard between two nodes (rows), for the current model. */
export interface PlacedResistor {
  a: number;
  b: number;
  ohms: number;
}

export interface BoardModelOptions {
  /** Peak ADC/INA noise in volts (uniform ±). Default 0.002; 0 makes readings exact. */
  noiseVolts?: number;
  /** Output resistance of the DAC/rail drivers in ohms; limits the current through the shunt. Default 100. */
  sourceOhms?: number;
  /** Parts placed on the breadboard (resistors between rows). */
  resistors?: PlacedResistor[];
  /** Random source for noise (inject for reproducible tests). Default Math.random. */
  random?: () => number;
}

export type PinDirection = 'INPUT' | 'OUTPUT';
export interface GpioPin {
  direction: PinDirection;
  level: boolean;
  /** 1 up, -1 down, 0 none, 2 bus keeper. */
  pull: number;
}

export const SHUNT_OHMS = 2;
const POWERED = [NODE.TOP_RAIL, NODE.BOTTOM_RAIL, NODE.V3V3, NODE.V5, NODE.DAC0, NODE.DAC1];
/** GPIO pin 1..8 sit on nodes 131..138, 9 and 10 are UART_TX/UART_RX. */
export const gpioNode = (pin: number): number => (pin <= 8 ? 130 + pin : pin === 9 ? 116 : 117);

/**
 * The electrical state of the board: bridges (routes), the nets they form, DAC setpoints,
 * GPIO, OLED, slots. Voltages are a simple model: a net takes the voltage of the one supply
 * on it; the shunt between ISENSE_PLUS and ISENSE_MINUS carries current when its minus side
 * reaches GND (directly or through a placed resistor).
 */
export class BoardModel {
  bridges: Array<[number, number]> = [];
  /** DAC0, DAC1, TOP_RAIL, BOTTOM_RAIL setpoints in volts. */
  readonly dac = [0, 0, 0, 0];
  readonly gpio: GpioPin[] = Array.from({ length: 11 }, () => ({ direction: 'INPUT' as PinDirection, level: false, pull: 0 }));
  readonly pwm = new Map<number, { frequencyHz: number; duty: number }>();
  wavegen = { channel: 0, frequencyHz: 100, wave: 0, amplitudeVpp: 1, offsetVolts: 0, running: false };
  oled = { text: '', size: 2 };
  readonly slots: Array<Array<[number, number]> | undefined> = Array.from({ length: 8 }, () => undefined);
  slot = 0;
  /** Pad the probe touches (-1: none). */
  probePad = -1;
  private readonly noise: number;
  private readonly sourceOhms: number;
  readonly resistors: PlacedResistor[];
  private readonly random: () => number;

  constructor(options: BoardModelOptions = {}) {
    this.noise = options.noiseVolts ?? 0.002;
    this.sourceOhms = options.sourceOhms ?? 100;
    this.resistors = options.resistors ?? [];
    this.random = options.random ?? Math.random;
  }

  /** Every connected group of nodes (two or more), in a stable order. */
  nets(bridges = this.bridges): number[][] {
    const parent = new Map<number, number>();
    const find = (x: number): number => {
      let r = x;
      while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as number;
      parent.set(x, r);
      return r;
    };
    for (const [a, b] of bridges) {
      if (!parent.has(a)) parent.set(a, a);
      if (!parent.has(b)) parent.set(b, b);
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
    }
    const groups = new Map<number, number[]>();
    for (const n of parent.keys()) {
      const r = find(n);
      groups.set(r, [...(groups.get(r) ?? []), n]);
    }
    return [...groups.values()].map((g) => g.sort((x, y) => x - y)).sort((x, y) => (x[0] as number) - (y[0] as number));
  }

  netOf(node: number): number[] {
    return this.nets().find((n) => n.includes(node)) ?? [node];
  }

  /** A route is refused when it would tie GND to a supply or two supplies together. */
  isUnsafe(a: number, b: number): boolean {
    const merged = new Set([...this.netOf(a), ...this.netOf(b)]);
    const supplies = POWERED.filter((p) => merged.has(p)).length + (merged.has(NODE.GND) ? 1 : 0);
    return supplies > 1;
  }

  /** Adds a bridge; an unsafe one is dropped silently, as the firmware does. Returns whether it took. */
  connect(a: number, b: number): boolean {
    if (a === b) return true;
    if (this.isUnsafe(a, b)) return false;
    if (!this.bridges.some(([x, y]) => (x === a && y === b) || (x === b && y === a))) this.bridges.push([a, b]);
    return true;
  }

  /** Removes the bridge a-b, or every bridge on a when b is -1. */
  disconnect(a: number, b: number): void {
    this.bridges = this.bridges.filter(([x, y]) => (b === -1 ? x !== a && y !== a : !((x === a && y === b) || (x === b && y === a))));
  }

  /** A bridge directly between a and b (what the firmware's is_connected reports). */
  hasBridge(a: number, b: number): boolean {
    return a === b || this.bridges.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
  }

  /** a and b on the same net, through any bridges. */
  isConnected(a: number, b: number): boolean {
    return a === b || this.netOf(a).includes(b);
  }

  clear(): void {
    this.bridges = [];
  }

  /** Voltage a supply drives, or undefined for a node that drives nothing. */
  private supplyVolts(node: number): number | undefined {
    switch (node) {
      case NODE.GND:
        return 0;
      case NODE.V3V3:
        return 3.3;
      case NODE.V5:
        return 5;
      case NODE.DAC0:
        return this.dac[0];
      case NODE.DAC1:
        return this.dac[1];
      case NODE.TOP_RAIL:
        return this.dac[2];
      case NODE.BOTTOM_RAIL:
        return this.dac[3];
    }
    for (let pin = 1; pin <= 10; pin++) {
      const g = this.gpio[pin] as GpioPin;
      if (gpioNode(pin) === node && g.direction === 'OUTPUT') return g.level ? 3.3 : 0;
    }
    return undefined;
  }

  private drivenVolts(net: number[]): number | undefined {
    for (const n of net) {
      const v = this.supplyVolts(n);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** Resistance from a net down to GND: 0 if GND is on it, a placed resistor's, else undefined (open). */
  private ohmsToGround(net: number[]): number | undefined {
    if (net.includes(NODE.GND)) return 0;
    for (const r of this.resistors) {
      for (const [here, there] of [
        [r.a, r.b],
        [r.b, r.a],
      ] as const) {
        if (net.includes(here) && this.netOf(there).includes(NODE.GND)) return r.ohms;
      }
    }
    return undefined;
  }

  /** Current through INA0's 2 Ω shunt, in amps (positive from ISENSE_PLUS to ISENSE_MINUS). */
  shuntAmps(): { amps: number; busVolts: number } {
    const plus = this.netOf(NODE.ISENSE_PLUS);
    const minus = this.netOf(NODE.ISENSE_MINUS);
    if (plus === minus || plus.includes(NODE.ISENSE_MINUS)) return { amps: 0, busVolts: this.drivenVolts(plus) ?? 0 };
    const vPlus = this.drivenVolts(plus);
    if (vPlus === undefined) return { amps: 0, busVolts: this.drivenVolts(minus) ?? 0 };
    const load = this.ohmsToGround(minus);
    if (load === undefined) return { amps: 0, busVolts: vPlus };
    const amps = vPlus / (this.sourceOhms + SHUNT_OHMS + load);
    return { amps, busVolts: amps * load };
  }

  /** Voltage on a node's net, or undefined when nothing drives it (floating). */
  nodeVolts(node: number): number | undefined {
    const net = this.netOf(node);
    const driven = this.drivenVolts(net);
    if (driven !== undefined) return driven;
    if (net.includes(NODE.ISENSE_MINUS) || net.includes(NODE.ISENSE_PLUS)) {
      const { amps, busVolts } = this.shuntAmps();
      if (net.includes(NODE.ISENSE_MINUS)) return busVolts;
      return busVolts + amps * SHUNT_OHMS;
    }
    return undefined;
  }

  jitter(): number {
    return this.noise === 0 ? 0 : (this.random() * 2 - 1) * this.noise;
  }

  /** ADC reading: its net's voltage plus noise, clamped to the channel's range. */
  adcVolts(channel: number): number {
    const node = channel <= 3 ? NODE.ADC0 + channel : channel === 4 ? NODE.ADC4 : NODE.PROBE;
    const v = channel === 5 || channel === 6 ? 0 : (this.nodeVolts(node) ?? 0);
    const [lo, hi] = channel === 4 ? [0, 5] : [-8, 8];
    return Math.min(hi, Math.max(lo, v + this.jitter()));
  }

  gpioLevel(pin: number): 'HIGH' | 'LOW' | 'FLOATING' {
    const g = this.gpio[pin] as GpioPin;
    if (g.direction === 'OUTPUT') return g.level ? 'HIGH' : 'LOW';
    const v = this.nodeVolts(gpioNode(pin));
    if (v !== undefined) return v > 1.65 ? 'HIGH' : 'LOW';
    if (g.pull === 1) return 'HIGH';
    if (g.pull === -1) return 'LOW';
    if (g.pull === 2) return g.level ? 'HIGH' : 'LOW';
    return 'FLOATING';
  }

  /** The board state as get_state() reports it. */
  state(): Record<string, unknown> {
    return {
      slot: this.slot,
      power: { dac0: this.dac[0], dac1: this.dac[1], top_rail: this.dac[2], bottom_rail: this.dac[3] },
      bridges: this.bridges.map(([a, b]) => [nodeName(a), nodeName(b)]),
      nets: this.nets().map((n, i) => ({ index: i + 1, nodes: n.map(nodeName) })),
      gpio: this.gpio.slice(1).map((g, i) => ({ pin: i + 1, direction: g.direction, pull: g.pull, level: this.gpioLevel(i + 1) })),
      oled: this.oled.text,
    };
  }
}
