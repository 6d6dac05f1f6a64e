import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { CrosspointError } from '@crosspoint/core';
import { LAUNCH_PROGRAM, groupLauncher } from './group-launcher.js';
import { LineRing } from './line-ring.js';
import { NdjsonTransport } from './ndjson-transport.js';
import { isGroupAlive, signalGroup } from './proc-info.js';
import { checkWorkingDirectory, resolveCommand } from './resolve-command.js';
import { waitFor, within } from './wait.js';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Epoch ms of the exit. */
  at: number;
}

export interface ChildLinkOptions {
  command: string;
  args?: string[];
  /** The complete environment of the child (the caller merges base env and entry env). */
  env: Record<string, string>;
  cwd: string;
  stop?: { graceMs?: number; termGraceMs?: number };
  stderr?: { maxLines?: number; maxBytes?: number; onLine?: (line: string) => void };
  /** Called once the child runs, before any message: e.g. to record its group in a state file. */
  onSpawn?: (info: { pid: number; pgid: number }) => void;
  /** Called once no process of the child's group is left; `stop()` waits for the returned promise. */
  onGroupGone?: (info: { pgid: number }) => void | Promise<void>;
  /**
   * Give the child a session of its own (`setsid`) rather than only a process group in the
   * gateway's session. Default false; a system without perl gets a session anyway (see `groupLauncher`).
   */
  newSession?: boolean;
}

/**
 * A running child MCP server: an SDK `Transport` over its stdin/stdout, plus what supervision needs.
 * `close()` (and `stop()`) run the escalating stop; `onclose` fires as soon as the leader exits.
 */
export interface ChildLink extends NdjsonTransport {
  readonly pid: number;
  /** The child's process group (it is the group leader, so equal to `pid`). */
  readonly pgid: number;
  /** The child leads a session of its own (`setsid`), rather than only a group in the gateway's session. */
  readonly ownSession: boolean;
  readonly exitInfo: ExitInfo | undefined;
  readonly exited: Promise<ExitInfo>;
  /** Resolves once no process of the group is left (grandchildren included). */
  readonly groupGone: Promise<void>;
  stderrTail(n?: number): string[];
  stop(): Promise<ExitInfo>;
}

/**
 * Spawns a child in its own process group (so stopping it reaches grandchildren started through
 * `sh -c` or `npx`), in the gateway's session where it can (see `groupLauncher`), after checking
 * that the command resolves on PATH and the cwd exists.
 * Rejects with `COMMAND_NOT_FOUND` / `CWD_NOT_FOUND` / `SPAWN_FAILED`.
 */
export async function spawnChildLink(options: ChildLinkOptions): Promise<ChildLink> {
  checkWorkingDirectory(options.cwd);
  const file = resolveCommand(options.command, options.env, options.cwd);
  const args = options.args ?? [];
  // PERL5OPT would run in the launcher before the server starts (and could write to its stdout).
  const launcher = options.newSession || options.env['PERL5OPT'] ? undefined : groupLauncher();
  const child = launcher
    ? spawn(launcher, ['-e', LAUNCH_PROGRAM, '--', file, ...args], { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe', 'pipe'], windowsHide: true })
    : spawn(file, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (err) =>
      reject(new CrosspointError('SPAWN_FAILED', `could not start "${options.command}": ${err.message}`, { cause: err })),
    );
  });
  // The launcher's fd 3 closes when it execs the server (or dies trying): from then on the pid,
  // group and command line are the server's own, which the state file records.
  if (launcher) await execed(child.stdio[3] as Readable);
  return new ChildLinkImpl(child as ChildProcessWithoutNullStreams, options, !launcher);
}

/** Resolves at end of file on the launcher's fd 3 (bounded: a launcher never takes long). */
function execed(ready: Readable): Promise<void> {
  return within(
    new Promise<void>((resolve) => {
      ready.once('end', resolve);
      ready.once('close', resolve);
      ready.once('error', () => resolve());
      ready.resume();
    }),
    5_000,
  ).then(() => {
    ready.destroy();
  });
}

class ChildLinkImpl extends NdjsonTransport implements ChildLink {
  readonly pid: number;
  readonly pgid: number;
  exitInfo: ExitInfo | undefined;
  readonly exited: Promise<ExitInfo>;
  readonly groupGone: Promise<void>;
  private readonly stderrRing: LineRing;
  private readonly graceMs: number;
  private readonly termGraceMs: number;
  private stopping: Promise<ExitInfo> | undefined;

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    options: ChildLinkOptions,
    readonly ownSession: boolean,
  ) {
    super(child.stdout, child.stdin);
    this.pid = child.pid as number;
    this.pgid = this.pid;
    this.graceMs = options.stop?.graceMs ?? 2_000;
    this.termGraceMs = options.stop?.termGraceMs ?? 2_000;
    this.stderrRing = new LineRing(options.stderr?.maxLines ?? 200, options.stderr?.maxBytes ?? 64 * 1024, options.stderr?.onLine);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => this.stderrRing.write(s));
    child.stdin.on('error', () => {}); // EPIPE once the child is gone; the exit is reported instead.
    options.onSpawn?.({ pid: this.pid, pgid: this.pgid });

    this.exited = new Promise<ExitInfo>((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal, at: Date.now() };
        resolve(this.exitInfo);
      });
    });
    this.groupGone = this.exited.then(async () => {
      // Let what the child wrote just before dying (its last answer, its last stderr lines) reach
      // us before we report it; bounded, since a grandchild may hold the pipes open.
      const drained = (stream: NodeJS.ReadableStream & { readableEnded: boolean }) =>
        new Promise((r) => (stream.readableEnded ? r(undefined) : stream.once('end', r)));
      await within(Promise.all([drained(child.stdout), drained(child.stderr)]), 100);
      this.closed();
      await this.reapGroup();
      for (const s of [child.stdout, child.stderr, child.stdin]) s.destroy();
      await options.onGroupGone?.({ pgid: this.pgid });
    });
    this.groupGone.catch(() => {});
    // A child that closes its stdout but lives on can never answer again: treat it as lost.
    child.stdout.once('end', () => {
      void within(this.exited, 200).then((exit) => {
        if (exit || this.stopping) return; // the exit path reports it, with the exit status
        this.closed();
        void this.stop();
      });
    });
  }

  stderrTail(n?: number): string[] {
    return this.stderrRing.tail(n);
  }

  protected override async closeStreams(): Promise<void> {
    await this.stop();
  }

  /** Close stdin → grace → SIGTERM group → grace → SIGKILL group; then nothing of the group is left. */
  stop(): Promise<ExitInfo> {
    this.stopping ??= this.escalate();
    return this.stopping;
  }

  private async escalate(): Promise<ExitInfo> {
    if (!this.exitInfo) {
      this.flushOutgoing();
      this.child.stdin.end();
      let info = await within(this.exited, this.graceMs);
      if (!info) {
        signalGroup(this.pgid, 'SIGTERM');
        info = await within(this.exited, this.termGraceMs);
      }
      if (!info) signalGroup(this.pgid, 'SIGKILL');
    }
    const info = await this.exited;
    await this.groupGone;
    return info;
  }

  /**
   * After the leader exits: grandchildren still in the group get SIGTERM, then SIGKILL. These
   * polls keep the event loop alive (bounded): once the leader is gone no child handle does, and
   * a gateway awaiting shutdown must not exit before the group is gone.
   */
  private async reapGroup(): Promise<void> {
    if (!isGroupAlive(this.pgid)) return;
    signalGroup(this.pgid, 'SIGTERM');
    if (await waitFor(() => !isGroupAlive(this.pgid), this.termGraceMs, 20, true)) return;
    signalGroup(this.pgid, 'SIGKILL');
    await waitFor(() => !isGroupAlive(this.pgid), 5_000, 20, true);
  }
}
