import { SUBSYSTEM_NAME_PATTERN } from '@crosspoint/core';
import { z } from 'zod';

const prefix = z.string().regex(SUBSYSTEM_NAME_PATTERN, 'must be lowercase letters, digits and _, starting with a letter');
const ms = z.number().int().positive();
const toolFilter = z
  .strictObject({
    allow: z.array(z.string()).optional().describe('Globs of tool names to keep (all when absent)'),
    deny: z.array(z.string()).optional().describe('Globs of tool names to drop (wins over allow)'),
  })
  .describe('Which of its tools to publish');
const timeouts = z.record(z.string(), ms).describe('Per-tool timeouts in ms, by the tool\'s own name');
const hostPort = z
  .string()
  .regex(/^(?:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]*):)?([0-9]{1,5})$/, { message: 'must be "HOST:PORT" (or a port alone, on loopback), e.g. "127.0.0.1:7340"', abort: true })
  .refine((s) => Number(s.slice(s.lastIndexOf(':') + 1)) <= 65535, 'port must be 0-65535');

export const subsystemEntrySchema = z
  .strictObject({
    package: z.string().min(1).describe('npm package name, or a path (relative to this file) to a package directory or module'),
    options: z.record(z.string(), z.unknown()).optional().describe('Passed to the plugin\'s createSubsystem(options, context)'),
    tools: toolFilter.optional(),
    timeouts: timeouts.optional(),
    timeoutMs: ms.optional().describe('Timeout of every tool without its own entry in "timeouts"'),
    disabled: z.boolean().optional(),
  })
  .describe('A native subsystem plugin; the key is its tool prefix');

/** Keys of an mcpServers entry that mean something to Crosspoint; others are warned about and ignored. */
export const MCP_SERVER_KEYS = [
  'type',
  'command',
  'args',
  'env',
  'cwd',
  'url',
  'headers',
  'restart',
  'lazy',
  'idleTimeoutMs',
  'timeoutMs',
  'toolTimeouts',
  'tools',
  'maxConcurrency',
  'prefix',
  'disabled',
  'startupTimeoutMs',
  'ping',
  'backoff',
  'maxFailures',
  'stop',
  'stderr',
  'maxToolPages',
] as const;

/** Keys only the gateway uses (naming, filtering, skipping, remote transport); the rest go to the child-server supervisor. */
export const GATEWAY_ONLY_SERVER_KEYS = ['type', 'url', 'headers', 'tools', 'prefix', 'disabled'] as const;

const msOrZero = z.number().int().nonnegative();

export const mcpServerSchema = z
  .looseObject({
    type: z.enum(['stdio', 'http', 'streamable-http', 'sse']).optional().describe('VS Code style transport type'),
    command: z.string().min(1).optional(),
    args: z.array(z.string()).optional(),
    env: z.record(z.string(), z.string()).optional(),
    cwd: z.string().optional(),
    url: z.url().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    restart: z.enum(['permanent', 'transient', 'temporary']).optional().describe('permanent: always restart; transient: only after a crash; temporary: never'),
    lazy: z.boolean().optional().describe('Start on the first call instead of at gateway start'),
    idleTimeoutMs: ms.optional(),
    timeoutMs: ms.optional(),
    toolTimeouts: timeouts.optional(),
    tools: toolFilter.optional(),
    maxConcurrency: z.number().int().min(1).optional(),
    prefix: prefix.optional(),
    disabled: z.boolean().optional().describe('Skip this server'),
    startupTimeoutMs: ms.optional().describe('From spawn until the tool list is fetched'),
    ping: z.strictObject({ intervalMs: msOrZero.optional(), timeoutMs: ms.optional() }).optional().describe('Health ping; intervalMs 0 disables it'),
    backoff: z
      .strictObject({ baseMs: msOrZero.optional(), maxMs: msOrZero.optional(), resetAfterMs: msOrZero.optional() })
      .optional()
      .describe('Restart delay, doubled per consecutive failure'),
    maxFailures: z.number().int().positive().optional().describe('Consecutive failures before the server is "failed"'),
    stop: z.strictObject({ graceMs: msOrZero.optional(), termGraceMs: msOrZero.optional() }).optional().describe('Escalating stop timings'),
    stderr: z
      .strictObject({ maxLines: z.number().int().positive().optional(), maxBytes: z.number().int().positive().optional(), log: z.boolean().optional() })
      .optional()
      .describe('Ring buffer of the child stderr'),
    maxToolPages: z.number().int().positive().optional(),
  })
  .superRefine((s, ctx) => {
    if (s.command === undefined && s.url === undefined) {
      ctx.addIssue({ code: 'custom', message: 'needs "command" (a local server) or "url" (a remote one)' });
    }
    if (s.command !== undefined && s.url !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'has both "command" and "url"; keep one' });
    }
  })
  .describe('An MCP server, in the shape Claude Desktop / Cursor / VS Code configs use');

export const frontsSchema = z.strictObject({
  tcp: hostPort.optional().describe('Newline-delimited JSON-RPC over TCP'),
  ws: hostPort.optional().describe('MCP over WebSocket'),
  http: hostPort.optional().describe('MCP Streamable HTTP'),
  maxSessions: z.number().int().min(1).optional().describe('Cap on concurrent network sessions across all fronts (default 16)'),
  maxMessageBytes: z.number().int().min(1024).optional().describe('Largest TCP line, WebSocket frame or HTTP body (default 4 MiB)'),
  allowedHosts: z
    .array(z.string().regex(/^[A-Za-z0-9.-]+$/, 'must be a host name such as "bench" or "bench.your-tailnet.ts.net"'))
    .optional()
    .describe('Host names clients may use besides loopback names and IP addresses (MagicDNS names, the tailscale serve name)'),
  allowedOrigins: z.array(z.url()).optional().describe('Browser origins allowed to connect, e.g. "https://inspector.example"'),
  wsPingIntervalMs: ms.optional().describe('WebSocket keep-alive ping period (default 15000); a peer missing two pings is dropped'),
  httpIdleSessionTimeoutMs: ms.optional().describe('An HTTP session with no open request for this long is closed (default 600000)'),
});

export const authSchema = z.strictObject({
  tokens: z.array(
    z
      .strictObject({
        token: z.string().min(16, 'must be at least 16 characters').optional(),
        tokenFile: z.string().min(1).optional().describe('File holding the token (path relative to this file)'),
        allowTools: z.array(z.string()).optional().describe('Globs of wire names this token may see and call'),
      })
      .refine((t) => (t.token === undefined) !== (t.tokenFile === undefined), 'give exactly one of "token" or "tokenFile"'),
  ),
});

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    wireFormat: z
      .strictObject({
        style: z.enum(['underscore', 'dot']).optional(),
        maxLength: z.number().int().min(16).max(64).optional(),
      })
      .optional()
      .describe('How tool names look on the wire'),
    deferred: z
      .union([z.boolean(), z.strictObject({ autoAboveTokens: z.number().int().positive() })])
      .optional()
      .describe('Discovery mode: true for every client, or automatic above an estimated catalog size'),
    startupDeadlineMs: ms.optional().describe('How long the first tools/list waits for subsystems (default 10000)'),
    pageSize: z.number().int().min(1).max(100_000).optional().describe('Tools per tools/list page (default 1000)'),
    passthrough: z
      .boolean()
      .optional()
      .describe('Serve the one configured downstream as it is: no prefixes, no gateway tools (needs exactly one mcpServers entry or subsystem)'),
    subsystems: z.record(prefix, subsystemEntrySchema).optional(),
    mcpServers: z.record(z.string(), mcpServerSchema).optional(),
    servers: z.record(z.string(), mcpServerSchema).optional().describe('VS Code\'s name for mcpServers'),
    fronts: frontsSchema.optional(),
    auth: authSchema.optional(),
  })
  .describe('Crosspoint gateway configuration (crosspoint.json)');

export type CrosspointConfig = z.infer<typeof configSchema>;
export type McpServerConfig = z.infer<typeof mcpServerSchema>;
export type SubsystemEntryConfig = z.infer<typeof subsystemEntrySchema>;

/** The JSON Schema published for editors (`packages/cli/crosspoint.schema.json`). */
export function crosspointJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'crosspoint.json' };
}
