import { CrosspointError, type ReadResourceResultLike, type ResourceDescriptor } from '@crosspoint/core';

/** A readable view of the board, backed by one read-only tool. */
interface BoardResource {
  descriptor: ResourceDescriptor;
  /** The tool whose result is the resource's content. */
  tool: string;
  /** Tools after which the content may differ (a subscriber is told). */
  changedBy: ReadonlySet<string>;
}

const ROUTING = ['connect', 'disconnect', 'nodes_clear', 'switch_slot', 'set_state'];
const POWER_AND_IO = ['dac_set', 'gpio_set', 'gpio_set_dir', 'gpio_set_pull'];

export const BOARD_RESOURCES: readonly BoardResource[] = [
  {
    descriptor: {
      uri: 'jumperless://board/nets',
      name: 'nets',
      title: 'Routed nets',
      description: 'The nets (groups of connected nodes) routed on the breadboard now, as JSON (what nets_list returns).',
      mimeType: 'application/json',
    },
    tool: 'nets_list',
    changedBy: new Set(ROUTING),
  },
  {
    descriptor: {
      uri: 'jumperless://board/state',
      name: 'state',
      title: 'Board state',
      description: 'The whole board state as JSON: power setpoints, nets, GPIO (what get_state returns).',
      mimeType: 'application/json',
    },
    tool: 'get_state',
    changedBy: new Set([...ROUTING, ...POWER_AND_IO]),
  },
];

const byUri = new Map(BOARD_RESOURCES.map((r) => [r.descriptor.uri, r]));

export function boardResource(uri: string): BoardResource {
  const found = byUri.get(uri);
  if (!found) {
    throw new CrosspointError('RESOURCE_NOT_FOUND', `the Jumperless has no resource "${uri}"; it has ${[...byUri.keys()].join(', ')}`);
  }
  return found;
}

export function resourceContents(uri: string, value: unknown): ReadResourceResultLike {
  return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }] };
}

/** The subscribed URIs a successful call of `tool` may have changed. */
export function urisChangedBy(tool: string, subscribed: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const uri of subscribed) if (byUri.get(uri)?.changedBy.has(tool)) out.push(uri);
  return out;
}
