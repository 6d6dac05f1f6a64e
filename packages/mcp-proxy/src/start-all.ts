import { errorMessageOf } from '@crosspoint/core';
import type { McpSessionSubsystem } from './mcp-session-subsystem.js';

export interface StartReport {
  running: string[];
  /** Lazy servers, started on first use. */
  idle: string[];
  failed: Array<{ name: string; state: string; reason: string }>;
  /** `4 running, 1 failed: fs (command "uvx" not found on PATH)` */
  summary: string;
}

/**
 * Connects every server in parallel and waits until each has settled (running, idle, or given
 * up for now), so the gateway can serve at once and say which servers failed and why. One
 * server's failure never rejects the whole; servers still retrying by policy are listed as failed
 * with their state (`restarting`) and come up later on their own.
 */
export async function startServers(servers: Iterable<McpSessionSubsystem>): Promise<StartReport> {
  const list = [...servers];
  const outcomes = await Promise.allSettled(list.map((s) => s.connect()));
  const report: StartReport = { running: [], idle: [], failed: [], summary: '' };
  outcomes.forEach((o, i) => {
    const s = list[i] as McpSessionSubsystem;
    if (s.state === 'running') report.running.push(s.name);
    else if (s.state === 'idle') report.idle.push(s.name);
    else report.failed.push({ name: s.name, state: s.state, reason: o.status === 'rejected' ? errorMessageOf(o.reason) : `is ${s.state}` });
  });
  const parts = [`${report.running.length} running`];
  if (report.idle.length) parts.push(`${report.idle.length} lazy`);
  if (report.failed.length) parts.push(`${report.failed.length} failed: ${report.failed.map((f) => `${f.name} (${f.reason})`).join('; ')}`);
  report.summary = parts.join(', ');
  return report;
}
