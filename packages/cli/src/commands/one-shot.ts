import { errorToCallToolResult, toCallToolResult } from '@crosspoint/core';
import { type Gateway, buildGateway } from '../compose/build-gateway.js';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../io.js';
import { bounded, loadOrReport, stderrLogger } from './common.js';
import { printTools } from './remote-client.js';

/** Builds and starts the gateway in-process, runs `work`, shuts everything down. */
export async function withGateway(io: CliIo, flag: string | undefined, work: (g: Gateway) => Promise<number>): Promise<number> {
  const logger = stderrLogger(io);
  const loaded = loadOrReport(io, flag, logger);
  if (!loaded) return EXIT_USAGE;
  const gateway = await buildGateway(loaded, { env: io.env, logger: { ...logger, info: () => undefined } });
  try {
    await gateway.aggregator.start({ deadlineMs: gateway.startupDeadlineMs });
    return await work(gateway);
  } finally {
    await bounded(gateway.aggregator.shutdown(), 10_000, () => logger.warn('some subsystems did not shut down within 10 s'));
  }
}

/** `crosspoint tools [--json]` */
export function listTools(io: CliIo, flag: string | undefined, json: boolean): Promise<number> {
  return withGateway(io, flag, async ({ aggregator }) => {
    printTools(io, aggregator.catalog().tools, json);
    return EXIT_OK;
  });
}

/** The JSON arguments of `crosspoint call`, or undefined after printing what is wrong with them. */
export function parseToolArgs(io: CliIo, argsText: string): Record<string, unknown> | undefined {
  let args: unknown;
  try {
    args = JSON.parse(argsText);
  } catch (err) {
    io.stderr.write(`crosspoint: the arguments are not valid JSON (${(err as Error).message}); pass an object such as '{"channel":1}'\n`);
    return undefined;
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    io.stderr.write(`crosspoint: the arguments must be a JSON object such as '{"channel":1}'\n`);
    return undefined;
  }
  return args as Record<string, unknown>;
}

/** `crosspoint call <wire-name> '<json>'` */
export async function callTool(io: CliIo, flag: string | undefined, name: string, argsText: string): Promise<number> {
  const args = parseToolArgs(io, argsText);
  if (!args) return EXIT_USAGE;
  return withGateway(io, flag, async ({ aggregator }) => {
    const entry = aggregator.catalog().byWire.get(name);
    if (!entry) {
      const words = name.toLowerCase().split(/[_.-]/).filter((w) => w.length > 2);
      const near = aggregator.catalog().tools.filter((t) => words.some((w) => t.name.includes(w))).map((t) => t.name);
      io.stderr.write(`crosspoint: no tool "${name}"${near.length ? `; similar: ${near.slice(0, 5).join(', ')}` : ''} (crosspoint tools lists them)\n`);
      return EXIT_FAILED;
    }
    try {
      const result = toCallToolResult(await aggregator.invoke(entry.internal, args));
      io.stdout.write(`${JSON.stringify(result.structuredContent ?? result, null, 2)}\n`);
      return result.isError ? EXIT_FAILED : EXIT_OK;
    } catch (err) {
      const text = errorToCallToolResult(err, name).content[0]?.['text'];
      io.stderr.write(`${String(text)}\n`);
      return EXIT_FAILED;
    }
  });
}

/** `crosspoint restart <name>` in-process: through the gateway's own restart tool, as a client would. */
export function restartSubsystem(io: CliIo, flag: string | undefined, name: string): Promise<number> {
  return withGateway(io, flag, async ({ aggregator }) => {
    const entry = aggregator.catalog().byWire.get('crosspoint_restart') ?? aggregator.catalog().byWire.get('crosspoint.restart');
    try {
      if (!entry) throw new Error('the gateway has no crosspoint_restart tool');
      const result = toCallToolResult(await aggregator.invoke(entry.internal, { name }));
      if (result.isError) throw new Error(String(result.content[0]?.['text'] ?? 'restart failed'));
      io.stdout.write(`restarted ${name}\n`);
      return EXIT_OK;
    } catch (err) {
      const text = errorToCallToolResult(err, 'crosspoint_restart').content[0]?.['text'];
      io.stderr.write(`crosspoint: ${String(text)}\n`);
      return EXIT_FAILED;
    }
  });
}
