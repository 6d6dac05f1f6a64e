import type { HealthLevel, HealthStatus, SubsystemState, WireMapReport } from '@crosspoint/core';
import type { RecentError } from './recent-errors.js';

export interface SubsystemStatus {
  /** The prefix it is registered under. */
  name: string;
  level: HealthLevel;
  state: SubsystemState;
  toolCount: number;
  version?: string;
  latencyMs?: number;
  lastSeen?: number;
  message?: string;
  details?: Record<string, unknown>;
  recentErrors: RecentError[];
}

export interface StartSummary {
  running: string[];
  failed: Array<{ name: string; reason: string }>;
  /** Still connecting when the deadline passed. */
  pending: string[];
  /** `4 running, 1 failed: x (reason)` */
  text: string;
}

export interface GatewayStatus {
  gateway: { name: string; version: string; level: HealthLevel; uptimeMs: number; toolCount: number; startup?: StartSummary };
  subsystems: SubsystemStatus[];
  catalog: { version: number; toolCount: number; estimatedTokens: number } & WireMapReport;
}

export function summarizeStart(results: Array<{ name: string; state: 'running' | 'failed' | 'pending'; reason?: string }>): StartSummary {
  const running = results.filter((r) => r.state === 'running').map((r) => r.name);
  const failed = results.filter((r) => r.state === 'failed').map((r) => ({ name: r.name, reason: r.reason ?? 'unknown error' }));
  const pending = results.filter((r) => r.state === 'pending').map((r) => r.name);
  const parts = [`${running.length} running`];
  if (failed.length) parts.push(`${failed.length} failed: ${failed.map((f) => `${f.name} (${f.reason})`).join(', ')}`);
  if (pending.length) parts.push(`${pending.length} still starting: ${pending.join(', ')}`);
  return { running, failed, pending, text: parts.join(', ') };
}

/** Merges what the aggregator recorded with a fresh health report. */
export function subsystemStatus(
  name: string,
  health: HealthStatus,
  toolCount: number,
  recentErrors: RecentError[],
  connectError: string | undefined,
): SubsystemStatus {
  const message = health.message ?? connectError;
  return {
    name,
    level: health.level,
    state: health.state,
    toolCount,
    ...(health.version !== undefined ? { version: health.version } : {}),
    ...(health.latencyMs !== undefined ? { latencyMs: health.latencyMs } : {}),
    ...(health.lastSeen !== undefined ? { lastSeen: health.lastSeen } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(health.details !== undefined ? { details: health.details } : {}),
    recentErrors,
  };
}
