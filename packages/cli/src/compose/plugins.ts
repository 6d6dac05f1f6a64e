import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from '@crosspoint/aggregator';
import type { Subsystem } from '@crosspoint/core';

/** What a plugin's `createSubsystem(options, context)` receives besides its options. */
export interface PluginContext {
  /** The prefix its tools get (the key in `subsystems`). */
  prefix: string;
  logger: Logger;
  /** Directory of the config file, for resolving relative paths in options. */
  configDir: string;
}

export type CreateSubsystem = (options: Record<string, unknown>, context: PluginContext) => Subsystem | Promise<Subsystem>;

/**
 * Finds the module file of a plugin: a path (relative to the config file) to a package directory
 * or a module file, or a package name resolved from the config file's directory.
 * Throws a readable Error when it cannot be found.
 */
export function resolvePlugin(spec: string, configDir: string): string {
  if (spec.startsWith('.') || isAbsolute(spec)) {
    const path = resolve(configDir, spec);
    if (!existsSync(path)) throw new Error(`no file or directory at ${path}`);
    return statSync(path).isDirectory() ? packageEntry(path) : path;
  }
  try {
    return createRequire(join(configDir, 'crosspoint.json')).resolve(spec);
  } catch {
    throw new Error(`cannot find package "${spec}" from ${configDir}; install it there (npm i ${spec}) or give a path`);
  }
}

function packageEntry(dir: string): string {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return join(dir, 'index.js');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { main?: string; exports?: unknown };
  const root = typeof pkg.exports === 'object' && pkg.exports !== null ? (pkg.exports as Record<string, unknown>)['.'] ?? pkg.exports : pkg.exports;
  const fromExports =
    typeof root === 'string' ? root : typeof root === 'object' && root !== null ? pick(root as Record<string, unknown>, ['import', 'default', 'node']) : undefined;
  const entry = join(dir, fromExports ?? pkg.main ?? 'index.js');
  if (!existsSync(entry)) throw new Error(`package at ${dir} points to ${entry}, which does not exist (is it built?)`);
  return entry;
}

function pick(conditions: Record<string, unknown>, keys: string[]): string | undefined {
  for (const k of keys) {
    const v = conditions[k];
    if (typeof v === 'string') return v;
    if (typeof v === 'object' && v !== null) {
      const inner = pick(v as Record<string, unknown>, keys);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Imports a plugin and returns its `createSubsystem`; a readable Error when it has none. */
export async function importPlugin(spec: string, configDir: string): Promise<CreateSubsystem> {
  const file = resolvePlugin(spec, configDir);
  const mod = (await import(pathToFileURL(file).href)) as { createSubsystem?: unknown; default?: { createSubsystem?: unknown } };
  const create = mod.createSubsystem ?? mod.default?.createSubsystem;
  if (typeof create !== 'function') throw new Error(`${file} does not export createSubsystem(options, context)`);
  return create as CreateSubsystem;
}
