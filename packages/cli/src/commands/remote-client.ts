import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { errorMessageOf } from '@crosspoint/core';
import { createClientTransport } from '@crosspoint/remote';
import type { RemoteTarget } from '../args.js';
import { resolveClientToken } from '../compose/tokens.js';
import { type CliIo, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../io.js';
import { CLI_VERSION } from '../version.js';

/**
 * Connects an SDK client to a running gateway (`--url`), runs `work`, closes. Connection problems
 * (refused token, nothing listening, bad URL) are printed and give exit code 1 (2 for a bad URL / token file).
 */
export async function withRemoteClient(io: CliIo, target: RemoteTarget, work: (client: Client) => Promise<number>): Promise<number> {
  let transport;
  try {
    const { token, warning } = await resolveClientToken(io.env['CROSSPOINT_TOKEN'], target.tokenFile, io.cwd);
    if (warning) io.stderr.write(`crosspoint: warning: ${warning}\n`);
    transport = createClientTransport(target.url, token ? { token } : {});
  } catch (err) {
    io.stderr.write(`crosspoint: ${errorMessageOf(err)}\n`);
    return EXIT_USAGE;
  }
  const client = new Client({ name: 'crosspoint-cli', version: CLI_VERSION });
  try {
    await client.connect(transport);
  } catch (err) {
    io.stderr.write(`crosspoint: cannot reach the gateway at ${target.url}: ${errorMessageOf(err)}\n`);
    await client.close().catch(() => undefined);
    return EXIT_FAILED;
  }
  try {
    return await work(client);
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function listAll(client: Client): Promise<Tool[]> {
  const tools: Tool[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : {});
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

/** Prints the tools as `crosspoint tools` does in-process. */
export function printTools(io: CliIo, tools: ReadonlyArray<{ name: string; description?: string | undefined }>, json: boolean): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(tools, null, 2)}\n`);
    return;
  }
  const width = Math.min(45, Math.max(0, ...tools.map((t) => t.name.length)));
  for (const t of tools) io.stdout.write(`${t.name.padEnd(width)}  ${((t.description ?? '').split('\n')[0] ?? '').slice(0, 100)}\n`);
  io.stdout.write(`${tools.length} tools\n`);
}

/** `crosspoint tools --url URL` */
export function listRemoteTools(io: CliIo, target: RemoteTarget, json: boolean): Promise<number> {
  return withRemoteClient(io, target, async (client) => {
    printTools(io, await listAll(client), json);
    return EXIT_OK;
  });
}

/** Calls one tool on the remote gateway; structured content (or the whole result) on stdout, errors on stderr. */
async function callAndPrint(io: CliIo, client: Client, name: string, args: Record<string, unknown>): Promise<number> {
  try {
    const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 300_000, resetTimeoutOnProgress: true });
    if (result.isError) {
      const content = (result.content ?? []) as Array<{ type: string; text?: string }>;
      io.stderr.write(`${content.map((c) => c.text ?? '').join('\n') || 'the tool failed'}\n`);
      return EXIT_FAILED;
    }
    io.stdout.write(`${JSON.stringify(result.structuredContent ?? result, null, 2)}\n`);
    return EXIT_OK;
  } catch (err) {
    io.stderr.write(`crosspoint: ${name}: ${errorMessageOf(err)}\n`);
    return EXIT_FAILED;
  }
}

/** `crosspoint call <tool> '<json>' --url URL` (arguments already parsed to an object). */
export function callRemoteTool(io: CliIo, target: RemoteTarget, name: string, args: Record<string, unknown>): Promise<number> {
  return withRemoteClient(io, target, (client) => callAndPrint(io, client, name, args));
}

/** `crosspoint restart <name> --url URL`: the gateway's own restart tool, whatever the wire format calls it. */
export function restartRemote(io: CliIo, target: RemoteTarget, name: string): Promise<number> {
  return withRemoteClient(io, target, async (client) => {
    const tools = await listAll(client);
    const restart = tools.find((t) => t.name === 'crosspoint_restart' || t.name === 'crosspoint.restart');
    if (!restart) {
      io.stderr.write(`crosspoint: the gateway at ${target.url} offers no crosspoint_restart tool to this token\n`);
      return EXIT_FAILED;
    }
    const code = await callAndPrint(io, client, restart.name, { name });
    return code;
  });
}
