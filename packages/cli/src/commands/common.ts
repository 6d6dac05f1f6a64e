import { type Logger, createStreamLogger } from '@crosspoint/aggregator';
import { type LoadedConfig, findConfig, loadConfig } from '../config/load-config.js';
import { formatProblem } from '../config/problems.js';
import type { CliIo } from '../io.js';

export function stderrLogger(io: CliIo): Logger {
  const level = io.env['CROSSPOINT_LOG_LEVEL'];
  return createStreamLogger(io.stderr, { tag: 'crosspoint', level: level === 'debug' || level === 'warn' || level === 'error' ? level : 'info' });
}

/** Finds and loads the config; prints every problem and returns undefined when there are any. */
export function loadOrReport(io: CliIo, flag: string | undefined, logger: Logger): LoadedConfig | undefined {
  const loaded = loadConfig(findConfig({ ...(flag !== undefined ? { flag } : {}), env: io.env, cwd: io.cwd }), io.env, io.cwd);
  for (const w of loaded.warnings) logger.warn(w);
  if (loaded.problems.length === 0) return loaded;
  io.stderr.write(`crosspoint: ${loaded.problems.length} problem(s) in the config:\n${loaded.problems.map(formatProblem).join('\n')}\n`);
  return undefined;
}

/** Bounds a shutdown so a stuck subsystem cannot keep the process alive forever. */
export async function bounded(work: Promise<unknown>, ms: number, onTimeout: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        onTimeout();
        resolve();
      }, ms);
    }),
  ]);
  clearTimeout(timer);
}
