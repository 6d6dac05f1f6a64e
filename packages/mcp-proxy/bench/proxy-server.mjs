// The gateway path for the benchmark: an SDK low-level Server over stdio whose tools are those of
// one child served by createChildServerSubsystem. Bench-only stand-in for `crosspoint serve`.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { errorToCallToolResult, toCallToolResult } from '@crosspoint/core';
import { NdjsonTransport, createChildServerSubsystem } from '../dist/index.js';

const [command, ...args] = process.argv.slice(2);
const sub = createChildServerSubsystem('echo', { command, args, ping: { intervalMs: 0 } }, { baseEnv: process.env, baseDir: process.cwd() });
await sub.connect();

const server = new Server({ name: 'bench-proxy', version: '0.0.0' }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: sub.tools().map(({ timeoutMs, ...t }) => t) }));
// tools/call through the fallback handler: the request is routed as it came, without a second
// schema pass over arguments we only forward.
server.fallbackRequestHandler = async (request, extra) => {
  if (request.method !== 'tools/call') throw Object.assign(new Error(`method not found: ${request.method}`), { code: -32601 });
  const { name, arguments: callArgs } = request.params ?? {};
  try {
    return toCallToolResult(await sub.invoke(name, callArgs ?? {}, { signal: extra.signal }));
  } catch (err) {
    return errorToCallToolResult(err, name);
  }
};
const transport = new NdjsonTransport(process.stdin, process.stdout);
await server.connect(transport);
process.stdin.on('end', async () => {
  await sub.shutdown();
  process.exit(0);
});
