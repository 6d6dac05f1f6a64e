import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCrosspointError } from '@crosspoint/core';
import { readTokenFile } from '@crosspoint/remote';

describe('readTokenFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crosspoint-token-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads the first line, trimmed, and is quiet about a private file', async () => {
    const f = join(dir, 'private');
    await writeFile(f, '  s3cret-token-value \nsecond line\n');
    await chmod(f, 0o600);
    expect(await readTokenFile(f)).toEqual({ token: 's3cret-token-value' });
  });

  it('warns when other users can read the file', async () => {
    const f = join(dir, 'shared');
    await writeFile(f, 'tok\n');
    await chmod(f, 0o644);
    const r = await readTokenFile(f);
    expect(r.token).toBe('tok');
    expect(r.warning).toMatch(/chmod 600/);
  });

  it('refuses a missing or empty file with CONFIG_INVALID, never echoing contents', async () => {
    const empty = join(dir, 'empty');
    await writeFile(empty, '\n');
    for (const f of [join(dir, 'missing'), empty]) {
      const err = await readTokenFile(f).then(() => undefined, (e: unknown) => e);
      expect(isCrosspointError(err, 'CONFIG_INVALID')).toBe(true);
      expect(String(err)).toContain(f);
    }
  });
});
