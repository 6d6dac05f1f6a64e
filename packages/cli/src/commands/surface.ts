import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { errorMessageOf } from '@crosspoint/core';
import type { RemoteTarget } from '../args.js';
import { type CliIo, EXIT_FAILED, EXIT_OK } from '../io.js';
import { CLI_VERSION } from '../version.js';
import { withGateway } from './one-shot.js';
import { withRemoteClient } from './remote-client.js';

/** Where a surface command looks: a running gateway (`--url`), or one built in-process from the config. */
export interface SurfaceTarget {
  config?: string | undefined;
  remote?: RemoteTarget | undefined;
}

/**
 * Runs `work` with an MCP client of the gateway. In-process it is a client of a real session (over an
 * in-memory pair), so the CLI shows exactly what an IDE sees, namespacing included.
 */
function withClient(io: CliIo, target: SurfaceTarget, work: (client: Client) => Promise<number>): Promise<number> {
  if (target.remote) return withRemoteClient(io, target.remote, work);
  return withGateway(io, target.config, async (gateway) => {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const session = await gateway.connectSession(serverSide, { label: 'cli' });
    const client = new Client({ name: 'crosspoint-cli', version: CLI_VERSION });
    try {
      await client.connect(clientSide);
      return await work(client);
    } finally {
      await client.close().catch(() => undefined);
      await session.close().catch(() => undefined);
    }
  });
}

/** Every page of a list, bounded (a misbehaving server could cycle its cursors). */
async function allPages<T>(fetch: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string | undefined }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await fetch(cursor);
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

type Listed = { name: string; description?: string | undefined };

function printRows(io: CliIo, rows: Array<[string, Listed]>): void {
  const width = Math.min(60, Math.max(0, ...rows.map(([key]) => key.length)));
  for (const [key, item] of rows) io.stdout.write(`${key.padEnd(width)}  ${((item.description ?? item.name).split('\n')[0] ?? '').slice(0, 90)}\n`);
}

const failed = (io: CliIo, what: string, err: unknown): number => {
  io.stderr.write(`crosspoint: ${what}: ${errorMessageOf(err)}\n`);
  return EXIT_FAILED;
};

/** `crosspoint resources [--json]`: resources and resource templates, as clients see them. */
export function listResources(io: CliIo, target: SurfaceTarget, json: boolean): Promise<number> {
  return withClient(io, target, async (client) => {
    if (!client.getServerCapabilities()?.resources) {
      io.stdout.write(json ? '{"resources":[],"resourceTemplates":[]}\n' : 'no part of this bench offers resources\n');
      return EXIT_OK;
    }
    try {
      const resources = await allPages(async (cursor) => {
        const r = await client.listResources(cursor ? { cursor } : {});
        return { items: r.resources, nextCursor: r.nextCursor };
      });
      const templates = await allPages(async (cursor) => {
        const r = await client.listResourceTemplates(cursor ? { cursor } : {});
        return { items: r.resourceTemplates, nextCursor: r.nextCursor };
      });
      if (json) {
        io.stdout.write(`${JSON.stringify({ resources, resourceTemplates: templates }, null, 2)}\n`);
        return EXIT_OK;
      }
      printRows(io, [...resources.map((r): [string, Listed] => [r.uri, r]), ...templates.map((t): [string, Listed] => [t.uriTemplate, t])]);
      io.stdout.write(`${resources.length} resources, ${templates.length} templates (crosspoint read <uri> reads one)\n`);
      return EXIT_OK;
    } catch (err) {
      return failed(io, 'listing resources', err);
    }
  });
}

/** `crosspoint read <uri> [--json]`: text contents as they are, binary ones summarized (all of it with --json). */
export function readResource(io: CliIo, target: SurfaceTarget, uri: string, json: boolean): Promise<number> {
  return withClient(io, target, async (client) => {
    try {
      const result = await client.readResource({ uri });
      if (json) {
        io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return EXIT_OK;
      }
      for (const c of result.contents) {
        if ('text' in c && typeof c.text === 'string') io.stdout.write(c.text.endsWith('\n') ? c.text : `${c.text}\n`);
        else if ('blob' in c && typeof c.blob === 'string') io.stdout.write(`[${c.mimeType ?? 'binary'} ${c.uri}: ${Math.floor((c.blob.length * 3) / 4)} bytes; --json prints it in base64]\n`);
      }
      return EXIT_OK;
    } catch (err) {
      return failed(io, `reading ${uri}`, err);
    }
  });
}

/** `crosspoint prompts [--json]` */
export function listPrompts(io: CliIo, target: SurfaceTarget, json: boolean): Promise<number> {
  return withClient(io, target, async (client) => {
    if (!client.getServerCapabilities()?.prompts) {
      io.stdout.write(json ? '[]\n' : 'no part of this bench offers prompts\n');
      return EXIT_OK;
    }
    try {
      const prompts = await allPages(async (cursor) => {
        const r = await client.listPrompts(cursor ? { cursor } : {});
        return { items: r.prompts, nextCursor: r.nextCursor };
      });
      if (json) {
        io.stdout.write(`${JSON.stringify(prompts, null, 2)}\n`);
        return EXIT_OK;
      }
      printRows(io, prompts.map((p): [string, Listed] => [`${p.name}(${(p.arguments ?? []).map((a) => a.name).join(', ')})`, p]));
      io.stdout.write(`${prompts.length} prompts\n`);
      return EXIT_OK;
    } catch (err) {
      return failed(io, 'listing prompts', err);
    }
  });
}
