import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JumperlessEmulatorOptions, type PtyEmulator, findSocat, startPtyEmulator } from '@crosspoint/jumperless-emulator';
import { JumperlessSubsystem, type JumperlessSubsystemOptions, createEmulatedBoard } from '../src/index.js';

/** socat present? Under CI=true its absence is a failure, elsewhere a skip with a message. */
export function socatOrSkip(): boolean {
  if (findSocat(process.env['PATH'])) return true;
  if (process.env['CI'] === 'true') throw new Error('socat is required under CI=true (scripts/system-deps.sh installs it)');
  // eslint-disable-next-line no-console
  console.warn('SKIPPED: socat is not installed, the pty tests of the Jumperless bridge did not run (apt-get install socat)');
  return false;
}

/** The REPL port of a real board (or "auto"), when the hardware tests should run. */
export const HARDWARE_PORT = process.env['JUMPERLESS_PORT'];

export const FAST_RECONNECT = { initialDelayMs: 50, maxDelayMs: 400 };

export interface PtyBench {
  pty: PtyEmulator;
  subsystem: JumperlessSubsystem;
  cleanup: () => Promise<void>;
}

/** An emulated board on a socat pty pair and a subsystem on its host side (not yet connected). */
export async function ptyBench(emulatorOptions: JumperlessEmulatorOptions = {}, options: Partial<JumperlessSubsystemOptions> = {}): Promise<PtyBench> {
  const dir = mkdtempSync(join(tmpdir(), 'jlv5-'));
  const pty = await startPtyEmulator({ linkPath: join(dir, 'ttyJLV5port5'), emulatorOptions: { noiseVolts: 0.001, ...emulatorOptions }, searchPath: process.env['PATH'] });
  const subsystem = new JumperlessSubsystem({ port: pty.path, emulated: true, reconnect: FAST_RECONNECT, ...options });
  return {
    pty,
    subsystem,
    cleanup: async () => {
      await subsystem.shutdown();
      await pty.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface BoardTarget {
  subsystem: JumperlessSubsystem;
  /** Only on the emulator: its internals, to check what the board did. */
  emulator?: PtyEmulator['emulator'];
  cleanup: () => Promise<void>;
}

/** The boards a behaviour test runs on: the emulator over a pty, and the real board when `JUMPERLESS_PORT` is set. */
export function boardTargets(): Array<[string, () => Promise<BoardTarget>]> {
  const targets: Array<[string, () => Promise<BoardTarget>]> = [];
  if (socatOrSkip()) {
    targets.push(['emulator over a socat pty', async () => {
      const b = await ptyBench();
      return { subsystem: b.subsystem, emulator: b.pty.emulator, cleanup: b.cleanup };
    }]);
  }
  const hardwarePort = HARDWARE_PORT;
  if (hardwarePort) {
    targets.push([`real board on ${hardwarePort}`, async () => {
      const subsystem = new JumperlessSubsystem({ port: hardwarePort });
      return { subsystem, cleanup: () => subsystem.shutdown() };
    }]);
  }
  return targets;
}

/** Before each test: a connected board with nothing routed; after it, everything released. Read `current()` in tests. */
export function useConnectedBoard(make: () => Promise<BoardTarget>): () => BoardTarget {
  let t: BoardTarget | undefined;
  beforeEach(async () => {
    t = await make();
    await t.subsystem.connect();
    await t.subsystem.invoke('nodes_clear', {});
  }, 30_000);
  afterEach(async () => t?.cleanup(), 30_000);
  return () => t as BoardTarget;
}

/** The same against the in-process emulator binding (no OS serial path). */
export function bindingBench(emulatorOptions: JumperlessEmulatorOptions = {}) {
  const board = createEmulatedBoard({ noiseVolts: 0.001, ...emulatorOptions });
  const subsystem = new JumperlessSubsystem({ port: board.path, binding: board.binding, emulated: true, reconnect: FAST_RECONNECT });
  return { ...board, subsystem };
}

/** Polls until the condition holds (no fixed sleeps). */
export async function waitUntil(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export { rejection } from '@crosspoint/testing';
