import { parseArgs } from 'node:util';

/** Where `serve` listens besides (or instead of) stdio; values are `HOST:PORT` as given. */
export interface ServeFronts {
  ws?: string;
  tcp?: string;
  http?: string;
  /** Serve stdio too even though network fronts are given. */
  stdio?: boolean;
}

/** A running gateway to talk to instead of building one in-process. */
export interface RemoteTarget {
  url: string;
  tokenFile?: string;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'serve'; config?: string; fronts?: ServeFronts; tokenFile?: string; passthrough?: true }
  | { kind: 'tools'; config?: string; json: boolean; remote?: RemoteTarget }
  | { kind: 'call'; config?: string; tool: string; args: string; remote?: RemoteTarget }
  | { kind: 'check'; config?: string; tokenFile?: string }
  | { kind: 'restart'; config?: string; name: string; remote?: RemoteTarget }
  | { kind: 'resources'; config?: string; json: boolean; remote?: RemoteTarget }
  | { kind: 'read'; config?: string; uri: string; json: boolean; remote?: RemoteTarget }
  | { kind: 'prompts'; config?: string; json: boolean; remote?: RemoteTarget }
  | { kind: 'connect'; url: string; tokenFile?: string }
  | { kind: 'schema' };

export const USAGE = `crosspoint: your whole electronics bench behind one MCP endpoint

Usage:
  crosspoint serve [--config FILE]            serve MCP over stdio (what an IDE runs)
  crosspoint serve [--ws HOST:PORT] [--tcp HOST:PORT] [--http HOST:PORT] [--stdio] [--token-file FILE]
                                              serve over the network (WebSocket and HTTP on /mcp); with a
                                              network front and no --stdio it runs as a daemon until
                                              SIGINT/SIGTERM (stdin closing does not stop it)
  crosspoint serve --passthrough [...]        serve the config's one downstream as it is: no prefixes, no
                                              gateway tools (exactly one mcpServers entry or subsystem)
  crosspoint tools [--config FILE] [--json]   list the tools, as clients see them
  crosspoint call <tool> '<json args>' [--config FILE]
                                              call one tool by its wire name
  crosspoint resources [--config FILE] [--json]
                                              list the resources and templates, as clients see them
  crosspoint read <uri> [--config FILE] [--json]
                                              read one resource (e.g. jumperless+jumperless://board/nets)
  crosspoint prompts [--config FILE] [--json] list the prompts
  crosspoint check [--config FILE] [--token-file FILE]
                                              validate the config (fronts and tokens too), every problem
  crosspoint restart <name> [--config FILE]   restart one subsystem (calls crosspoint_restart)
  crosspoint connect <url> [--token-file FILE]
                                              stdio bridge for IDEs to a remote gateway
                                              (ws://HOST:PORT, tcp://HOST:PORT, http(s)://HOST:PORT/mcp)
  crosspoint --help | --version

  tools, call, restart, resources, read and prompts take --url URL [--token-file FILE] to talk to a running gateway instead of
  starting one in-process (which could not open a serial port the daemon already holds).

Config: --config FILE, else $CROSSPOINT_CONFIG, else ./crosspoint.json, else the built-in demo bench.
Environment: CROSSPOINT_DEFERRED=1 serves only tools_search / tools_describe_many (discovery mode).
  CROSSPOINT_TOKEN=… is the bearer token (serve: required of every network client; connect / --url:
  presented to the gateway); --token-file FILE reads it from the first line of a file instead.
`;

export class UsageError extends Error {}

/** argv (without node and script) → a command; throws UsageError with a readable message. */
export function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string', short: 'c' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        ws: { type: 'string' },
        tcp: { type: 'string' },
        http: { type: 'string' },
        stdio: { type: 'boolean' },
        'token-file': { type: 'string' },
        url: { type: 'string' },
        passthrough: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [name, ...rest] = positionals;
  const config = values.config !== undefined ? { config: values.config } : {};
  const tokenFile = values['token-file'] !== undefined ? { tokenFile: values['token-file'] } : {};
  const expect = (count: number, what: string) => {
    if (rest.length !== count) throw new UsageError(`${name} takes ${what}; got ${rest.length} argument(s)`);
  };
  // Options that only some commands understand are refused elsewhere, so a typo never silently does nothing.
  const only = (allowed: string[]) => {
    for (const key of ['ws', 'tcp', 'http', 'stdio', 'token-file', 'url', 'json', 'passthrough'] as const) {
      if (values[key] !== undefined && !allowed.includes(key)) throw new UsageError(`${name} does not take --${key}`);
    }
  };
  const remote = (): { remote?: RemoteTarget } => {
    if (values.url === undefined) {
      if (values['token-file'] !== undefined) throw new UsageError(`${name}: --token-file goes with --url`);
      return {};
    }
    if (values.config !== undefined) throw new UsageError(`${name}: give --url or --config, not both`);
    return { remote: { url: values.url, ...tokenFile } };
  };
  switch (name) {
    case undefined:
      return { kind: 'help' };
    case 'serve': {
      expect(0, 'no arguments');
      only(['ws', 'tcp', 'http', 'stdio', 'token-file', 'passthrough']);
      const fronts: ServeFronts = {};
      if (values.ws !== undefined) fronts.ws = values.ws;
      if (values.tcp !== undefined) fronts.tcp = values.tcp;
      if (values.http !== undefined) fronts.http = values.http;
      if (values.stdio) fronts.stdio = true;
      return {
        kind: 'serve',
        ...config,
        ...(Object.keys(fronts).length ? { fronts } : {}),
        ...tokenFile,
        ...(values.passthrough ? { passthrough: true as const } : {}),
      };
    }
    case 'tools':
      expect(0, 'no arguments');
      only(['json', 'url', 'token-file']);
      return { kind: 'tools', ...config, json: values.json === true, ...remote() };
    case 'call':
      only(['url', 'token-file']);
      if (rest.length < 1 || rest.length > 2) throw new UsageError(`call takes <tool> and optional '<json args>'; got ${rest.length} argument(s)`);
      return { kind: 'call', ...config, tool: rest[0] as string, args: rest[1] ?? '{}', ...remote() };
    case 'resources':
    case 'prompts':
      expect(0, 'no arguments');
      only(['json', 'url', 'token-file']);
      return { kind: name, ...config, json: values.json === true, ...remote() };
    case 'read':
      expect(1, 'one resource URI');
      only(['json', 'url', 'token-file']);
      return { kind: 'read', ...config, uri: rest[0] as string, json: values.json === true, ...remote() };
    case 'check':
      expect(0, 'no arguments');
      only(['token-file']);
      return { kind: 'check', ...config, ...tokenFile };
    case 'restart':
      expect(1, 'one subsystem name');
      only(['url', 'token-file']);
      return { kind: 'restart', ...config, name: rest[0] as string, ...remote() };
    case 'connect':
      expect(1, 'one URL (ws://HOST:PORT, tcp://HOST:PORT or http(s)://HOST:PORT/mcp)');
      only(['token-file']);
      if (values.config !== undefined) throw new UsageError('connect does not take --config (the remote gateway has its own)');
      return { kind: 'connect', url: rest[0] as string, ...tokenFile };
    case 'schema':
      return { kind: 'schema' };
    default:
      throw new UsageError(`unknown command "${name}"`);
  }
}
