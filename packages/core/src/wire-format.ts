import { CrosspointError } from './errors.js';
import { MCP_TOOL_NAME } from './tool-descriptor.js';

/**
 * Internal names are `prefix.tool` (dotted). Clients see the wire form:
 * - `underscore` (default): `jumperless_connect`, accepted by every client (`^[a-zA-Z0-9_-]{1,64}$`);
 * - `dot`: `jumperless.connect`, for clients that accept dots.
 */
export type WireStyle = 'underscore' | 'dot';

export interface WireFormatOptions {
  style?: WireStyle;
  /**
   * Longest wire name before shortening. Default 45, so a client's own `mcp__<server>__`
   * prefix still fits the common 64-character limit. Between 16 and 64.
   */
  maxLength?: number;
}

export const DEFAULT_WIRE_MAX_LENGTH = 45;

export interface WireCollision {
  /** The wire name both wanted. */
  wire: string;
  /** The internal name that kept it. */
  kept: string;
  /** The internal name that was given `assigned` instead. */
  internal: string;
  assigned: string;
}

export interface WireShortening {
  internal: string;
  wire: string;
}

export interface WireMapReport {
  collisions: WireCollision[];
  shortened: WireShortening[];
}

/**
 * A two-way map between internal and wire names, built once per catalog. Calls are routed by
 * lookup in it, never by splitting a string. Deterministic: the same set of names always gives the
 * same map, whatever order they came in (names are processed in sorted order; on a collision the
 * name that sorts first keeps the plain form and the other gets a short hash of its own name).
 */
export class WireMap {
  private readonly wireByInternal = new Map<string, string>();
  private readonly internalByWire = new Map<string, string>();
  readonly report: WireMapReport = { collisions: [], shortened: [] };

  constructor(
    readonly style: WireStyle,
    readonly maxLength: number,
  ) {}

  toWire(internal: string): string | undefined {
    return this.wireByInternal.get(internal);
  }

  toInternal(wire: string): string | undefined {
    return this.internalByWire.get(wire);
  }

  get size(): number {
    return this.wireByInternal.size;
  }

  entries(): IterableIterator<[internal: string, wire: string]> {
    return this.wireByInternal.entries();
  }

  /** @internal used by buildWireMap */
  set(internal: string, wire: string): void {
    this.wireByInternal.set(internal, wire);
    this.internalByWire.set(wire, internal);
  }
}

const INTERNAL_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9._-]+)+$/;

/** Joins a prefix and a tool name into the internal dotted name. */
export function internalName(prefix: string, tool: string): string {
  return `${prefix}.${tool}`;
}

export function buildWireMap(internalNames: Iterable<string>, options: WireFormatOptions = {}): WireMap {
  const style = options.style ?? 'underscore';
  const maxLength = options.maxLength ?? DEFAULT_WIRE_MAX_LENGTH;
  if (!Number.isInteger(maxLength) || maxLength < 16 || maxLength > 64) {
    throw new CrosspointError('CONFIG_INVALID', `wire name maxLength must be an integer from 16 to 64, got ${maxLength}`);
  }
  const names = [...new Set(internalNames)].sort();
  for (const n of names) {
    const tool = n.slice(n.indexOf('.') + 1);
    if (!INTERNAL_NAME.test(n) || !MCP_TOOL_NAME.test(tool)) {
      throw new CrosspointError('INVALID_NAME', `invalid internal tool name "${n}": expected "prefix.tool" using A-Z a-z 0-9 . _ -`);
    }
  }
  const map = new WireMap(style, maxLength);
  const used = new Map<string, string>(); // wire -> internal
  for (const name of names) {
    const plain = sanitize(name, style);
    let wire = plain.length <= maxLength ? plain : withHash(plain, name, maxLength, 6);
    if (wire !== plain) map.report.shortened.push({ internal: name, wire });
    if (used.has(wire)) {
      const kept = used.get(wire) as string;
      const wanted = wire;
      for (let extra = 1; used.has(wire); extra++) wire = withHash(plain, name, maxLength, 5 + extra);
      map.report.collisions.push({ wire: wanted, kept, internal: name, assigned: wire });
    }
    used.set(wire, name);
    map.set(name, wire);
  }
  return map;
}

function sanitize(name: string, style: WireStyle): string {
  return style === 'dot' ? name.replace(/[^A-Za-z0-9._-]/g, '_') : name.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Readable head + `_` + base36 hash of the internal name: stable across restarts. */
function withHash(plain: string, internal: string, maxLength: number, hashLength: number): string {
  const hash = stableHash(internal, hashLength);
  const head = plain.slice(0, Math.max(1, Math.min(plain.length, maxLength - hash.length - 1))).replace(/[_.-]+$/, '');
  return `${head}_${hash}`;
}

/** FNV-1a (two rounds with different seeds), base36; no crypto needed for a name tag. */
export function stableHash(text: string, length: number): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  const s = a.toString(36).padStart(7, '0') + b.toString(36).padStart(7, '0');
  return s.slice(0, Math.min(length, s.length));
}
