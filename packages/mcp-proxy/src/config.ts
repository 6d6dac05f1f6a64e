import { z } from 'zod';
import { CrosspointError, formatZodIssues } from '@crosspoint/core';

const positiveMs = z.number().int().positive().max(24 * 3600_000);
const nonNegativeMs = z.number().int().nonnegative().max(24 * 3600_000);

/**
 * One entry of the CLI config's `mcpServers` section.
 *
 * The child's environment is the gateway's base environment (passed in by the CLI) with `env`
 * laid over it: variables in `env` win, nothing else is dropped.
 */
export const childServerConfigSchema = z
  .object({
    /** Executable, looked up on PATH (or a path, relative to `cwd`). */
    command: z.string().min(1, 'must be a non-empty command'),
    args: z.array(z.string()).default([]),
    /** Laid over the gateway's environment. */
    env: z.record(z.string(), z.string()).default({}),
    /** Working directory; must exist. */
    cwd: z.string().min(1).optional(),
    /** `permanent`: always restart; `transient`: only after an abnormal exit; `temporary`: never. */
    restart: z.enum(['permanent', 'transient', 'temporary']).default('permanent'),
    /** Default per-call timeout (extended while the child reports progress). */
    timeoutMs: positiveMs.default(60_000),
    /** Per-tool timeouts, by the child's own tool name. */
    toolTimeouts: z.record(z.string(), positiveMs).default({}),
    /** Calls in flight at once to this child; more wait in a queue. */
    maxConcurrency: z.number().int().positive().max(10_000).default(64),
    /** Start on first call or first listing instead of at connect. */
    lazy: z.boolean().default(false),
    /** Lazy servers stop after this long without calls (0: never). */
    idleTimeoutMs: nonNegativeMs.default(0),
    /** From spawn until the tool list is fetched. */
    startupTimeoutMs: positiveMs.default(30_000),
    /** Health ping; `intervalMs` 0 disables it. */
    ping: z
      .object({ intervalMs: nonNegativeMs.default(30_000), timeoutMs: positiveMs.default(10_000) })
      .strict()
      .prefault({}),
    /** Restart delay: `baseMs`, doubled per consecutive failure up to `maxMs`; forgotten after `resetAfterMs` of stable running. */
    backoff: z
      .object({ baseMs: nonNegativeMs.default(1_000), maxMs: nonNegativeMs.default(60_000), resetAfterMs: nonNegativeMs.default(60_000) })
      .strict()
      .prefault({}),
    /** Consecutive failures before the server is `failed` (until restarted by hand). */
    maxFailures: z.number().int().positive().max(1_000).default(5),
    /** Escalating stop: close stdin, wait `graceMs`, SIGTERM the group, wait `termGraceMs`, SIGKILL the group. */
    stop: z
      .object({ graceMs: nonNegativeMs.default(2_000), termGraceMs: nonNegativeMs.default(2_000) })
      .strict()
      .prefault({}),
    /** Ring buffer of the child's stderr (and of non-JSON stdout lines). */
    stderr: z
      .object({
        maxLines: z.number().int().positive().max(100_000).default(200),
        maxBytes: z.number().int().positive().max(64 * 1024 * 1024).default(64 * 1024),
        /** Also pass each stderr line to the logger. */
        log: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /** Upper bound on `tools/list` pages followed. */
    maxToolPages: z.number().int().positive().max(10_000).default(100),
  })
  .strict();

export type ChildServerConfig = z.output<typeof childServerConfigSchema>;
export type ChildServerConfigInput = z.input<typeof childServerConfigSchema>;
export type RestartPolicy = ChildServerConfig['restart'];

/** Validates one `mcpServers` entry; throws `CONFIG_INVALID` naming the server and every bad field. */
export function parseChildServerConfig(name: string, input: unknown): ChildServerConfig {
  const r = childServerConfigSchema.safeParse(input);
  if (r.success) return r.data;
  throw new CrosspointError('CONFIG_INVALID', `mcpServers.${name}: ${formatZodIssues(r.error)}`, {
    details: { server: name, issues: r.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
  });
}

/** The settings of a server that is not a child process (a remote URL): everything but how to spawn it. */
export const supervisionSettingsSchema = childServerConfigSchema.omit({ command: true, args: true, env: true, cwd: true, stop: true, stderr: true });

/** Validates the supervision settings of a remote (non-child) server; throws `CONFIG_INVALID`. */
export function parseSupervisionSettings(name: string, input: unknown): z.output<typeof supervisionSettingsSchema> {
  const r = supervisionSettingsSchema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw new CrosspointError('CONFIG_INVALID', `mcpServers.${name}: ${formatZodIssues(r.error)}`, {
    details: { server: name, issues: r.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
  });
}
