import picomatch from 'picomatch';

/** Allow / deny lists of picomatch globs. An empty or absent `allow` allows everything. */
export interface ToolFilter {
  allow?: string[];
  deny?: string[];
}

/**
 * Compiles a filter once into a predicate on tool names. Deny wins over allow, so
 * `{ allow: ['*'], deny: ['*_delete'] }` reads as it sounds.
 */
export function compileToolFilter(filter: ToolFilter | undefined): (name: string) => boolean {
  const allow = filter?.allow?.length ? picomatch(filter.allow, { dot: true }) : undefined;
  const deny = filter?.deny?.length ? picomatch(filter.deny, { dot: true }) : undefined;
  if (!allow && !deny) return () => true;
  return (name) => (!allow || allow(name)) && !(deny && deny(name));
}
