import { createHash, timingSafeEqual } from 'node:crypto';

/** One accepted bearer token and, optionally, the tools it may see and call. */
export interface TokenSpec {
  token: string;
  /** picomatch globs on wire tool names; undefined = every tool. */
  allowTools?: string[];
}

/** What a presented token grants. */
export interface TokenGrant {
  /** Index of the matching token in the configured list (stable identity; the token itself is never kept). */
  tokenIndex: number;
  allowTools?: string[];
}

/** Checks presented tokens in constant time against the configured ones. */
export interface TokenChecker {
  /** False when no tokens are configured: every connection is let in with an unscoped grant. */
  readonly required: boolean;
  /** The grant for a presented token, or undefined when it is missing or wrong. */
  check(presented: string | undefined): TokenGrant | undefined;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Builds a checker. Both sides are hashed first so the comparison runs on equal-length digests
 * (timingSafeEqual needs equal lengths, and a length mismatch must not leak through timing);
 * every configured token is compared, so the time does not depend on which one matched.
 */
export function createTokenChecker(tokens: readonly TokenSpec[] | undefined): TokenChecker {
  const list = tokens ?? [];
  list.forEach((t, i) => {
    if (typeof t.token !== 'string' || t.token.length === 0) {
      throw new TypeError(`tokens[${i}]: a token must be a non-empty string`);
    }
  });
  const digests = list.map((t) => digest(t.token));
  const grants: TokenGrant[] = list.map((t, i) => (t.allowTools ? { tokenIndex: i, allowTools: [...t.allowTools] } : { tokenIndex: i }));
  return {
    required: list.length > 0,
    check(presented) {
      if (list.length === 0) return { tokenIndex: -1 };
      if (presented === undefined || presented.length === 0) return undefined;
      const got = digest(presented);
      let match = -1;
      for (let i = 0; i < digests.length; i++) {
        if (timingSafeEqual(got, digests[i]!) && match === -1) match = i;
      }
      return match === -1 ? undefined : grants[match];
    },
  };
}

/** The token in `Authorization: Bearer <token>`, else in the `token` query parameter, else undefined. */
export function presentedToken(authorization: string | undefined, url: string | undefined): string | undefined {
  if (authorization) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (m) return m[1];
  }
  if (url && url.includes('token=')) {
    try {
      const q = new URL(url, 'http://localhost').searchParams.get('token');
      if (q) return q;
    } catch {
      return undefined; // a request target that is not a URL presents no token
    }
  }
  return undefined;
}
