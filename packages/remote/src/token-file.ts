import { readFile, stat } from 'node:fs/promises';
import { CrosspointError } from '@crosspoint/core';

export interface TokenFileContents {
  token: string;
  /** Set when other users may read the file (the token still works; the CLI should show this). */
  warning?: string;
}

/**
 * Reads a token file for `--token-file` (serve and connect alike): the first line, trimmed. A missing,
 * unreadable or empty file is a CONFIG_INVALID error naming the file (never its contents).
 */
export async function readTokenFile(path: string): Promise<TokenFileContents> {
  let text: string;
  let mode: number;
  try {
    [text, mode] = await Promise.all([readFile(path, 'utf8'), stat(path).then((s) => s.mode)]);
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'error';
    throw new CrosspointError('CONFIG_INVALID', `token file ${path} could not be read (${code}); create it with e.g. \`openssl rand -hex 32 > ${path}\``, { cause: err });
  }
  const token = (text.split(/\r?\n/, 1)[0] ?? '').trim();
  if (token.length === 0) throw new CrosspointError('CONFIG_INVALID', `token file ${path} is empty; put the token on its first line`);
  const result: TokenFileContents = { token };
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    result.warning = `token file ${path} is readable by other users; run \`chmod 600 ${path}\``;
  }
  return result;
}
