import type { Readable, Writable } from 'node:stream';
import { errorMessageOf } from '@crosspoint/core';
import { createClientTransport, runStdioBridge } from '@crosspoint/remote';
import { resolveClientToken } from '../compose/tokens.js';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../io.js';
import { stderrLogger } from './common.js';

/**
 * `crosspoint connect <url>`: stdio to the IDE, the network to a remote gateway. Exits 0 when the IDE
 * closes stdin (or on a signal); 1 when the gateway refused the token, but only once stdin closes,
 * because until then the bridge answers the IDE with the reason instead of leaving a dead pipe.
 */
export async function connect(io: CliIo, url: string, tokenFile: string | undefined): Promise<number> {
  const logger = stderrLogger(io);
  let token: string | undefined;
  try {
    const resolved = await resolveClientToken(io.env['CROSSPOINT_TOKEN'], tokenFile, io.cwd);
    if (resolved.warning) logger.warn(resolved.warning);
    token = resolved.token;
    // A typo or unsupported scheme fails here, before the IDE sees a half-working server
    // (constructing a client transport opens nothing).
    createClientTransport(url);
  } catch (err) {
    io.stderr.write(`crosspoint: ${errorMessageOf(err)}\n`);
    return EXIT_USAGE;
  }
  const ideGone = stdinEnded(io.stdin);
  const bridge = runStdioBridge(url, {
    ...(token ? { token } : {}),
    stdin: io.stdin as Readable,
    stdout: io.stdout as Writable,
    logger,
  });
  const stop = () => void bridge.close();
  io.signal.addEventListener('abort', stop, { once: true });
  try {
    await bridge.done;
    return EXIT_OK;
  } catch (err) {
    io.stderr.write(`crosspoint: connect: ${errorMessageOf(err)}\n`);
    await Promise.race([ideGone, new Promise<void>((resolve) => (io.signal.aborted ? resolve() : io.signal.addEventListener('abort', () => resolve(), { once: true })))]);
    return EXIT_FAILED;
  } finally {
    io.signal.removeEventListener('abort', stop);
  }
}

function stdinEnded(stdin: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve) => {
    if ((stdin as { readableEnded?: boolean }).readableEnded) return resolve();
    stdin.once('end', () => resolve());
    stdin.once('close', () => resolve());
  });
}
