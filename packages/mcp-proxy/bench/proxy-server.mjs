// The gateway path for the benchmark: an SDK low-level Server over stdio whose tools are those of
// one child served by createChildServerSubsystem. Bench-only stand-in for `crosspoint serve`.
// tools/call takes the front's lean path (fastToolCalls); with --sdk-calls it goes through the
// SDK Server's own request handling instead, to show what that costs.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { errorToCallToolResult, toCallToolResult } from '@crosspoint/core';
import { NdjsonTransport, createChildServerSubsystem, fastToolCalls } from '../dist/index.js';

const sdkCalls = process.argv[2] === '--sdk-calls';
const [command, ...args] = process.argv.slice(sdkCalls ? 3 : 2);
const sub = createChildServerSubsystem('echo', { command, args, ping: { intervalMs: 0 } }, { baseEnv: process.env, baseDir: process.cwd() });
await sub.connect();

const callTool = async (name, callArgs, options) => {
  try {
    return toCallToolResult(await sub.invoke(name, callArgs, options));
  } catch (err) {
    return errorToCallToolResult(err, name);
  }
};
const server = new Server({ name: 'bench-proxy', version: '0.0.0' }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: sub.tools().map(({ timeoutMs, ...t }) => t) }));
server.setRequestHandler(CallToolRequestSchema, async (req, extra) => callTool(req.params.name, req.params.arguments ?? {}, { signal: extra.signal }));
const stdio = new NdjsonTransport(process.stdin, process.stdout);
await server.connect(sdkCalls ? stdio : fastToolCalls(stdio, callTool));
process.stdin.on('end', async () => {
  await sub.shutdown();
  process.exit(0);
});
