import { checkChildServers } from '../compose/check-child-servers.js';
import { importPlugin } from '../compose/plugins.js';
import { chooseFronts, planFronts } from '../compose/network-fronts.js';
import { type ResolvedToken, resolveServeTokens } from '../compose/tokens.js';
import { errorMessageOf } from '@crosspoint/core';
import { findConfig, loadConfig } from '../config/load-config.js';
import { type ConfigProblem, formatProblem } from '../config/problems.js';
import { type CliIo, EXIT_FAILED, EXIT_OK } from '../io.js';

/** `crosspoint check`: every problem at once (syntax, schema, env vars, prefixes, plugins). */
export async function check(io: CliIo, flag: string | undefined, tokenFile?: string): Promise<number> {
  const loaded = loadConfig(findConfig({ ...(flag !== undefined ? { flag } : {}), env: io.env, cwd: io.cwd }), io.env, io.cwd);
  const problems: ConfigProblem[] = [...loaded.problems];
  // Plugins are tried even when other parts are invalid, so one run shows everything.
  const subsystems = (loaded.raw as { subsystems?: unknown } | undefined)?.subsystems;
  if (subsystems !== null && typeof subsystems === 'object') {
    for (const [prefix, entry] of Object.entries(subsystems as Record<string, { package?: unknown; disabled?: unknown }>)) {
      if (entry === null || typeof entry !== 'object' || typeof entry.package !== 'string' || entry.package === '' || entry.disabled === true) continue;
      try {
        await importPlugin(entry.package, loaded.dir);
      } catch (err) {
        problems.push({
          file: loaded.label,
          path: `subsystems.${prefix}.package`,
          message: `cannot load plugin "${entry.package}": ${(err as Error).message}`,
          hint: 'install or build the package, or fix the name / path (paths are relative to the config file)',
        });
      }
    }
  }
  // mcpServers: what serve would refuse when starting each server (command on PATH, cwd, URL...).
  if (loaded.config) problems.push(...checkChildServers(loaded, io.env));
  if (loaded.config) {
    // The same token resolution and front planning `serve` does (a public bind needs a token).
    let tokens: ResolvedToken[] | undefined;
    try {
      const resolved = await resolveServeTokens({ envToken: io.env['CROSSPOINT_TOKEN'], tokenFile, cwd: io.cwd, auth: loaded.config.auth, configDir: loaded.dir });
      for (const w of resolved.warnings) loaded.warnings.push(w);
      tokens = resolved.tokens;
    } catch (err) {
      const message = errorMessageOf(err);
      const [path = 'auth', rest = message] = /^auth\./.test(message) ? message.split(/: (.*)/s) : ['--token-file', message];
      problems.push({ file: loaded.label, path, message: rest, hint: 'create the file with the token on one line, or fix the path (relative to the config file)' });
    }
    if (tokens) {
      try {
        planFronts(chooseFronts(loaded.config.fronts, undefined), loaded.config.fronts, tokens);
      } catch (err) {
        problems.push({ file: loaded.label, path: 'fronts', message: errorMessageOf(err), hint: 'bind to 127.0.0.1, or configure a token (auth.tokens, CROSSPOINT_TOKEN or --token-file)' });
      }
    }
  }
  for (const w of loaded.warnings) io.stderr.write(`warning: ${w}\n`);
  if (problems.length) {
    io.stderr.write(`${loaded.label}: ${problems.length} problem(s):\n${problems.map(formatProblem).join('\n')}\n`);
    return EXIT_FAILED;
  }
  const c = loaded.config ?? {};
  const plugins = Object.values(c.subsystems ?? {}).filter((s) => !s.disabled).length;
  const mode = c.passthrough ? '; passthrough: served without prefixes or gateway tools' : '';
  io.stdout.write(`${loaded.label}: ok (${plugins} plugin subsystem(s), ${loaded.servers.length} MCP server(s)${mode})\n`);
  return EXIT_OK;
}
