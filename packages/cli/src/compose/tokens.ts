import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readTokenFile } from '@crosspoint/remote';
import type { CrosspointConfig } from '../config/schema.js';

export interface ResolvedToken {
  token: string;
  allowTools?: string[];
}

/**
 * The `auth.tokens` of a config with every `tokenFile` read (paths relative to the config file;
 * surrounding whitespace trimmed). Throws an Error naming the entry and file when one cannot be
 * read or is empty; the token itself never appears in a message.
 */
export function readTokens(auth: CrosspointConfig['auth'], configDir: string): ResolvedToken[] {
  return (auth?.tokens ?? []).map((entry, i) => {
    let token = entry.token;
    if (token === undefined && entry.tokenFile !== undefined) {
      const file = resolve(configDir, entry.tokenFile);
      try {
        token = readFileSync(file, 'utf8').trim();
      } catch (err) {
        throw new Error(`auth.tokens[${i}].tokenFile: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      }
      if (token.length < 16) throw new Error(`auth.tokens[${i}].tokenFile: ${file} holds no token of at least 16 characters`);
    }
    if (token === undefined) throw new Error(`auth.tokens[${i}]: give "token" or "tokenFile"`);
    return { token, ...(entry.allowTools ? { allowTools: entry.allowTools } : {}) };
  });
}

export interface ServeTokenSources {
  /** `CROSSPOINT_TOKEN` */
  envToken?: string | undefined;
  /** `--token-file FILE` (relative to the current directory) */
  tokenFile?: string | undefined;
  cwd: string;
  auth: CrosspointConfig['auth'];
  configDir: string;
}

/**
 * Every token the gateway accepts: `CROSSPOINT_TOKEN`, `--token-file` (both unscoped) and the
 * config's `auth.tokens` (with their scopes). Warnings (a token file others can read) are returned
 * for the caller to print; errors are CrosspointErrors / Errors naming the source, never the token.
 */
export async function resolveServeTokens(sources: ServeTokenSources): Promise<{ tokens: ResolvedToken[]; warnings: string[] }> {
  const tokens: ResolvedToken[] = [];
  const warnings: string[] = [];
  const env = sources.envToken?.trim();
  if (env) tokens.push({ token: env });
  if (sources.tokenFile !== undefined) {
    const read = await readTokenFile(resolve(sources.cwd, sources.tokenFile));
    if (read.warning) warnings.push(read.warning);
    tokens.push({ token: read.token });
  }
  tokens.push(...readTokens(sources.auth, sources.configDir));
  return { tokens, warnings };
}

/** The one token a client presents (`connect`, `--url`): `--token-file` wins over `CROSSPOINT_TOKEN`. */
export async function resolveClientToken(envToken: string | undefined, tokenFile: string | undefined, cwd: string): Promise<{ token?: string; warning?: string }> {
  if (tokenFile !== undefined) {
    const read = await readTokenFile(resolve(cwd, tokenFile));
    return { token: read.token, ...(read.warning ? { warning: read.warning } : {}) };
  }
  const env = envToken?.trim();
  return env ? { token: env } : {};
}
