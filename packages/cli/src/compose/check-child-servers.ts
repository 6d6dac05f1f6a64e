import { errorMessageOf } from '@crosspoint/core';
import { checkWorkingDirectory, parseChildServerConfig, parseSupervisionSettings, resolveCommand } from '@crosspoint/mcp-proxy';
import { createClientTransport } from '@crosspoint/remote';
import type { LoadedConfig } from '../config/load-config.js';
import type { ConfigProblem } from '../config/problems.js';
import { splitServerEntry } from './child-servers.js';

/**
 * What `crosspoint check` can tell about `mcpServers` entries without starting anything: settings
 * the supervisor refuses, a command not on PATH (of the environment the child would get), a
 * missing working directory, a remote URL or transport crosspoint cannot use. The same checks
 * `serve` makes when it starts each server, so a clean check means no server fails for these.
 */
export function checkChildServers(loaded: LoadedConfig, env: Readonly<Record<string, string | undefined>>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const server of loaded.servers) {
    const where = `mcpServers.${server.name}`;
    const problem = (path: string, err: unknown, hint: string) =>
      problems.push({ file: loaded.label, path, message: errorMessageOf(err).replace(/^mcpServers\.[a-z0-9_]+: /, ''), hint });
    const { child } = splitServerEntry(server);
    if (server.config.url !== undefined) {
      if (server.config.type === 'sse') {
        problems.push({ file: loaded.label, path: `${where}.type`, message: 'the legacy SSE transport is not supported', hint: 'use the server\'s Streamable HTTP endpoint (http(s)://…/mcp), or a ws:// or tcp:// gateway' });
      }
      try {
        createClientTransport(server.config.url, server.config.headers ? { headers: server.config.headers } : {});
      } catch (err) {
        problem(`${where}.url`, err, 'use ws://, wss://, tcp://host:port or http(s)://…/mcp');
      }
      try {
        parseSupervisionSettings(server.prefix, child);
      } catch (err) {
        problem(where, err, 'see crosspoint.schema.json for the keys a remote server takes');
      }
      continue;
    }
    let config;
    try {
      config = parseChildServerConfig(server.prefix, child);
    } catch (err) {
      problem(where, err, 'see crosspoint.schema.json for the keys of an mcpServers entry');
      continue;
    }
    const cwd = config.cwd === undefined ? loaded.dir : config.cwd.startsWith('/') ? config.cwd : `${loaded.dir.replace(/\/$/, '')}/${config.cwd}`;
    try {
      checkWorkingDirectory(cwd);
    } catch (err) {
      problem(`${where}.cwd`, err, 'create the directory, or fix the path (relative to the config file)');
      continue;
    }
    try {
      resolveCommand(config.command, { ...env, ...config.env }, cwd);
    } catch (err) {
      problem(`${where}.command`, err, 'install it, put it on PATH (or in the entry\'s env.PATH), or give an absolute path');
    }
  }
  return problems;
}
