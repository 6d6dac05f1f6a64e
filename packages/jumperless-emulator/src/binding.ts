import type {
  BindingInterface,
  BindingPortInterface,
  OpenOptions,
  PortInfo,
  PortStatus,
  SetOptions,
  UpdateOptions,
} from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { JumperlessEmulator } from './emulator.js';
import { type LinkShape, OutputShaper } from './output-shaper.js';

/** USB identity of the board, as `SerialPort.list()` reports it on Linux. */
export function jumperlessPortInfo(path: string): PortInfo {
  return {
    path,
    manufacturer: 'Architeuthis Flux',
    serialNumber: 'JLV5port',
    pnpId: 'usb-Architeuthis_Flux_Jumperless_V5_JLV5port-if04',
    locationId: undefined,
    vendorId: '1d50',
    productId: 'acab',
  };
}

interface Device {
  emulator: JumperlessEmulator;
  shaper: OutputShaper;
  info: PortInfo;
  port: EmulatorPort | undefined;
  plugged: boolean;
}

function bindingError(message: string, canceled = false): Error {
  return Object.assign(new Error(message), canceled ? { canceled: true } : {});
}

/**
 * An in-process `serialport` binding whose ports are emulated boards (like
 * `@serialport/binding-mock`, but with a board behind it, link shaping and hot unplug).
 * `new SerialPortStream({ binding, path, baudRate })` opens them like real devices.
 */
export class EmulatorBinding implements BindingInterface<EmulatorPort> {
  private readonly devices = new Map<string, Device>();

  /** Registers a board at `path` (a new emulator unless one is given) and returns it. */
  add(path: string, emulator = new JumperlessEmulator(), options: { shape?: LinkShape; info?: Partial<PortInfo> } = {}): JumperlessEmulator {
    const device: Device = {
      emulator,
      info: { ...jumperlessPortInfo(path), ...options.info, path },
      plugged: true,
      port: undefined,
      shaper: new OutputShaper((chunk) => device.port?.receive(chunk), options.shape),
    };
    emulator.on('data', (chunk) => {
      if (device.port) device.shaper.push(chunk);
    });
    this.devices.set(path, device);
    return emulator;
  }

  emulator(path: string): JumperlessEmulator | undefined {
    return this.devices.get(path)?.emulator;
  }

  /** Link shaping of a registered board (latency, jitter, split writes); changes apply at once. */
  shape(path: string): LinkShape {
    const d = this.devices.get(path);
    if (!d) throw new Error(`no emulated board at ${path}`);
    return d.shaper.shape;
  }

  /** Pulls the cable: the open port errors out (disconnected) and the path disappears. */
  unplug(path: string): void {
    const d = this.devices.get(path);
    if (!d) return;
    d.plugged = false;
    d.shaper.cancel();
    d.port?.disconnect();
    d.port = undefined;
  }

  replug(path: string): void {
    const d = this.devices.get(path);
    if (d) d.plugged = true;
  }

  async list(): Promise<PortInfo[]> {
    return [...this.devices.values()].filter((d) => d.plugged).map((d) => ({ ...d.info }));
  }

  async open(options: OpenOptions): Promise<EmulatorPort> {
    const d = this.devices.get(options.path);
    if (!d || !d.plugged) throw bindingError(`Error: No such file or directory, cannot open ${options.path}`);
    if (d.port?.isOpen) throw bindingError('Error Resource temporarily unavailable Cannot lock port');
    const port = new EmulatorPort(
      {
        dataBits: 8,
        lock: true,
        stopBits: 1,
        parity: 'none',
        rtscts: false,
        xon: false,
        xoff: false,
        xany: false,
        hupcl: true,
        ...options,
      } as Required<OpenOptions>,
      (bytes) => d.emulator.write(bytes),
      () => {
        if (d.port === port) {
          d.port = undefined;
          d.shaper.cancel();
        }
      },
    );
    d.port = port;
    return port;
  }
}

/** One open emulated port. Reads wait for the board's output; close cancels them. */
export class EmulatorPort implements BindingPortInterface {
  isOpen = true;
  private buffered: Buffer[] = [];
  private waiting: { resolve: () => void; reject: (e: Error) => void } | undefined;
  private gone = false;

  constructor(
    readonly openOptions: Required<OpenOptions>,
    private readonly toBoard: (bytes: Buffer) => void,
    private readonly onClose: () => void,
  ) {}

  receive(chunk: Buffer): void {
    if (!this.isOpen || this.gone) return;
    this.buffered.push(Buffer.from(chunk));
    const w = this.waiting;
    this.waiting = undefined;
    w?.resolve();
  }

  /** The cable is gone: pending and later reads/writes fail as a disconnect (not a cancel), so the stream closes. */
  disconnect(): void {
    if (this.gone) return;
    this.gone = true;
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(bindingError('Error: device disconnected (emulated unplug)'));
  }

  async close(): Promise<void> {
    if (!this.isOpen) throw bindingError('Port is not open');
    this.isOpen = false;
    this.onClose();
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(bindingError('Canceled', true));
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    if (!this.isOpen) throw bindingError('Read canceled', true);
    if (this.gone) throw bindingError('Error: device disconnected (emulated unplug)');
    while (this.buffered.length === 0) {
      await new Promise<void>((resolve, reject) => (this.waiting = { resolve, reject }));
    }
    const head = this.buffered[0] as Buffer;
    const n = Math.min(length, head.length);
    head.copy(buffer, offset, 0, n);
    if (n === head.length) this.buffered.shift();
    else this.buffered[0] = head.subarray(n);
    return { buffer, bytesRead: n };
  }

  async write(buffer: Buffer): Promise<void> {
    if (!this.isOpen) throw bindingError('Port is not open', true);
    if (this.gone) throw bindingError('Error: device disconnected (emulated unplug)');
    this.toBoard(Buffer.from(buffer));
  }

  async update(_options: UpdateOptions): Promise<void> {}
  async set(_options: SetOptions): Promise<void> {}
  async get(): Promise<PortStatus> {
    return { cts: true, dsr: true, dcd: true };
  }
  async getBaudRate(): Promise<{ baudRate: number }> {
    return { baudRate: this.openOptions.baudRate };
  }
  async flush(): Promise<void> {
    this.buffered = [];
  }
  async drain(): Promise<void> {}
}
