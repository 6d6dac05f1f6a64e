import { readFileSync, readdirSync } from 'node:fs';

/**
 * What Linux `/proc` tells about a process, for verifying that a recorded process group is still
 * the one we started before signalling it. Elsewhere every reader returns `undefined` and callers
 * fall back to plain `kill(…, 0)` checks.
 */
export interface ProcStat {
  pid: number;
  /** One-letter state (`R`, `S`, `Z`…). */
  state: string;
  ppid: number;
  pgrp: number;
  /** Start time in clock ticks since boot (field 22): with the pid, a unique identity. */
  startTime: string;
}

export function readProcStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may contain spaces and parentheses: parse after the last ')'.
  const close = text.lastIndexOf(')');
  if (close === -1) return undefined;
  const f = text.slice(close + 2).split(' ');
  const state = f[0];
  const ppid = Number(f[1]);
  const pgrp = Number(f[2]);
  const startTime = f[19];
  if (state === undefined || startTime === undefined || !Number.isFinite(pgrp)) return undefined;
  return { pid, state, ppid, pgrp, startTime };
}

/** The command line as its NUL-separated arguments, or `undefined` when unreadable. */
export function readCmdline(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const parts = raw.split('\0');
    if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    return parts;
  } catch {
    return undefined;
  }
}

/** True when `/proc` can be read here (Linux). */
export function hasProcFs(): boolean {
  return readProcStat(process.pid) !== undefined;
}

/** Live (non-zombie) members of a process group, from `/proc`; `undefined` without `/proc`. */
export function groupMembers(pgid: number): ProcStat[] | undefined {
  if (!hasProcFs()) return undefined;
  const out: ProcStat[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const e of entries) {
    const c = e.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const st = readProcStat(Number(e));
    if (st && st.pgrp === pgid && st.state !== 'Z' && st.state !== 'X') out.push(st);
  }
  return out;
}

/** True while any process of the group is alive (zombies, already dead, do not count on Linux). */
export function isGroupAlive(pgid: number): boolean {
  const members = groupMembers(pgid);
  if (members) return members.length > 0;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True while the process exists (a zombie counts as gone on Linux). */
export function isProcessAlive(pid: number): boolean {
  const st = readProcStat(pid);
  if (st) return st.state !== 'Z' && st.state !== 'X';
  if (hasProcFs()) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Sends a signal to a whole process group; false when the group is already gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}
