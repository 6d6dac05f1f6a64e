import { type HealthLevel, type HealthStatus, type Subsystem, type SubsystemState, type WireMapReport, errorMessageOf, worstLevel } from '@crosspoint/core';
import type { Catalog } from './catalog.js';
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

export function gatewayStatus(
  gateway: { name: string; version: string; uptimeMs: number; startup: StartSummary | undefined },
  subsystems: SubsystemStatus[],
  catalog: Catalog,
): GatewayStatus {
  return {
    gateway: {
      name: gateway.name,
      version: gateway.version,
      level: worstLevel(subsystems.map((s) => s.level)),
      uptimeMs: gateway.uptimeMs,
      toolCount: catalog.tools.length,
      ...(gateway.startup ? { startup: gateway.startup } : {}),
    },
    subsystems,
    catalog: { version: catalog.version, toolCount: catalog.tools.length, estimatedTokens: catalog.estimatedTokens, ...catalog.report },
  };
}

/** A subsystem's healthCheck(), bounded in time and never rejecting (the contract says it never throws; we do not rely on it). */
export async function boundedHealthCheck(subsystem: Subsystem, limitMs: number, currentState: SubsystemState): Promise<HealthStatus> {
  let timer: NodeJS.Timeout | undefined;
  const fallback: HealthStatus = { level: 'unhealthy', state: 'unreachable', message: `health check gave no answer within ${limitMs} ms` };
  try {
    return await Promise.race([
      subsystem.healthCheck(),
      new Promise<HealthStatus>((resolve) => {
        timer = setTimeout(() => resolve(fallback), limitMs);
        timer.unref?.();
      }),
    ]);
  } catch (err) {
    return { level: 'unhealthy', state: currentState, message: `health check failed: ${errorMessageOf(err)}` };
  } finally {
    clearTimeout(timer);
  }
}
