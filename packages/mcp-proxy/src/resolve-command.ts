import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { CrosspointError } from '@crosspoint/core';

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the executable the child would run, before spawning, so a typo fails that one server with
 * a clear message instead of a late ENOENT: `command "uvx" not found on PATH`.
 * A command containing a slash is taken relative to `cwd`; a bare name is searched on `PATH`.
 */
export function resolveCommand(command: string, env: Record<string, string | undefined>, cwd: string): string {
  if (command.includes('/')) {
    const full = isAbsolute(command) ? command : resolve(cwd, command);
    if (isExecutableFile(full)) return full;
    throw new CrosspointError('COMMAND_NOT_FOUND', `command "${command}" not found or not executable (looked at ${full})`, {
      details: { command, path: full },
    });
  }
  const path = env['PATH'] ?? '';
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(isAbsolute(dir) ? dir : resolve(cwd, dir), command);
    if (isExecutableFile(candidate)) return candidate;
  }
  throw new CrosspointError('COMMAND_NOT_FOUND', `command "${command}" not found on PATH`, { details: { command, PATH: path } });
}

/** Throws `CWD_NOT_FOUND` unless `cwd` is an existing directory. */
export function checkWorkingDirectory(cwd: string): void {
  let ok = false;
  try {
    ok = statSync(cwd).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok) throw new CrosspointError('CWD_NOT_FOUND', `working directory "${cwd}" does not exist or is not a directory`, { details: { cwd } });
}
