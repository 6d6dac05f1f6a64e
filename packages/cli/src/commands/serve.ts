import { serveStdio } from '@crosspoint/aggregator';
import type { StartSummary } from '@crosspoint/aggregator';
import { errorMessageOf } from '@crosspoint/core';
import type { ServeFronts } from '../args.js';
import type { Gateway } from '../compose/build-gateway.js';
import { buildGateway } from '../compose/build-gateway.js';
import { type NetworkFronts, chooseFronts, planFronts, startNetworkFronts } from '../compose/network-fronts.js';
import { passthroughProblem, passthroughWanted } from '../compose/passthrough.js';
import { resolveServeTokens } from '../compose/tokens.js';
import type { LoadedConfig } from '../config/load-config.js';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../io.js';
import { demoBoardLabel } from '../demo/demo-board.js';
import { CLI_VERSION } from '../version.js';
import { bounded, loadOrReport, stderrLogger } from './common.js';

export interface ServeOptions {
  config?: string | undefined;
  fronts?: ServeFronts | undefined;
  tokenFile?: string | undefined;
  /** `--passthrough`: one downstream, served as it is (the config's `passthrough` field does the same). */
  passthrough?: boolean | undefined;
  binPath?: string | undefined;
}

/**
 * `crosspoint serve`: stdio (what an IDE spawns) and/or network fronts. With a network front and no
 * `--stdio` it is a daemon: it runs until SIGINT/SIGTERM, whatever happens to its stdin.
 */
export async function serve(io: CliIo, options: ServeOptions): Promise<number> {
  const logger = stderrLogger(io);
  const loaded = loadOrReport(io, options.config, logger);
  if (!loaded) return EXIT_USAGE;
  const passthrough = passthroughWanted(options.passthrough, loaded);
  const notPassable = passthrough ? passthroughProblem(loaded) : undefined;
  if (notPassable) {
    io.stderr.write(`crosspoint: --passthrough: ${notPassable}\n`);
    return EXIT_USAGE;
  }
  const frontsConfig = loaded.config?.fronts;
  let plan;
  try {
    const { tokens, warnings } = await resolveServeTokens({
      envToken: io.env['CROSSPOINT_TOKEN'],
      tokenFile: options.tokenFile,
      cwd: io.cwd,
      auth: loaded.config?.auth,
      configDir: loaded.dir,
    });
    for (const w of warnings) logger.warn(w);
    plan = planFronts(chooseFronts(frontsConfig, options.fronts), frontsConfig, tokens);
  } catch (err) {
    io.stderr.write(`crosspoint: ${errorMessageOf(err)}\n`);
    return EXIT_USAGE;
  }
  const networked = Boolean(plan.ws || plan.tcp || plan.http);
  const withStdio = !networked || options.fronts?.stdio === true;

  const gateway = await buildGateway(loaded, { env: io.env, logger, passthrough });
  const { aggregator } = gateway;
  let fronts: NetworkFronts | undefined;
  try {
    fronts = await startNetworkFronts(plan, gateway.connectSession, logger);
  } catch (err) {
    io.stderr.write(`crosspoint: cannot start the network fronts: ${errorMessageOf(err)}\n`);
    await bounded(aggregator.shutdown(), 10_000, () => logger.warn('some subsystems did not shut down within 10 s'));
    return EXIT_FAILED;
  }
  if (fronts) io.stderr.write(listening(fronts, Boolean(plan.tokens)));
  void aggregator.start({ deadlineMs: gateway.startupDeadlineMs }).then((summary) => {
    io.stderr.write(banner(gateway, loaded, summary, { stdio: withStdio, networked, passthrough }, options.binPath, io.env['JUMPERLESS_PORT']));
  });

  if (withStdio) {
    await serveStdio(gateway.connectSession, { stdin: io.stdin, stdout: io.stdout, signal: io.signal });
    logger.info(io.signal.aborted ? 'signal received: shutting down' : 'stdin closed: shutting down');
  } else {
    await untilAborted(io.signal);
    logger.info('signal received: shutting down');
  }
  await bounded(
    (async () => {
      await fronts?.close(); // no new sessions while the subsystems stop
      await aggregator.shutdown();
    })(),
    10_000,
    () => logger.warn('some subsystems did not shut down within 10 s'),
  );
  return EXIT_OK;
}

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** One line per front, parsed by scripts and tests (`[crosspoint] listening: ws://127.0.0.1:7420/mcp`); never the token. */
function listening(fronts: NetworkFronts, tokenRequired: boolean): string {
  const lines = Object.values(fronts.urls).map((url) => `[crosspoint] listening: ${url}`);
  lines.push(tokenRequired ? '[crosspoint] clients must present the token (Authorization: Bearer …)' : '[crosspoint] no token configured: loopback clients only');
  return `${lines.join('\n')}\n`;
}

function banner(
  gateway: Gateway,
  loaded: LoadedConfig,
  summary: StartSummary,
  mode: { stdio: boolean; networked: boolean; passthrough: boolean },
  binPath: string | undefined,
  jumperlessPort?: string,
): string {
  const catalog = gateway.aggregator.catalog();
  const over = [mode.stdio ? 'stdio' : '', mode.networked ? 'the network fronts above' : ''].filter(Boolean).join(' and ');
  const lines = [
    `[crosspoint] crosspoint ${CLI_VERSION} serving MCP over ${over} (config: ${loaded.label})`,
    mode.passthrough
      ? `[crosspoint] passthrough: ${summary.text}; ${catalog.tools.length} tools, served without prefixes or gateway tools`
      : `[crosspoint] subsystems: ${summary.text}; ${catalog.tools.length} tools (crosspoint_status reports health)`,
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
