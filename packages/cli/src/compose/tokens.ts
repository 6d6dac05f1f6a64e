import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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
