import { closeSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isProcessAlive, readCmdline, readProcStat } from './proc-info.js';
import { delay } from './wait.js';

/**
 * The process groups a gateway started, recorded so that after the gateway is killed with SIGKILL
 * its next start (or another gateway's) can stop what it left behind. Several gateways of one user
 * may share the file: every change happens under a lock file and lands by atomic rename.
 */
export interface GroupRecord {
  /** Server name, for reports. */
  name: string;
  pgid: number;
  /** Start time (`/proc/<pid>/stat` field 22) of the group leader; `null` without `/proc`. */
  leaderStart: string | null;
  leaderCmdline: string[] | null;
  ownerPid: number;
  ownerStart: string | null;
  recordedAt: number;
}

interface StateFileContent {
  version: 1;
  groups: GroupRecord[];
}

const LOCK_STALE_MS = 10_000;

function read(path: string): StateFileContent {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<StateFileContent>;
    if (parsed && Array.isArray(parsed.groups)) return { version: 1, groups: parsed.groups.filter(isRecord) };
  } catch {
    // Missing or unreadable (e.g. a torn write from an old version): start over rather than fail.
  }
  return { version: 1, groups: [] };
}

function isRecord(v: unknown): v is GroupRecord {
  const r = v as GroupRecord;
  return typeof r === 'object' && r !== null && Number.isInteger(r.pgid) && r.pgid > 1 && Number.isInteger(r.ownerPid);
}

function write(path: string, content: StateFileContent): void {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, JSON.stringify(content, null, 1));
  renameSync(tmp, path);
}

/** Runs `fn` holding `<path>.lock` (created exclusively; a lock older than 10 s or of a dead pid is broken). */
async function withLock<T>(path: string, fn: (content: StateFileContent) => { content?: StateFileContent; result: T }): Promise<T> {
  mkdirSync(dirname(path), { recursive: true });
  const lock = `${path}.lock`;
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeFileSync(fd, `${process.pid} ${Date.now()}`);
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (lockIsStale(lock) || Date.now() > deadline) {
        try {
          unlinkSync(lock);
        } catch {
          // another waiter broke it first
        }
        continue;
      }
      await delay(10, true); // awaited: must hold the event loop (bounded by the 5 s deadline)
    }
  }
  try {
    const out = fn(read(path));
    if (out.content) write(path, out.content);
    return out.result;
  } finally {
    try {
      unlinkSync(lock);
    } catch {
      // already gone
    }
  }
}

function lockIsStale(lock: string): boolean {
  try {
    const [pid, at] = readFileSync(lock, 'utf8').split(' ').map(Number);
    if (!pid || !at) return false; // being written right now
    return Date.now() - at > LOCK_STALE_MS || !isProcessAlive(pid);
  } catch {
    return false;
  }
}

/** This process as an owner: pid + start time, so a recycled pid is not mistaken for us. */
export function currentOwner(): { ownerPid: number; ownerStart: string | null } {
  return { ownerPid: process.pid, ownerStart: readProcStat(process.pid)?.startTime ?? null };
}

/** Records a freshly spawned group (its leader's identity read now, while it surely is ours). */
export async function recordGroup(stateFile: string, name: string, pgid: number): Promise<void> {
  const record: GroupRecord = {
    name,
    pgid,
    leaderStart: readProcStat(pgid)?.startTime ?? null,
    leaderCmdline: readCmdline(pgid) ?? null,
    ...currentOwner(),
    recordedAt: Date.now(),
  };
  await withLock(stateFile, (c) => ({ content: { version: 1, groups: [...c.groups.filter((g) => g.pgid !== pgid), record] }, result: undefined }));
}

/** Forgets a group once nothing of it is left. */
export async function forgetGroup(stateFile: string, pgid: number): Promise<void> {
  await withLock(stateFile, (c) => ({ content: { version: 1, groups: c.groups.filter((g) => g.pgid !== pgid) }, result: undefined }));
}

/** Every record, for status and tests. */
export function readGroupRecords(stateFile: string): GroupRecord[] {
  return read(stateFile).groups;
}

export { withLock as withStateFileLock };
