import {
  MCP_TOOL_NAME,
  type PromptDescriptor,
  type ResourceDescriptor,
  type ResourceTemplateDescriptor,
  type Subsystem,
  type WireFormatOptions,
  errorMessageOf,
  WireMap,
  buildWireMap,
  internalName,
} from '@crosspoint/core';
import { UriTemplate } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import { namespaceUri } from './namespacing.js';

/** What one subsystem offers beyond tools, as last read. */
export interface SurfaceSource {
  prefix: string;
  resources: readonly ResourceDescriptor[];
  templates: readonly ResourceTemplateDescriptor[];
  prompts: readonly PromptDescriptor[];
}

export interface PromptEntry {
  wire: string;
  prefix: string;
  /** The prompt's name within its subsystem. */
  name: string;
}

interface TemplateEntry {
  prefix: string;
  /** As the subsystem lists it. */
  template: string;
  matcher: UriTemplate | undefined;
}

/**
 * One immutable snapshot of the federated resources, templates and prompts, shared by every
 * session like the tool catalog: listing is a slice, routing a lookup.
 */
export interface SurfaceCatalog {
  readonly version: number;
  /** Namespaced (or, in passthrough mode, as the subsystem has them). */
  readonly resources: readonly ResourceDescriptor[];
  readonly templates: readonly ResourceTemplateDescriptor[];
  readonly prompts: readonly PromptDescriptor[];
  readonly promptByWire: ReadonlyMap<string, PromptEntry>;
  /** Fingerprints, to tell a real change of each list from a repeated event. */
  readonly resourcesFingerprint: string;
  readonly promptsFingerprint: string;
  /**
   * The prefixes an un-namespaced URI may belong to: those listing it exactly, else those with a
   * template matching it (the fallback for URIs forwarded untouched, e.g. in a tool result).
   */
  ownersOf(uri: string): string[];
  /** The prefixes listing `template` exactly (un-namespaced), for completion requests. */
  templateOwners(template: string): string[];
}

export function buildSurfaceCatalog(
  sources: readonly SurfaceSource[],
  options: { wireFormat: WireFormatOptions; passthrough: boolean },
  version: number,
  warn: (message: string) => void,
): SurfaceCatalog {
  const ns = (prefix: string, uri: string) => (options.passthrough ? uri : namespaceUri(prefix, uri));
  const resources: ResourceDescriptor[] = [];
  const owners = new Map<string, string[]>();
  const templateEntries: TemplateEntry[] = [];
  const templates: ResourceTemplateDescriptor[] = [];
  const promptPairs: Array<{ prefix: string; prompt: PromptDescriptor; internal: string }> = [];
  for (const s of sources) {
    for (const r of s.resources) {
      resources.push({ ...r, uri: ns(s.prefix, r.uri) });
      const list = owners.get(r.uri) ?? [];
      if (!list.includes(s.prefix)) list.push(s.prefix);
      owners.set(r.uri, list);
    }
    for (const t of s.templates) {
      templates.push({ ...t, uriTemplate: ns(s.prefix, t.uriTemplate) });
      templateEntries.push({ prefix: s.prefix, template: t.uriTemplate, matcher: compile(t.uriTemplate) });
    }
    for (const p of s.prompts) {
      if (!MCP_TOOL_NAME.test(p.name)) {
        warn(`${s.prefix}: skipping prompt "${p.name.slice(0, 80)}": names must be 1-128 characters of A-Z a-z 0-9 . _ -`);
        continue;
      }
      promptPairs.push({ prefix: s.prefix, prompt: p, internal: internalName(s.prefix, p.name) });
    }
  }
  const wireMap = options.passthrough ? identityMap(promptPairs, options.wireFormat) : buildWireMap(promptPairs.map((p) => p.internal), options.wireFormat);
  const prompts: PromptDescriptor[] = [];
  const promptByWire = new Map<string, PromptEntry>();
  for (const p of promptPairs) {
    const wire = wireMap.toWire(p.internal) as string;
    if (promptByWire.has(wire)) continue; // a subsystem listing one prompt twice: the first wins
    prompts.push({ ...p.prompt, name: wire });
    promptByWire.set(wire, { wire, prefix: p.prefix, name: p.prompt.name });
  }
  return {
    version,
    resources,
    templates,
    prompts,
    promptByWire,
    resourcesFingerprint: JSON.stringify([resources, templates]),
    promptsFingerprint: JSON.stringify(prompts),
    ownersOf(uri) {
      const listed = owners.get(uri);
      if (listed) return [...listed];
      const matching = new Set<string>();
      for (const t of templateEntries) if (matches(t.matcher, uri)) matching.add(t.prefix);
      return [...matching];
    },
    templateOwners(template) {
      return [...new Set(templateEntries.filter((t) => t.template === template).map((t) => t.prefix))];
    },
  };
}

function compile(template: string): UriTemplate | undefined {
  try {
    return new UriTemplate(template);
  } catch {
    return undefined; // an unusable template is still listed, it just never matches a fallback URI
  }
}

function matches(matcher: UriTemplate | undefined, uri: string): boolean {
  try {
    return matcher?.match(uri) != null;
  } catch {
    return false;
  }
}

function identityMap(pairs: ReadonlyArray<{ prompt: PromptDescriptor; internal: string }>, wireFormat: WireFormatOptions): WireMap {
  const map = new WireMap(wireFormat.style ?? 'underscore', wireFormat.maxLength ?? 64);
  for (const p of pairs) map.set(p.internal, p.prompt.name);
  return map;
}

/** Reads one subsystem's lists; a member that throws or returns garbage counts as empty. */
export function readSurfaceSource(prefix: string, s: Subsystem, warn: (message: string) => void): SurfaceSource {
  const read = <T extends object>(what: string, fn: (() => readonly T[]) | undefined, valid: (x: T) => boolean): T[] => {
    if (!fn) return [];
    try {
      const list = fn.call(s);
      if (!Array.isArray(list)) throw new Error('did not return an array');
      const ok = list.filter((x) => typeof x === 'object' && x !== null && valid(x));
      if (ok.length < list.length) warn(`${prefix}: skipping ${list.length - ok.length} invalid ${what}`);
      return ok;
    } catch (err) {
      warn(`${prefix}: ${what}() failed: ${errorMessageOf(err)}`);
      return [];
    }
  };
  return {
    prefix,
    resources: read<ResourceDescriptor>('resources', s.resources, (r) => typeof r.uri === 'string' && typeof r.name === 'string'),
    templates: read<ResourceTemplateDescriptor>('resourceTemplates', s.resourceTemplates, (t) => typeof t.uriTemplate === 'string' && typeof t.name === 'string'),
    prompts: read<PromptDescriptor>('prompts', s.prompts, (p) => typeof p.name === 'string'),
  };
}
