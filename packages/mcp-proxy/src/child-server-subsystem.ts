import { isCrosspointError } from '@crosspoint/core';
import { spawnChildLink } from './child-link.js';
import { type ChildServerConfig, type ChildServerConfigInput, parseChildServerConfig } from './config.js';
import type { ProxyLogger } from './downstream.js';
import { McpSessionSubsystem } from './mcp-session-subsystem.js';
import { forgetGroup, recordGroup } from './state-file.js';

export interface ChildServerOptions {
  /** The gateway's environment; the entry's `env` is laid over it. Passed in: libraries never read `process.env`. */
  baseEnv: Record<string, string | undefined>;
  /** Directory for a relative or absent `cwd` (the config file's directory, typically). Default: the current directory. */
  baseDir?: string;
  /** Where process groups are recorded for `reapOrphans` after a crash of the gateway. */
  stateFile?: string;
  logger?: ProxyLogger;
  /** Reported as the subsystem version. */
  version?: string;
}

/**
 * One `mcpServers` entry as a supervised Subsystem: a child process in its own process group,
 * spoken to over stdio, restarted by policy, its group recorded in `stateFile` while alive.
 * `config` is validated here (throws `CONFIG_INVALID`).
 */
export function createChildServerSubsystem(
  name: string,
  config: ChildServerConfigInput | ChildServerConfig,
  options: ChildServerOptions,
): McpSessionSubsystem {
  const cfg = parseChildServerConfig(name, config);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.baseEnv)) if (v !== undefined) env[k] = v;
  Object.assign(env, cfg.env);
  const baseDir = options.baseDir ?? process.cwd();
  const cwd = cfg.cwd === undefined ? baseDir : resolveFrom(baseDir, cfg.cwd);
  const logger = options.logger;
  // Record and forget run in order per subsystem, so a quick exit cannot forget before recording.
  let stateOps: Promise<void> = Promise.resolve();
  const stateOp = (fn: () => Promise<void>) => {
    stateOps = stateOps.then(fn).catch((err: unknown) => logger?.warn?.(`${name}: state file: ${String(err)}`));
    return stateOps;
  };
  let pid: number | null = null;

  return new McpSessionSubsystem({
    name,
    ...(options.version ? { version: options.version } : {}),
    settings: cfg,
    ...(logger ? { logger } : {}),
    connect: () =>
      spawnChildLink({
        command: cfg.command,
        args: cfg.args,
        env,
        cwd,
        stop: cfg.stop,
        stderr: {
          maxLines: cfg.stderr.maxLines,
          maxBytes: cfg.stderr.maxBytes,
          ...(cfg.stderr.log && logger?.info ? { onLine: (line: string) => logger.info?.(`${name} stderr: ${line}`) } : {}),
        },
        onSpawn: ({ pgid }) => {
          pid = pgid;
          if (options.stateFile) void stateOp(() => recordGroup(options.stateFile as string, name, pgid));
        },
        onGroupGone: ({ pgid }) => (options.stateFile ? stateOp(() => forgetGroup(options.stateFile as string, pgid)) : undefined),
      }),
    classifyStartError: (err) =>
      isCrosspointError(err, 'COMMAND_NOT_FOUND') || isCrosspointError(err, 'CWD_NOT_FOUND') || isCrosspointError(err, 'SPAWN_FAILED')
        ? { state: 'failed', reason: (err as Error).message }
        : undefined,
    describe: () => ({ command: cfg.command, args: cfg.args, cwd, lastPid: pid, restartPolicy: cfg.restart }),
  });
}

function resolveFrom(base: string, p: string): string {
  return p.startsWith('/') ? p : `${base.replace(/\/$/, '')}/${p}`;
}
