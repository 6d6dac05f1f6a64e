import type { Subsystem } from '@crosspoint/core';
import { createSubsystem } from '@crosspoint/jumperless';

/**
 * The Jumperless of the embedded default: the in-process emulated board (no hardware, no socat),
 * or the real board when `JUMPERLESS_PORT` names its port (a path or "auto").
 */
export function createDemoBoard(jumperlessPort: string | undefined): Subsystem {
  return createSubsystem({ port: jumperlessPort?.trim() || 'emulated' }, { prefix: 'jumperless' });
}

export function demoBoardLabel(jumperlessPort: string | undefined): string {
  const port = jumperlessPort?.trim();
  return port ? `the Jumperless V5 on ${port} (JUMPERLESS_PORT)` : 'an emulated Jumperless V5 breadboard';
}
