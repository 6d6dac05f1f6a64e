import { serveStdio } from '@crosspoint/aggregator';
import type { StartSummary } from '@crosspoint/aggregator';
import type { Gateway } from '../compose/build-gateway.js';
import { buildGateway } from '../compose/build-gateway.js';
import { startNetworkFronts } from '../compose/network-fronts.js';
import type { LoadedConfig } from '../config/load-config.js';
import { type CliIo, EXIT_OK, EXIT_USAGE } from '../io.js';
import { demoBoardLabel } from '../demo/demo-board.js';
import { CLI_VERSION } from '../version.js';
import { bounded, loadOrReport, stderrLogger } from './common.js';

/** `crosspoint serve`: one MCP session over stdio until stdin ends or a signal arrives. */
export async function serve(io: CliIo, flag: string | undefined, binPath: string | undefined): Promise<number> {
  const logger = stderrLogger(io);
  const loaded = loadOrReport(io, flag, logger);
  if (!loaded) return EXIT_USAGE;
  const gateway = await buildGateway(loaded, { env: io.env, logger });
  const { aggregator } = gateway;
  void aggregator.start({ deadlineMs: gateway.startupDeadlineMs }).then((summary) => {
    io.stderr.write(banner(gateway, loaded, summary, binPath, io.env["JUMPERLESS_PORT"]));
  });
  const fronts = await startNetworkFronts(loaded, gateway.connectSession, logger);
  await serveStdio(gateway.connectSession, { stdin: io.stdin, stdout: io.stdout, signal: io.signal });
  logger.info(io.signal.aborted ? 'signal received: shutting down' : 'stdin closed: shutting down');
  await bounded(Promise.all([fronts?.close(), aggregator.shutdown()]), 10_000, () => logger.warn('some subsystems did not shut down within 10 s'));
  return EXIT_OK;
}

function banner(gateway: Gateway, loaded: LoadedConfig, summary: StartSummary, binPath: string | undefined, jumperlessPort?: string): string {
  const catalog = gateway.aggregator.catalog();
  const lines = [
    `[crosspoint] crosspoint ${CLI_VERSION} serving MCP over stdio (config: ${loaded.label})`,
    `[crosspoint] subsystems: ${summary.text}; ${catalog.tools.length} tools (crosspoint_status reports health)`,
  ];
  if (gateway.failures.length) {
    lines.push(`[crosspoint] not loaded: ${gateway.failures.map((f) => `${f.name} (${f.reason})`).join(', ')}`);
  }
  if (gateway.demo) {
    const npx = { mcpServers: { crosspoint: { command: 'npx', args: ['crosspoint', 'serve'] } } };
    lines.push(
      `[crosspoint] demo bench: ${demoBoardLabel(jumperlessPort)} (jumperless_*), a simulated power supply and multimeter (bench_*). Add a crosspoint.json to serve your own bench.`,
      '[crosspoint] to use it from an IDE, paste into its MCP config (run from this repository):',
      JSON.stringify(npx),
    );
    if (binPath) {
      const absolute = { mcpServers: { crosspoint: { command: process.execPath, args: [binPath, 'serve'] } } };
      lines.push('[crosspoint] or, from anywhere, with absolute paths:', JSON.stringify(absolute));
    }
  }
  return `${lines.join('\n')}\n`;
}
