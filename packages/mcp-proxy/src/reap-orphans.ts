import { type GroupRecord, readGroupRecords, withStateFileLock } from './state-file.js';
import { groupMembers, hasProcFs, isGroupAlive, isProcessAlive, readCmdline, readProcStat, signalGroup } from './proc-info.js';
import { waitFor } from './wait.js';

export interface ReapOptions {
  stateFile: string;
  /** Between SIGTERM and SIGKILL of an orphaned group. Default 2 s. */
  graceMs?: number;
}

export interface ReapReport {
  /** Groups signalled because their gateway is dead and they are verifiably the ones it started. */
  killed: Array<{ name: string; pgid: number }>;
  /** Records dropped without signalling: the group is gone, or its leader is now another process. */
  dropped: Array<{ name: string; pgid: number; reason: string }>;
  /** Records left alone because their gateway is still running. */
  kept: number;
}

function ownerAlive(r: GroupRecord): boolean {
  if (r.ownerPid === process.pid) return true;
  if (!isProcessAlive(r.ownerPid)) return false;
  // Same pid, but a different start time: the gateway died and its pid was reused.
  const start = readProcStat(r.ownerPid)?.startTime;
  return r.ownerStart === null || start === undefined || start === r.ownerStart;
}

function sameArgs(a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): boolean {
  return !!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Decides whether a recorded group may be signalled. Signalling a stranger is the one thing
 * that must never happen, so anything unverifiable answers no.
 * - The leader is alive: its start time and command line must match the record.
 * - The leader is gone but members remain: Linux does not reuse a pid while it names a live
 *   process group, so members still in group `pgid` that started after the leader are ours.
 */
function verdict(r: GroupRecord): { kill: boolean; reason: string } {
  if (!hasProcFs()) return { kill: false, reason: 'cannot verify the process without /proc' };
  const leader = readProcStat(r.pgid);
  if (leader && leader.state !== 'Z') {
    if (leader.pgrp !== r.pgid) return { kill: false, reason: 'pid now belongs to another process (not a group leader)' };
    if (r.leaderStart === null || leader.startTime !== r.leaderStart) return { kill: false, reason: 'leader start time differs (pid reused)' };
    if (!sameArgs(readCmdline(r.pgid), r.leaderCmdline)) return { kill: false, reason: 'leader command line differs' };
    return { kill: true, reason: 'leader verified' };
  }
  const members = groupMembers(r.pgid) ?? [];
  if (members.length === 0) return { kill: false, reason: 'group already gone' };
  if (r.leaderStart === null) return { kill: false, reason: 'no recorded start time to compare' };
  const ours = members.every((m) => BigInt(m.startTime) >= BigInt(r.leaderStart as string));
  return ours ? { kill: true, reason: 'leader gone, members remain' } : { kill: false, reason: 'members older than the recorded leader' };
}

/**
 * Stops the process groups left behind by gateways that died without cleaning up (SIGKILL, OOM,
 * power loss). Call once at start, before spawning. Only groups whose owning gateway is dead are
 * touched, and only after verifying they are still the processes that gateway started.
 */
export async function reapOrphans(options: ReapOptions): Promise<ReapReport> {
  const graceMs = options.graceMs ?? 2_000;
  const report: ReapReport = { killed: [], dropped: [], kept: 0 };
  if (readGroupRecords(options.stateFile).length === 0) return report;
  const toKill = await withStateFileLock(options.stateFile, (content) => {
    const keep: GroupRecord[] = [];
    const kill: GroupRecord[] = [];
    for (const r of content.groups) {
      if (ownerAlive(r)) {
        keep.push(r);
        report.kept++;
        continue;
      }
      const v = verdict(r);
      if (v.kill) kill.push(r);
      else report.dropped.push({ name: r.name, pgid: r.pgid, reason: v.reason });
    }
    return { content: { version: 1, groups: keep }, result: kill };
  });
  await Promise.all(
    toKill.map(async (r) => {
      signalGroup(r.pgid, 'SIGTERM');
      // Timers kept alive: the CLI awaits this at start, possibly with nothing else running yet.
      if (!(await waitFor(() => !isGroupAlive(r.pgid), graceMs, 20, true))) {
        signalGroup(r.pgid, 'SIGKILL');
        await waitFor(() => !isGroupAlive(r.pgid), 5_000, 20, true);
      }
      report.killed.push({ name: r.name, pgid: r.pgid });
    }),
  );
  return report;
}
