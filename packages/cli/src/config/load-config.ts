import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { passthroughProblem } from '../compose/passthrough.js';
import { expandEnv } from './expand-env.js';
import { type ConfigProblem, problemsFromZod } from './problems.js';
import { type CrosspointConfig, MCP_SERVER_KEYS, type McpServerConfig, configSchema } from './schema.js';

export const EMBEDDED_DEFAULT = '<embedded default>';

export interface ConfigSource {
  /** Absolute path, or undefined for the embedded default. */
  file: string | undefined;
  how: 'flag' | 'env' | 'cwd' | 'default';
}

/** `--config`, else `CROSSPOINT_CONFIG`, else `./crosspoint.json` if present, else the embedded default. */
export function findConfig(options: { flag?: string; env: Readonly<Record<string, string | undefined>>; cwd: string }): ConfigSource {
  if (options.flag) return { file: resolve(options.cwd, options.flag), how: 'flag' };
  const fromEnv = options.env['CROSSPOINT_CONFIG'];
  if (fromEnv) return { file: resolve(options.cwd, fromEnv), how: 'env' };
  const local = resolve(options.cwd, 'crosspoint.json');
  if (existsSync(local)) return { file: local, how: 'cwd' };
  return { file: undefined, how: 'default' };
}

export interface LoadedConfig {
  source: ConfigSource;
  /** For messages: the file path or `<embedded default>`. */
  label: string;
  /** Relative paths in the config resolve from here. */
  dir: string;
  /** Present when there are no problems. */
  config: CrosspointConfig | undefined;
  problems: ConfigProblem[];
  warnings: string[];
  /** The parsed file after `${VAR}` expansion, even when invalid (for checks that can still run). */
  raw: unknown;
  /** `mcpServers` and VS Code `servers` merged, disabled ones dropped, with their prefixes. */
  servers: Array<{ name: string; prefix: string; config: McpServerConfig }>;
}

/** A server name as a tool prefix: `GitHub-Server` → `github_server`. */
export function defaultPrefix(name: string): string {
  const p = name.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(p) ? p : `s_${p}`;
}

/** Reads, expands `${VARS}` and validates a config, collecting every problem instead of stopping at the first. */
export function loadConfig(source: ConfigSource, env: Readonly<Record<string, string | undefined>>, cwd: string): LoadedConfig {
  const label = source.file ?? EMBEDDED_DEFAULT;
  const base: LoadedConfig = { source, label, dir: source.file ? dirname(source.file) : cwd, config: undefined, raw: undefined, problems: [], warnings: [], servers: [] };
  if (!source.file) return { ...base, config: {} };
  let text: string;
  try {
    text = readFileSync(source.file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const hint = code === 'ENOENT' ? 'check the path, or run without --config / CROSSPOINT_CONFIG to use ./crosspoint.json or the demo' : 'check the file permissions';
    return { ...base, problems: [{ file: label, path: '', message: `cannot read the file (${code ?? String(err)})`, hint }] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ...base, problems: [{ file: label, path: '', message: `not valid JSON: ${describeJsonError(err as Error, text)}`, hint: 'fix the syntax (comments and trailing commas are not allowed)' }] };
  }
  const expanded = expandEnv(raw, env, label);
  const problems = [...expanded.problems];
  const warnings: string[] = [];
  const parsed = configSchema.safeParse(expanded.value);
  if (!parsed.success) problems.push(...problemsFromZod(label, parsed.error));
  const config = parsed.success ? parsed.data : undefined;
  const servers = config ? collectServers(config, label, problems, warnings) : [];
  if (config?.passthrough) {
    const problem = passthroughProblem({ ...base, config, servers });
    if (problem) problems.push({ file: label, path: 'passthrough', message: problem, hint: 'remove "passthrough" to serve every downstream with prefixes' });
  }
  return { ...base, raw: expanded.value, config: problems.length ? undefined : config, problems, warnings, servers };
}

function collectServers(config: CrosspointConfig, file: string, problems: ConfigProblem[], warnings: string[]): LoadedConfig['servers'] {
  const servers: LoadedConfig['servers'] = [];
  const prefixes = new Map<string, string>();
  const claim = (prefix: string, where: string) => {
    const other = prefixes.get(prefix);
    if (other) problems.push({ file, path: where, message: `prefix "${prefix}" is already used by ${other}`, hint: 'set a different "prefix" on one of them' });
    else prefixes.set(prefix, where);
  };
  claim('crosspoint', 'the gateway itself');
  for (const [name, entry] of Object.entries(config.subsystems ?? {})) {
    if (entry.disabled) warnings.push(`subsystems.${name}: disabled, skipped`);
    else claim(name, `subsystems.${name}`);
  }
  const both = [...Object.entries(config.mcpServers ?? {}).map((e) => ['mcpServers', ...e] as const), ...Object.entries(config.servers ?? {}).map((e) => ['servers', ...e] as const)];
  const names = new Set<string>();
  for (const [section, name, entry] of both) {
    const where = `${section}.${name}`;
    if (names.has(name)) {
      problems.push({ file, path: where, message: `server "${name}" is defined in both mcpServers and servers`, hint: 'keep one of them' });
      continue;
    }
    names.add(name);
    for (const key of Object.keys(entry)) {
      if (!(MCP_SERVER_KEYS as readonly string[]).includes(key)) warnings.push(`${where}.${key}: ignored (not used by crosspoint)`);
    }
    if (entry.disabled) {
      warnings.push(`${where}: disabled, skipped`);
      continue;
    }
    const prefix = entry.prefix ?? defaultPrefix(name);
    claim(prefix, where);
    servers.push({ name, prefix, config: entry });
  }
  return servers;
}

function describeJsonError(err: Error, text: string): string {
  const m = /position (\d+)/.exec(err.message);
  if (!m) return err.message;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${err.message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`;
}
