import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where crosspoint keeps state that must outlive a crash (the process groups of its child
 * servers): `CROSSPOINT_STATE_DIR`, else `$XDG_STATE_HOME/crosspoint`, else
 * `~/.local/state/crosspoint`. Taken from the environment passed in, never `process.env`.
 */
export function stateDirFrom(env: Readonly<Record<string, string | undefined>>): string {
  const explicit = env['CROSSPOINT_STATE_DIR'];
  if (explicit) return explicit;
  const xdg = env['XDG_STATE_HOME'];
  if (xdg && xdg.startsWith('/')) return join(xdg, 'crosspoint');
  return join(env['HOME'] || homedir(), '.local', 'state', 'crosspoint');
}

/** The file recording the child servers' process groups (shared by every gateway of this user). */
export function childStateFileFrom(env: Readonly<Record<string, string | undefined>>): string {
  return join(stateDirFrom(env), 'child-groups.json');
}
