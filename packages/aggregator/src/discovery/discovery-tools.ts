import { CrosspointError } from '@crosspoint/core';
import type { McpTool } from '../catalog.js';
import { Bm25Index } from './bm25.js';

export const TOOLS_SEARCH = 'tools_search';
export const TOOLS_DESCRIBE_MANY = 'tools_describe_many';
export const DISCOVERY_TOOL_NAMES = [TOOLS_SEARCH, TOOLS_DESCRIBE_MANY] as const;

/** The two meta-tools a deferred session lists instead of the whole catalog. */
export const DISCOVERY_TOOLS: readonly McpTool[] = [
  {
    name: TOOLS_SEARCH,
    title: 'Search tools',
    description:
      'Finds tools of this bench by keywords (BM25 ranking over tool names, descriptions and parameter names). Returns ranked matches with wire name, description and score. Then get full definitions with tools_describe_many and call a tool by its name.',
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', description: 'Keywords, e.g. "set dac voltage"' },
        limit: { type: 'integer', minimum: 1, maximum: 50, description: 'Most results to return (default 10)' },
      },
      required: ['query'],
    },
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  },
  {
    name: TOOLS_DESCRIBE_MANY,
    title: 'Describe tools',
    description:
      'Full MCP definitions (name, description, inputSchema, annotations) of the named tools, so they can be called. Unknown names are reported in "unknown".',
    inputSchema: {
      type: 'object',
      properties: { names: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 100, description: 'Wire names of tools' } },
      required: ['names'],
    },
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  },
];

export interface SearchResult {
  name: string;
  description: string;
  score: number;
}

/** Search and describe over one list of visible tools; build once per catalog version. */
export class DiscoveryIndex {
  private readonly index: Bm25Index;
  private readonly byName: Map<string, McpTool>;

  constructor(private readonly tools: readonly McpTool[]) {
    this.byName = new Map(tools.map((t) => [t.name, t]));
    this.index = new Bm25Index(
      tools.map((t) => ({
        id: t.name,
        fields: [
          { text: t.name, weight: 3 },
          { text: t.title ?? '', weight: 2 },
          { text: t.description, weight: 1 },
          { text: Object.keys((t.inputSchema['properties'] as Record<string, unknown> | undefined) ?? {}).join(' '), weight: 2 },
        ],
      })),
    );
  }

  search(args: Record<string, unknown>): { results: SearchResult[]; total: number } {
    const query = args['query'];
    const limit = args['limit'] ?? 10;
    if (typeof query !== 'string' || query.trim() === '') {
      throw new CrosspointError('INVALID_ARGUMENTS', 'query: expected a non-empty string of keywords');
    }
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 50) {
      throw new CrosspointError('INVALID_ARGUMENTS', 'limit: expected an integer from 1 to 50');
    }
    const results = this.index.search(query, limit).map((h) => {
      const tool = this.byName.get(h.id) as McpTool;
      return { name: tool.name, description: tool.description, score: Math.round(h.score * 1000) / 1000 };
    });
    return { results, total: this.tools.length };
  }

  describe(args: Record<string, unknown>): { tools: McpTool[]; unknown: string[] } {
    const names = args['names'];
    if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string')) {
      throw new CrosspointError('INVALID_ARGUMENTS', 'names: expected a non-empty array of tool names');
    }
    const tools: McpTool[] = [];
    const unknown: string[] = [];
    for (const name of names as string[]) {
      const tool = this.byName.get(name);
      if (tool) tools.push(tool);
      else unknown.push(name);
    }
    return { tools, unknown };
  }
}
