// The floor: one plain stdio MCP server (SDK low-level Server) offering the same tools directly.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { benchTools, runBenchTool } from './bench-tools.mjs';

const tools = benchTools(Number(process.argv[2] ?? 1000));
const server = new Server({ name: 'direct', version: '1.0.0' }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));
server.setRequestHandler(CallToolRequestSchema, async (req) => {
  const structured = runBenchTool(req.params.name, req.params.arguments ?? {});
  return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
});
process.stdin.on('end', () => process.exit(0));
await server.connect(new StdioServerTransport());
