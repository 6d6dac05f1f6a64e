import { defineNativeTool } from '@crosspoint/core';
import { z } from 'zod';
import { NativeSubsystem } from './native-subsystem.js';
import type { GatewayStatus } from './status.js';

export const GATEWAY_PREFIX = 'crosspoint';

export interface GatewayToolsHost {
  version: string;
  status(): Promise<GatewayStatus>;
  restart(name: string): Promise<void>;
}

const status = defineNativeTool({
  name: 'status',
  title: 'Bench status',
  description:
    'Health of every part of the bench: for each subsystem its health level, state, tool count, version, latency, details and recent errors; plus gateway uptime and how tool names were mapped. Call this first when something misbehaves.',
  input: z.object({}),
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
});

const restart = defineNativeTool({
  name: 'restart',
  title: 'Restart a subsystem',
  description: 'Restarts one subsystem of the bench by its name (as shown by crosspoint_status), e.g. a crashed child server.',
  input: z.object({ name: z.string().min(1).describe('Subsystem name (its tool prefix), e.g. "jumperless"') }),
  annotations: { destructiveHint: false, idempotentHint: false, openWorldHint: false },
  timeoutMs: 120_000,
});

/** The gateway's own subsystem: `crosspoint_status` and `crosspoint_restart`. */
export function createGatewaySubsystem(host: GatewayToolsHost): NativeSubsystem {
  return new NativeSubsystem({
    name: GATEWAY_PREFIX,
    version: host.version,
    tools: [
      { tool: status, run: () => host.status() },
      {
        tool: restart,
        run: async (args: { name: string }) => {
          await host.restart(args.name);
          return { restarted: args.name };
        },
      },
    ],
  });
}
