import type { ConfigProblem } from './problems.js';
import { jsonPath } from './problems.js';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `${NAME}` in every string of a parsed JSON value with the variable's value.
 * A missing variable is a problem naming it and the place it is used; every one is reported.
 */
export function expandEnv(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  file: string,
): { value: unknown; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const walk = (v: unknown, path: Array<string | number>): unknown => {
    if (typeof v === 'string') {
      return v.replace(REFERENCE, (whole, name: string) => {
        const found = env[name];
        if (found !== undefined) return found;
        problems.push({
          file,
          path: jsonPath(path),
          message: `environment variable ${name} is not set`,
          hint: `set ${name} in the environment that starts crosspoint, or remove "\${${name}}"`,
        });
        return whole;
      });
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...path, i]));
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, [...path, k])]));
    }
    return v;
  };
  return { value: walk(value, []), problems };
}
