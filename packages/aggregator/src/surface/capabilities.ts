import type { Subsystem, SurfaceCapabilities } from '@crosspoint/core';

/** The server capabilities of a federation, as its initialize result declares them. */
export interface FederatedCapabilities {
  tools: { listChanged: true };
  resources?: { subscribe?: boolean; listChanged: true };
  prompts?: { listChanged: true };
  completions?: Record<string, never>;
  logging?: Record<string, never>;
  tasks?: { list: Record<string, never>; cancel: Record<string, never>; requests: { tools: { call: Record<string, never> } } };
}

/** What a subsystem declares; one without `surfaceCapabilities()` is judged by the members it has. */
export function declaredCapabilities(s: Subsystem): SurfaceCapabilities {
  if (typeof s.surfaceCapabilities === 'function') {
    try {
      return s.surfaceCapabilities() ?? {};
    } catch {
      return {};
    }
  }
  return {
    ...(s.resources || s.resourceTemplates ? { resources: { subscribe: typeof s.subscribeResource === 'function' } } : {}),
    ...(s.prompts ? { prompts: {} } : {}),
    ...(s.complete ? { completions: {} } : {}),
    ...(s.setLogLevel ? { logging: {} } : {}),
    ...(s.taskRequest ? { tasks: {} } : {}),
  };
}

/**
 * The union of what the subsystems declare (up or not: a proxy declares what its server may offer
 * before it is up, so a late server's prompts are still announced). The federation's lists change
 * whenever a subsystem comes or goes, so `listChanged` is always true where a list is served.
 */
export function unionCapabilities(declared: readonly SurfaceCapabilities[]): FederatedCapabilities {
  const out: FederatedCapabilities = { tools: { listChanged: true } };
  for (const c of declared) {
    if (c.resources) {
      const subscribe = out.resources?.subscribe === true || c.resources.subscribe === true;
      out.resources = { ...(subscribe ? { subscribe: true } : {}), listChanged: true };
    }
    if (c.prompts) out.prompts = { listChanged: true };
    if (c.completions) out.completions = {};
    if (c.logging) out.logging = {};
    if (c.tasks) out.tasks = { list: {}, cancel: {}, requests: { tools: { call: {} } } };
  }
  return out;
}

/** Everything a session's SDK `Server` must be allowed to handle and send, whatever it declares. */
export const ALL_SESSION_CAPABILITIES: FederatedCapabilities = unionCapabilities([
  { resources: { subscribe: true }, prompts: {}, completions: {}, logging: {}, tasks: {} },
]);
