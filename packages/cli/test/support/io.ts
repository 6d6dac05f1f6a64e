import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/index.js';

/** A `CliIo` over in-memory streams, with what the command wrote to stdout and stderr. */
export function memoryIo(argv: string[], options: { env?: Record<string, string>; cwd: string }) {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const io: CliIo = { argv, env: options.env ?? {}, cwd: options.cwd, stdin: new PassThrough(), stdout, stderr, signal: new AbortController().signal };
  return { io, out: () => out, err: () => err };
}
