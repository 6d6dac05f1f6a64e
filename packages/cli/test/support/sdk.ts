// The root end-to-end tests (test/) reach the MCP SDK through this file: the repository root does
// not depend on the SDK, so TypeScript resolves it from here (the cli package depends on it).
export { Client } from '@modelcontextprotocol/sdk/client/index.js';
export { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
export { CallToolResultSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
