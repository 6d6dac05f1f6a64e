import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createClientTransport } from '@crosspoint/remote';
import { Client } from '../../packages/cli/test/support/sdk';
import { CLI, ROOT } from './gateway-process';

export type FrontName = 'ws' | 'tcp' | 'http';

/** The part of a `ws` WebSocket these tests use. */
export interface RawWebSocket {
  on(event: 'open', listener: () => void): void;
  on(event: 'close', listener: (code: number) => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
  on(event: 'unexpected-response', listener: (req: unknown, res: { statusCode?: number }) => void): void;
  on(event: 'message', listener: (data: Buffer) => void): void;
  send(data: string): void;
  terminate(): void;
}

/** The `ws` package, resolved from the remote package (the repository root does not depend on it). */
export const WebSocketImpl = createRequire(join(ROOT, 'packages', 'remote', 'package.json'))('ws') as new (
  url: string,
  protocols?: string | string[],
  options?: { headers?: Record<string, string> },
) => RawWebSocket;

/** The test environment without anything that would change which config or token the CLI picks. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('CROSSPOINT_')) env[k] = v;
  return { ...env, ...extra };
}

export interface Daemon {
  child: ChildProcess;
  urls: Partial<Record<FrontName, string>>;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal and waits for the exit. */
  stop: (signal?: NodeJS.Signals) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `crosspoint serve <args>` as a daemon child; resolves once every front in `fronts` printed its
 * `[crosspoint] listening: URL` line (ports chosen by the OS with :0), rejects if it exits first.
 */
export async function startDaemon(args: string[], fronts: FrontName[], env: Record<string, string> = {}): Promise<Daemon> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'], cwd: tmpdir() });
  let stderr = '';
  child.stdout?.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const urls: Partial<Record<FrontName, string>> = {};
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the daemon did not listen within 30 s:\n${stderr}`)), 30_000);
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
      for (const m of stderr.matchAll(/^\[crosspoint\] listening: ((ws|tcp|http):\/\/\S+)$/gm)) urls[m[2] as FrontName] = m[1] as string;
      if (fronts.every((f) => urls[f])) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`the daemon exited (${code}) before listening:\n${stderr}`));
    });
  });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return { child, urls, stderr: () => stderr, exited, stop };
}

/** An SDK client of a running gateway over one of its fronts. */
export async function connectRemote(url: string, options: { token?: string; capabilities?: Record<string, unknown> } = {}): Promise<Client> {
  const client = new Client({ name: 'e2e-remote', version: '0' }, { capabilities: options.capabilities ?? {} });
  await client.connect(createClientTransport(url, options.token ? { token: options.token } : {}));
  return client;
}

/** Polls `check` until it holds (or throws after `ms`): conditions, not fixed sleeps. */
export async function waitFor<T>(read: () => Promise<T>, check: (value: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `crosspoint <args>` to completion, without blocking this process's event loop (unlike spawnSync). */
export function runCliAsync(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: cleanEnv(env), cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}
