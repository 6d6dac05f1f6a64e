import { EventEmitter } from 'eventemitter3';
import { BoardModel, type BoardModelOptions } from './board-model.js';
import { Interpreter, RunError, type RunHooks } from './interpreter.js';
import { PySyntaxError, parseProgram } from './parser.js';

export const DEFAULT_FIRMWARE_VERSION = '5.2.2.0';
export const MICROPYTHON_VERSION = 'v1.25.0';
export const RAW_BANNER = 'raw REPL; CTRL-B to exit\r\n';

export interface JumperlessEmulatorOptions extends BoardModelOptions {
  /** Reported in the friendly banner as `jumperless-v5 v<version> with rp2350b`. */
  firmwareVersion?: string;
  /** ADC channel count: 8 (0-7) on newer firmware, 4 (0-3) on older. Default: 4 before 5.1, else 8. */
  adcChannels?: 4 | 8;
  /** How many entries `received` and `executed` keep (oldest dropped), so a long-running demo stays bounded. Default 10,000. */
  logLimit?: number;
}

export interface EmulatorEvents {
  /** Bytes the board sends to the host. */
  data: [chunk: Buffer];
}

/** ADC 0-7 came with the 5.1 firmware line in this emulator's model; older builds answer 0-3. */
export function adcChannelsForVersion(version: string): 4 | 8 {
  const [major = 0, minor = 0] = version.split('.').map((x) => Number.parseInt(x, 10) || 0);
  return major > 5 || (major === 5 && minor >= 1) ? 8 : 4;
}

const CTRL_A = 0x01;
const CTRL_B = 0x02;
const CTRL_C = 0x03;
const CTRL_D = 0x04;
const CTRL_E = 0x05;

/**
 * The Jumperless V5 MicroPython REPL port, byte for byte: friendly mode with echo and `>>> `,
 * the raw REPL (Ctrl-A) with `OK…\x04…\x04>` reply framing, soft reboot on an empty Ctrl-D,
 * Ctrl-C, Ctrl-B banner, raw-paste refusal, and the firmware API over a behavioural board model.
 * Transport-agnostic: feed it with `write()`, listen to `data`.
 */
export class JumperlessEmulator extends EventEmitter<EmulatorEvents> {
  readonly model: BoardModel;
  readonly firmwareVersion: string;
  readonly adcChannels: number;
  /** Every chunk the host wrote, in order, for assertions (e.g. that nothing was sent). */
  readonly received: Array<{ at: number; bytes: Buffer }> = [];
  /** Every program the raw or friendly REPL ran (after parsing), for assertions. */
  readonly executed: string[] = [];
  /** Bytes (other than Ctrl-C) that arrived while a program ran: a well-behaved host sends none. */
  inputWhileRunning = 0;
  /** Soft reboots (an empty Ctrl-D in raw mode, or Ctrl-D in friendly mode): a well-behaved host causes none. */
  softReboots = 0;
  private readonly logLimit: number;
  private mode: 'friendly' | 'raw' = 'friendly';
  private line: number[] = [];
  private running = false;
  private busy = false;
  private interruptFlag = false;
  private readonly queued: number[] = [];
  private readonly interpreter = new Interpreter();
  private readonly sleepers = new Set<() => void>();

  constructor(options: JumperlessEmulatorOptions = {}) {
    super();
    this.model = new BoardModel(options);
    this.firmwareVersion = options.firmwareVersion ?? DEFAULT_FIRMWARE_VERSION;
    this.adcChannels = options.adcChannels ?? adcChannelsForVersion(this.firmwareVersion);
    this.logLimit = options.logLimit ?? 10_000;
  }

  /** The friendly-mode banner line, as Ctrl-B and a soft reboot print it. */
  banner(): string {
    return `MicroPython ${MICROPYTHON_VERSION} on 2025-06-01; jumperless-v5 v${this.firmwareVersion} with rp2350b\r\nType "help()" for more information.\r\n`;
  }

  /** Bytes everything the host wrote so far, as latin1 text (control characters kept). */
  receivedText(): string {
    return Buffer.concat(this.received.map((r) => r.bytes)).toString('latin1');
  }

  /** Pretends a long script is running: input is ignored until Ctrl-C interrupts it. */
  setBusy(on: boolean): void {
    this.busy = on;
  }

  get isRunning(): boolean {
    return this.running || this.busy;
  }

  /** Bytes from the host. */
  write(data: Buffer | string): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
    this.received.push({ at: Date.now(), bytes });
    if (this.received.length > this.logLimit) this.received.splice(0, this.received.length - this.logLimit);
    for (const b of bytes) this.feed(b);
  }

  /** Ends every pending sleep (for shutdown). */
  close(): void {
    this.interruptFlag = true;
    for (const wake of [...this.sleepers]) wake();
  }

  private out(text: string): void {
    if (text.length > 0) this.emit('data', Buffer.from(text, 'utf8'));
  }

  private feed(b: number): void {
    if (this.busy) {
      if (b === CTRL_C) {
        this.busy = false;
        const tb = traceback('KeyboardInterrupt', '', 1);
        this.out(this.mode === 'raw' ? `\x04${tb}\x04>` : `${tb}>>> `);
      }
      return;
    }
    if (this.running) {
      if (b === CTRL_C) {
        this.interruptFlag = true;
        for (const wake of [...this.sleepers]) wake();
      } else {
        this.inputWhileRunning++;
        this.queued.push(b);
      }
      return;
    }
    if (this.mode === 'raw') this.feedRaw(b);
    else this.feedFriendly(b);
  }

  private feedRaw(b: number): void {
    if (b === CTRL_A) {
      if (this.line.length === 2 && this.line[0] === CTRL_E && this.line[1] === 0x41) {
        this.line = [];
        this.out('R\x00'); // raw-paste mode is not supported: the host falls back to plain raw mode
        return;
      }
      this.line = [];
      this.out(`${RAW_BANNER}>`);
    } else if (b === CTRL_B) {
      this.line = [];
      this.mode = 'friendly';
      this.out(`\r\n${this.banner()}>>> `);
    } else if (b === CTRL_C) {
      this.line = [];
    } else if (b === CTRL_D) {
      const code = Buffer.from(this.line).toString('utf8');
      this.line = [];
      this.out('OK');
      if (code.length === 0) {
        this.softReboot();
        return;
      }
      void this.execute(code, false);
    } else this.line.push(b);
  }

  private feedFriendly(b: number): void {
    if (b === CTRL_A && this.line.length === 0) {
      this.mode = 'raw';
      this.out(`\r\n${RAW_BANNER}>`);
    } else if (b === CTRL_B) {
      this.line = [];
      this.out(`\r\n${this.banner()}>>> `);
    } else if (b === CTRL_C) {
      this.line = [];
      this.out('\r\n>>> ');
    } else if (b === CTRL_D && this.line.length === 0) {
      this.softReboot();
    } else if (b === 0x0d) {
      const code = Buffer.from(this.line).toString('utf8');
      this.line = [];
      this.out('\r\n');
      if (code.trim().length === 0) this.out('>>> ');
      else void this.execute(code, true);
    } else if (b === 0x08 || b === 0x7f) {
      if (this.line.length > 0) {
        // drop a whole UTF-8 sequence
        do this.line.pop();
        while (this.line.length > 0 && ((this.line[this.line.length - 1] as number) & 0xc0) === 0x80);
        this.out('\b \b');
      }
    } else if (b >= 0x20 || b === 0x09) {
      this.line.push(b);
      this.emit('data', Buffer.from([b]));
    }
  }

  private softReboot(): void {
    this.softReboots++;
    this.interpreter.reset();
    this.out(`\r\nsoft reboot\r\n`);
    this.out(this.mode === 'raw' ? `${RAW_BANNER}>` : `${this.banner()}>>> `);
  }

  private async execute(code: string, friendly: boolean): Promise<void> {
    this.running = true;
    this.interruptFlag = false;
    let stderr = '';
    this.executed.push(code);
    if (this.executed.length > this.logLimit) this.executed.splice(0, this.executed.length - this.logLimit);
    const hooks: RunHooks = {
      model: this.model,
      adcChannels: this.adcChannels,
      echoValues: friendly,
      print: (text) => this.out(cooked(text)),
      interrupted: () => this.interruptFlag,
      waitForInterrupt: () =>
        new Promise<void>((resolve) => {
          const wake = () => {
            this.sleepers.delete(wake);
            resolve();
          };
          this.sleepers.add(wake);
        }),
      sleep: (ms) =>
        new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            this.sleepers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, ms);
          this.sleepers.add(wake);
        }),
    };
    try {
      await this.interpreter.run(parseProgram(code), hooks);
    } catch (e) {
      if (e instanceof PySyntaxError) stderr = traceback(e.pyType, e.message, e.line, false);
      else if (e instanceof RunError) stderr = traceback(e.pyType, e.pyMessage, e.line);
      else stderr = traceback('RuntimeError', `emulator: ${(e as Error).message}`, 1);
    }
    this.running = false;
    this.interruptFlag = false;
    this.out(friendly ? `${stderr}>>> ` : `\x04${stderr}\x04>`);
    const pending = this.queued.splice(0);
    for (const b of pending) this.feed(b);
  }
}

/** MicroPython writes `\r\n` for every `\n` a script prints. */
function cooked(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

function traceback(type: string, message: string, line: number, inModule = true): string {
  return `Traceback (most recent call last):\r\n  File "<stdin>", line ${line}${inModule ? ', in <module>' : ''}\r\n${type}: ${message}\r\n`;
}
