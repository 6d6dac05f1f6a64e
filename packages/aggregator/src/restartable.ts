import type { Subsystem } from '@crosspoint/core';

/**
 * Optional capability of a subsystem: start over (respawn a child server, reopen a port).
 * `crosspoint_restart` uses it; subsystems without it answer with a clear error.
 */
export interface Restartable {
  restart(): Promise<void>;
}

export function isRestartable(subsystem: Subsystem | object): subsystem is Subsystem & Restartable {
  return typeof (subsystem as { restart?: unknown }).restart === 'function';
}
