import type { Logger } from '@crosspoint/aggregator';
import { errorMessageOf } from '@crosspoint/core';
import { reapOrphans } from '@crosspoint/mcp-proxy';

/**
 * Stops child-server process groups left by gateways that died without cleaning up (SIGKILL,
 * OOM). Runs before any child is spawned; never throws (a broken state file must not stop the
 * bench from serving), and says what it did.
 */
export async function reapChildOrphans(stateFile: string, logger: Logger): Promise<void> {
  try {
    const report = await reapOrphans({ stateFile });
    for (const k of report.killed) logger.warn(`stopped orphaned child server "${k.name}" (process group ${k.pgid}) left by a gateway that died`);
    for (const d of report.dropped) logger.debug(`state file: forgot child server "${d.name}" (process group ${d.pgid}): ${d.reason}`);
  } catch (err) {
    logger.warn(`could not reap orphaned child servers (${stateFile}): ${errorMessageOf(err)}`);
  }
}
