import type { z } from 'zod';

/** One thing wrong with a config: where, what, and what to do about it. */
export interface ConfigProblem {
  /** The config file, or `<embedded default>`. */
  file: string;
  /** JSON path such as `mcpServers.github.command`; empty for the whole file. */
  path: string;
  message: string;
  hint: string;
}

export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.file}: ${p.path || '(top level)'}: ${p.message}\n    → ${p.hint}`;
}

/** Turns zod issues into problems with a hint each. */
export function problemsFromZod(file: string, error: z.ZodError): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  for (const issue of error.issues) {
    const path = jsonPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ file, path: path ? `${path}.${key}` : key, message: 'unknown key', hint: 'remove it, or check its spelling against crosspoint.schema.json' });
      }
      continue;
    }
    if (issue.code === 'invalid_key') {
      const inner = issue.issues[0]?.message ?? 'invalid name';
      out.push({ file, path, message: `invalid name: ${inner}`, hint: 'rename the key (it becomes the tool prefix)' });
      continue;
    }
    out.push({ file, path, message: issue.message, hint: hintFor(issue) });
  }
  return out;
}

function hintFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `use a value of type ${issue.expected}`;
    case 'invalid_value':
      return `use one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
    case 'too_big':
      return 'use a value in the allowed range';
    case 'invalid_format':
      return 'fix the format as described';
    case 'invalid_union':
      return 'see crosspoint.schema.json for the accepted forms';
    default:
      return 'fix the value as described';
  }
}
