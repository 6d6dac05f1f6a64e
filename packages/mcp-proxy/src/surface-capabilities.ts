import { CrosspointError, type SurfaceCapabilities, type TaskRequestMethod } from '@crosspoint/core';

/**
 * What the proxy can forward from any downstream, declared before a server first runs (a lazy or
 * late server's resources and prompts must still be announced): resources with subscriptions and
 * list changes, prompts, completions, logging, and tasks as server-everything declares them.
 */
export const FORWARDABLE_CAPABILITIES: SurfaceCapabilities = {
  resources: { subscribe: true, listChanged: true },
  prompts: { listChanged: true },
  completions: {},
  logging: {},
  tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } },
};

const SURFACE_KEYS = ['resources', 'prompts', 'completions', 'logging', 'tasks'] as const;

/** A server's declared capabilities without `tools` (and without anything not of the surface). */
export function surfaceOf(capabilities: Record<string, unknown>): SurfaceCapabilities {
  const out: Record<string, unknown> = {};
  for (const key of SURFACE_KEYS) if (capabilities[key] !== undefined && capabilities[key] !== null) out[key] = capabilities[key];
  return out as SurfaceCapabilities;
}

/** Methods we forward, and the declared server capability each needs (a dotted path). */
const NEEDS: Record<string, string> = {
  'resources/read': 'resources',
  'resources/subscribe': 'resources.subscribe',
  'resources/unsubscribe': 'resources.subscribe',
  'prompts/get': 'prompts',
  'completion/complete': 'completions',
  'logging/setLevel': 'logging',
  'tasks/get': 'tasks',
  'tasks/result': 'tasks',
  'tasks/list': 'tasks.list',
  'tasks/cancel': 'tasks.cancel',
  'tools/call+task': 'tasks.requests.tools.call',
} satisfies Record<TaskRequestMethod | string, string>;

/** True when `capabilities` has every segment of `path` (present and not false). */
export function declares(capabilities: Record<string, unknown> | undefined, path: string): boolean {
  let at: unknown = capabilities;
  for (const part of path.split('.')) {
    if (typeof at !== 'object' || at === null) return false;
    at = (at as Record<string, unknown>)[part];
    if (at === undefined || at === null || at === false) return false;
  }
  return true;
}

/** `NOT_SUPPORTED` (nothing sent) when the server did not declare what `method` needs, else `undefined`. */
export function unsupported(server: string, method: string, capabilities: Record<string, unknown> | undefined): CrosspointError | undefined {
  const need = NEEDS[method];
  if (need === undefined || declares(capabilities, need)) return undefined;
  return new CrosspointError('NOT_SUPPORTED', `${server} does not support ${method} (it did not declare the "${need}" capability)`, {
    details: { method, capability: need },
  });
}
