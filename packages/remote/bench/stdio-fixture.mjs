// The fixture session behind stdio, for fronts.bench.mjs: one MCP session on this process's stdin/stdout.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createFixtureSessions } from '../dist/index.js';

const fixture = createFixtureSessions();
const session = await fixture.connectSession(new StdioServerTransport(), { label: 'stdio' });
process.stdin.once('end', () => void session.close());
