import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchPortPresence } from '../src/port-presence.js';
import { waitUntil } from './targets.js';

describe('watchPortPresence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jl-presence-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports once when the device path disappears, and never while it exists', async () => {
    const path = join(dir, 'ttyACM0');
    writeFileSync(path, '');
    let gone = 0;
    const stop = watchPortPresence(path, () => gone++, 20);
    await new Promise((r) => setTimeout(r, 120));
    expect(gone).toBe(0);
    rmSync(path);
    await waitUntil(() => gone === 1, 5_000, 'the vanished path to be reported');
    await new Promise((r) => setTimeout(r, 120));
    expect(gone).toBe(1);
    stop();
  });

  it('stays quiet once stopped', async () => {
    const path = join(dir, 'ttyACM1');
    writeFileSync(path, '');
    let gone = 0;
    const stop = watchPortPresence(path, () => gone++, 20);
    stop();
    rmSync(path);
    await new Promise((r) => setTimeout(r, 150));
    expect(gone).toBe(0);
  });
});
