import { parseArgs } from 'node:util';

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'serve'; config?: string }
  | { kind: 'tools'; config?: string; json: boolean }
  | { kind: 'call'; config?: string; tool: string; args: string }
  | { kind: 'check'; config?: string }
  | { kind: 'restart'; config?: string; name: string }
  | { kind: 'schema' };

export const USAGE = `crosspoint: your whole electronics bench behind one MCP endpoint

Usage:
  crosspoint serve [--config FILE]            serve MCP over stdio (what an IDE runs)
  crosspoint tools [--config FILE] [--json]   list the tools, as clients see them
  crosspoint call <tool> '<json args>' [--config FILE]
                                              call one tool by its wire name (in-process)
  crosspoint check [--config FILE]            validate the config, reporting every problem
  crosspoint restart <name> [--config FILE]   restart one subsystem (in-process)
  crosspoint --help | --version

Config: --config FILE, else $CROSSPOINT_CONFIG, else ./crosspoint.json, else the built-in demo bench.
Environment: CROSSPOINT_DEFERRED=1 serves only tools_search / tools_describe_many (discovery mode).
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
  const expect = (count: number, what: string) => {
    if (rest.length !== count) throw new UsageError(`${name} takes ${what}; got ${rest.length} argument(s)`);
  };
  switch (name) {
    case undefined:
      return { kind: 'help' };
    case 'serve':
      expect(0, 'no arguments');
      return { kind: 'serve', ...config };
    case 'tools':
      expect(0, 'no arguments');
      return { kind: 'tools', ...config, json: values.json === true };
    case 'call':
      if (rest.length < 1 || rest.length > 2) throw new UsageError(`call takes <tool> and optional '<json args>'; got ${rest.length} argument(s)`);
      return { kind: 'call', ...config, tool: rest[0] as string, args: rest[1] ?? '{}' };
    case 'check':
      expect(0, 'no arguments');
      return { kind: 'check', ...config };
    case 'restart':
      expect(1, 'one subsystem name');
      return { kind: 'restart', ...config, name: rest[0] as string };
    case 'schema':
      return { kind: 'schema' };
    default:
      throw new UsageError(`unknown command "${name}"`);
  }
}
