import { type NativeTool } from '@crosspoint/core';
import type { z } from 'zod';

/** Runs one program on the board and returns the value of its result line. */
export type RunProgram = (code: string, options?: { inactivityMs?: number }) => Promise<unknown>;

export interface ToolContext {
  run: RunProgram;
  /** Firmware version read at connect, if known. */
  firmwareVersion: string | undefined;
  /** Highest ADC channel this firmware accepts, once known (learned from the firmware itself). */
  adcMaxChannel: number | undefined;
  /** Whether the board is the emulator (for wording only). */
  emulated: boolean;
}

export interface JumperlessTool<S extends z.ZodType = z.ZodType> {
  tool: NativeTool<S>;
  execute(args: z.output<S>, ctx: ToolContext): Promise<unknown>;
}

/** Keeps the schema's type between `defineNativeTool` and `execute`. */
export function jlTool<S extends z.ZodType>(tool: NativeTool<S>, execute: (args: z.output<S>, ctx: ToolContext) => Promise<unknown>): JumperlessTool {
  return { tool, execute } as unknown as JumperlessTool;
}

export const SETTLE_HINT = 'Routing settles in ~2-10 ms after connect/dac_set and 50-100 ms after nodes_clear/set_state: call sleep_ms before measuring if needed.';
