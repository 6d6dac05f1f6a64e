import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, lstatSync, unlinkSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { SerialPort } from 'serialport';
import { JumperlessEmulator, type JumperlessEmulatorOptions } from './emulator.js';
import { type LinkShape, OutputShaper } from './output-shaper.js';

export interface PtyEmulatorOptions {
  /** Where the host-side pty appears, e.g. `/tmp/x/ttyJLV5port5` (named like the board's ports). */
  linkPath: string;
  /** The board to serve; a new one from `emulatorOptions` otherwise. */
  emulator?: JumperlessEmulator;
  emulatorOptions?: JumperlessEmulatorOptions;
  /** Latency, jitter, split writes of the board's output; may be changed later through `.shape`. */
  shape?: LinkShape;
  /** socat executable; found on PATH by default. */
  socatPath?: string;
  /** PATH to search socat in (the caller passes `process.env.PATH`). */
  searchPath?: string;
  /** How long to wait for socat to create the pty pair. Default 10 s. */
  startTimeoutMs?: number;
}

/** The socat executable on the given PATH, or undefined when it is not installed. */
export function findSocat(searchPath: string | undefined): string | undefined {
  for (const dir of (searchPath ?? '/usr/bin:/usr/local/bin:/bin').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'socat');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function removeLink(path: string): void {
  try {
    if (lstatSync(path).isSymbolicLink()) unlinkSync(path);
  } catch {
    // already gone
  }
}

/**
 * An emulated board behind a real pseudo-terminal pair made by socat: the host opens `path`
 * with the real serialport binding, exactly as it would open the board. `unplug()` kills socat
 * (the host's port closes, the path disappears); `replug()` brings the same path back.
 */
export class PtyEmulator {
  readonly path: string;
  readonly boardPath: string;
  readonly emulator: JumperlessEmulator;
  readonly shaper: OutputShaper;
  private socat: ChildProcess | undefined;
  private port: SerialPort | undefined;
  private readonly socatPath: string;
  private stopped = false;

  constructor(private readonly options: PtyEmulatorOptions) {
    const socat = options.socatPath ?? findSocat(options.searchPath);
    if (!socat) throw Object.assign(new Error('socat is not installed: install it (apt-get install socat) to run the emulator on a pty'), { code: 'SOCAT_MISSING' });
    this.socatPath = socat;
    this.path = options.linkPath;
    this.boardPath = `${options.linkPath}.board`;
    this.emulator = options.emulator ?? new JumperlessEmulator(options.emulatorOptions);
    this.shaper = new OutputShaper((chunk) => this.port?.write(chunk), options.shape);
    this.emulator.on('data', (chunk) => {
      if (this.port?.isOpen) this.shaper.push(chunk);
    });
  }

  /** Link shaping, changeable at run time. */
  get shape(): LinkShape {
    return this.shaper.shape;
  }

  get plugged(): boolean {
    return this.socat !== undefined;
  }

  async start(): Promise<void> {
    if (this.socat || this.stopped) return;
    removeLink(this.path);
    removeLink(this.boardPath);
    const child = spawn(this.socatPath, ['-d', '-d', `pty,raw,echo=0,link=${this.boardPath}`, `pty,raw,echo=0,link=${this.path}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    let exited = false;
    child.once('exit', () => (exited = true));
    child.once('error', () => (exited = true));
    this.socat = child;
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 10_000);
    while (!(existsSync(this.path) && existsSync(this.boardPath))) {
      if (exited) throw new Error(`socat exited before creating the pty pair: ${stderr.trim()}`);
      if (Date.now() > deadline) {
        await this.killSocat();
        throw new Error(`socat did not create ${this.path} in time: ${stderr.trim()}`);
      }
      await sleep(10);
    }
    const port = new SerialPort({ path: this.boardPath, baudRate: 115200, lock: false, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    port.on('data', (d: Buffer) => this.emulator.write(d));
    port.on('error', () => undefined);
    this.port = port;
  }

  /** Pulls the cable: socat dies, the host's port reports a disconnect, the path disappears. */
  async unplug(): Promise<void> {
    this.shaper.cancel();
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((r) => port.close(() => r()));
    await this.killSocat();
  }

  /** Plugs the board back in at the same path. */
  async replug(): Promise<void> {
    await this.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.emulator.close();
    await this.unplug();
  }

  private async killSocat(): Promise<void> {
    const child = this.socat;
    this.socat = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await gone;
      clearTimeout(timer);
    }
    removeLink(this.path);
    removeLink(this.boardPath);
  }
}

/** Starts an emulated board on a socat pty pair; `path` is what the host opens. */
export async function startPtyEmulator(options: PtyEmulatorOptions): Promise<PtyEmulator> {
  const pty = new PtyEmulator(options);
  await pty.start();
  return pty;
}
