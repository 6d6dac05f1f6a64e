import { CrosspointError, defineNativeTool } from '@crosspoint/core';
import { z } from 'zod';
import { NODE_HELP, nodeLabel, nodeSchema } from '../nodes.js';
import { call, convert, program, py } from '../python-code.js';
import { type JumperlessTool, SETTLE_HINT, jlTool } from './kit.js';

const pair = z.object({ node1: nodeSchema('First node'), node2: nodeSchema('Second node') });
const slot = z.object({ slot: z.number().int().min(0).max(7).describe('Slot number 0-7') });
const MAX_LIST = 64;

const parseState = (v: unknown): unknown => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);

export const routingTools: JumperlessTool[] = [
  jlTool(
    defineNativeTool({
      name: 'connect',
      description: `Connect two nodes with the crossbar (like placing a jumper wire). Verifies the route took: the firmware silently refuses unsafe routes (a supply such as 5V, 3V3, a rail or a DAC straight to GND or to another supply) and this tool then fails with ROUTE_REFUSED. ${NODE_HELP} ${SETTLE_HINT}`,
      input: pair,
    }),
    async (a, ctx) => {
      const n1 = py.node(a.node1);
      const n2 = py.node(a.node2);
      const state = await ctx.run(program([call('connect', [n1, n2])], convert('str', call('is_connected', [n1, n2]))));
      if (state !== 'CONNECTED') {
        throw new CrosspointError(
          'ROUTE_REFUSED',
          `jumperless: the board refused to connect ${a.node1} to ${a.node2} (is_connected says ${String(state)}); it drops unsafe routes such as a supply straight to GND or two supplies together. Nothing was connected.`,
          { details: { node1: a.node1, node2: a.node2 } },
        );
      }
      return { node1: a.node1, node2: a.node2, connected: true };
    },
  ),
  jlTool(
    defineNativeTool({
      name: 'disconnect',
      description: `Remove the connection between two nodes, or every connection of node1 when node2 is omitted. ${NODE_HELP}`,
      input: z.object({ node1: nodeSchema('Node to disconnect'), node2: nodeSchema('Other node; omit to remove every connection of node1').optional() }),
      annotations: { destructiveHint: true },
    }),
    async (a, ctx) => {
      const n2 = a.node2 === undefined ? py.int(-1) : py.node(a.node2);
      await ctx.run(program([call('disconnect', [py.node(a.node1), n2])]));
      return { node1: a.node1, node2: a.node2 ?? 'all', disconnected: true };
    },
  ),
  jlTool(
    defineNativeTool({
      name: 'is_connected',
      description: `Whether a bridge exists directly between two nodes (nodes joined only through other bridges report false: use nets_list for whole nets). ${NODE_HELP}`,
      input: pair,
      annotations: { readOnlyHint: true },
    }),
    async (a, ctx) => {
      const state = await ctx.run(program([], convert('str', call('is_connected', [py.node(a.node1), py.node(a.node2)]))));
      return { node1: a.node1, node2: a.node2, connected: state === 'CONNECTED' };
    },
  ),
  jlTool(
    defineNativeTool({
      name: 'nodes_clear',
      description: `Remove every connection on the board (the current slot becomes empty). Wait 50-100 ms (sleep_ms) before measuring.`,
      input: z.object({}),
      annotations: { destructiveHint: true },
    }),
    async (_a, ctx) => {
      await ctx.run(program([call('nodes_clear')]));
      return { cleared: true };
    },
  ),
  jlTool(
    defineNativeTool({ name: 'nets_list', description: 'List the nets (groups of connected nodes) currently routed.', input: z.object({}), annotations: { readOnlyHint: true } }),
    async (_a, ctx) => {
      const count = Number(await ctx.run(program([], convert('int', call('get_num_nets')))));
      const n = Math.min(count, MAX_LIST);
      const lists = n === 0 ? [] : ((await ctx.run(program([], py.list(Array.from({ length: n }, (_, i) => call('get_net_nodes', [py.int(i + 1)])))))) as unknown[]);
      const nets = lists.map((nodes, i) => ({ index: i + 1, nodes: String(nodes).split(',').filter(Boolean) }));
      return { count, nets, truncated: count > n };
    },
  ),
  jlTool(
    defineNativeTool({ name: 'bridges_list', description: 'List the individual connections (bridges) routed, node pairs as connect() made them.', input: z.object({}), annotations: { readOnlyHint: true } }),
    async (_a, ctx) => {
      const count = Number(await ctx.run(program([], convert('int', call('get_num_bridges')))));
      const n = Math.min(count, MAX_LIST);
      const raw = n === 0 ? [] : ((await ctx.run(program([], py.list(Array.from({ length: n }, (_, i) => call('get_bridge', [py.int(i)])))))) as unknown[][]);
      const bridges = raw.map((b) => ({ node1: nodeLabel(Number(b[0])), node2: nodeLabel(Number(b[1])) }));
      return { count, bridges, truncated: count > n };
    },
  ),
  jlTool(
    defineNativeTool({ name: 'nodes_save', description: 'Save the current connections to a slot (0-7).', input: slot }),
    async (a, ctx) => ({ slot: Number(await ctx.run(program([], convert('int', call('nodes_save', [py.int(a.slot)]))))), saved: true }),
  ),
  jlTool(
    defineNativeTool({ name: 'switch_slot', description: `Load the connections saved in a slot (0-7), replacing the current ones. ${SETTLE_HINT}`, input: slot }),
    async (a, ctx) => ({ slot: Number(await ctx.run(program([], convert('int', call('switch_slot', [py.int(a.slot)]))))) }),
  ),
  jlTool(
    defineNativeTool({ name: 'get_state', description: 'The whole board state as JSON: power (DAC and rail setpoints), nets, GPIO.', input: z.object({}), annotations: { readOnlyHint: true } }),
    async (_a, ctx) => ({ state: parseState(await ctx.run(program([], call('get_state')))) }),
  ),
  jlTool(
    defineNativeTool({
      name: 'set_state',
      description: `Restore a board state in the JSON shape get_state returns (clear_first: remove existing connections first). ${SETTLE_HINT}`,
      input: z.object({
        state: z.union([z.record(z.string(), z.unknown()), z.string().max(16_000)]).describe('State object (or its JSON text) as returned by get_state'),
        clear_first: z.boolean().default(true),
      }),
      annotations: { destructiveHint: true },
    }),
    async (a, ctx) => {
      const text = typeof a.state === 'string' ? a.state : JSON.stringify(a.state);
      await ctx.run(program([call('set_state', [py.str(text), py.bool(a.clear_first)])]));
      return { applied: true };
    },
  ),
];
