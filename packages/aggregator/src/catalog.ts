import {
  type ToolDescriptor,
  type WireFormatOptions,
  type WireMapReport,
  WireMap,
  buildWireMap,
  internalName,
} from '@crosspoint/core';

/** A tool as MCP clients see it: wire name, raw JSON Schemas passed through. */
export interface McpTool {
  name: string;
  title?: string;
  description: string;
  inputSchema: { type: 'object'; [key: string]: unknown };
  outputSchema?: { type: 'object'; [key: string]: unknown };
  annotations?: Record<string, unknown>;
  _meta?: Record<string, unknown>;
  /** MCP `execution` (e.g. `{ taskSupport: 'optional' }`), passed through. */
  execution?: Record<string, unknown>;
  icons?: Array<Record<string, unknown>>;
}

export interface CatalogEntry {
  /** `prefix.tool`, the gateway's own name. */
  internal: string;
  /** What clients see and call. */
  wire: string;
  prefix: string;
  /** The name within its subsystem. */
  tool: string;
  descriptor: ToolDescriptor;
  mcp: McpTool;
}

export interface CatalogSource {
  prefix: string;
  tools: readonly ToolDescriptor[];
}

/**
 * One immutable snapshot of the federated catalog, built once per change and shared by every
 * session: listing is a slice of `tools`, routing a lookup in `byWire`.
 */
export interface Catalog {
  /** Increases by one each time the content changes. */
  readonly version: number;
  readonly entries: readonly CatalogEntry[];
  /** MCP tool objects in catalog order (by subsystem registration, then the subsystem's order). */
  readonly tools: readonly McpTool[];
  readonly byWire: ReadonlyMap<string, CatalogEntry>;
  readonly byInternal: ReadonlyMap<string, CatalogEntry>;
  readonly wireMap: WireMap;
  readonly report: WireMapReport;
  /** Rough size of the whole tools/list result in tokens (JSON characters / 4). */
  readonly estimatedTokens: number;
  /** Stable text of the content, to tell a real change from a repeated event. */
  readonly fingerprint: string;
}

/** `passthrough`: one source, wire names are the tools' own names (no prefix). */
export function buildCatalog(sources: readonly CatalogSource[], options: WireFormatOptions, version: number, mode: { passthrough?: boolean } = {}): Catalog {
  const pairs: Array<{ prefix: string; descriptor: ToolDescriptor; internal: string }> = [];
  for (const source of sources) {
    for (const descriptor of source.tools) {
      pairs.push({ prefix: source.prefix, descriptor, internal: internalName(source.prefix, descriptor.name) });
    }
  }
  const wireMap = mode.passthrough ? ownNames(pairs, options) : buildWireMap(pairs.map((p) => p.internal), options);
  const entries: CatalogEntry[] = pairs.map((p) => {
    const wire = wireMap.toWire(p.internal) as string;
    return { internal: p.internal, wire, prefix: p.prefix, tool: p.descriptor.name, descriptor: p.descriptor, mcp: toMcpTool(wire, p.descriptor) };
  });
  const tools = entries.map((e) => e.mcp);
  const fingerprint = JSON.stringify(tools);
  return {
    version,
    entries,
    tools,
    byWire: new Map(entries.map((e) => [e.wire, e])),
    byInternal: new Map(entries.map((e) => [e.internal, e])),
    wireMap,
    report: wireMap.report,
    estimatedTokens: Math.ceil(fingerprint.length / 4),
    fingerprint,
  };
}

function ownNames(pairs: ReadonlyArray<{ descriptor: ToolDescriptor; internal: string }>, options: WireFormatOptions): WireMap {
  const map = new WireMap(options.style ?? 'underscore', 128);
  for (const p of pairs) map.set(p.internal, p.descriptor.name);
  return map;
}

/** The tool's MCP `execution` (task support), if it declares one. */
export function executionOf(d: ToolDescriptor): ToolDescriptor['execution'] {
  return d.execution;
}

function toMcpTool(wire: string, d: ToolDescriptor): McpTool {
  return {
    name: wire,
    ...(d.title !== undefined ? { title: d.title } : {}),
    description: d.description,
    inputSchema: d.inputSchema,
    ...(d.outputSchema ? { outputSchema: d.outputSchema } : {}),
    ...(d.annotations ? { annotations: d.annotations } : {}),
    ...(d._meta ? { _meta: d._meta } : {}),
    ...(d.execution ? { execution: d.execution } : {}),
    ...(d.icons ? { icons: d.icons } : {}),
  };
}
