import { CrosspointError, type ToolDescriptor } from '@crosspoint/core';
import { FakeSubsystem, type FakeTool } from '@crosspoint/testing';
import type { Logger } from '../src/index.js';

export const schema = (properties: Record<string, unknown> = {}, required: string[] = []) =>
  ({ type: 'object', properties, required }) as ToolDescriptor['inputSchema'];

export function tool(name: string, description = `Tool ${name}.`, handler: FakeTool['handler'] = () => ({ from: name })): FakeTool {
  return { descriptor: { name, description, inputSchema: schema() }, handler };
}

/** A FakeSubsystem whose connect always fails, as a child server that cannot start. */
export class BrokenSubsystem extends FakeSubsystem {
  override async connect(): Promise<void> {
    this.setState('failed');
    throw new CrosspointError('DOWNSTREAM_EXITED', 'exited with code 1 before answering');
  }
}

/** A logger that keeps lines for assertions. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (m: string) => void lines.push(`${level}: ${m}`);
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export { rejection } from '@crosspoint/testing';

/** Waits until `check` is true, polling; fails after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
