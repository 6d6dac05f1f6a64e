import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createChildServerSubsystem, type ChildServerConfigInput, type McpSessionSubsystem } from '@crosspoint/mcp-proxy';

export const FIXTURE = join(__dirname, 'fixtures', 'fixture-server.mjs');
export const FAKE_GATEWAY = join(__dirname, 'fixtures', 'fake-gateway.mjs');

/** The installed server-everything's entry script (run as `node <it> stdio`). */
export function everythingEntry(): string {
  const pkg = require.resolve('@modelcontextprotocol/server-everything/package.json', { paths: [join(__dirname, '..')] });
  return join(dirname(pkg), 'dist', 'index.js');
}

let seq = 0;
/** A string unique to this test run, put on a child's command line to find it in the process table. */
export function marker(label: string): string {
  return `xp-${label}-${process.pid}-${Date.now().toString(36)}-${seq++}`;
}

export { processesWith, until } from '@crosspoint/testing';

/** Fast supervision settings for tests: short backoff, stops and pings off unless asked. */
export function fixtureServer(
  name: string,
  flags: string[],
  overrides: Partial<ChildServerConfigInput> = {},
  extra: { stateFile?: string } = {},
): McpSessionSubsystem {
  return createChildServerSubsystem(
    name,
    {
      command: process.execPath,
      args: [FIXTURE, ...flags],
      ping: { intervalMs: 0 },
      backoff: { baseMs: 50, maxMs: 400, resetAfterMs: 60_000 },
      stop: { graceMs: 500, termGraceMs: 500 },
      ...overrides,
    },
    { baseEnv: process.env, baseDir: __dirname, ...extra },
  );
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'xp-proxy-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The text of a forwarded result (`rawToolResult`). */
export function textOf(output: unknown): string {
  const r = (output as { result: { content: Array<{ type: string; text?: string }> } }).result;
  return r.content.map((c) => c.text ?? '').join('');
}

export async function rejectionOf(p: Promise<unknown>): Promise<Error & { code?: string; details?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}
