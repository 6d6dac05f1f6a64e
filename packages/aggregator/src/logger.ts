/**
 * Where libraries send their diagnostics. Injected by the composition root; libraries never
 * write to stdout (on stdio it carries the protocol) and never pick a stream themselves.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const noop = (): void => {};

/** Drops everything: the default when nobody injects a logger. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface StreamLoggerOptions {
  /** Lowest level written. Default `info`. */
  level?: LogLevel;
  /** Prepended to every line, e.g. `crosspoint`. */
  tag?: string;
}

/** One line per message on a writable stream (stderr in the CLI). */
export function createStreamLogger(stream: { write(chunk: string): unknown }, options: StreamLoggerOptions = {}): Logger {
  const min = RANK[options.level ?? 'info'];
  const tag = options.tag ? `[${options.tag}] ` : '';
  const at = (level: LogLevel) => (message: string) => {
    if (RANK[level] >= min) stream.write(`${tag}${level === 'info' ? '' : `${level}: `}${message}\n`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
