import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gcFlagsFor } from '../src/gc-tuning.js';

describe('gcFlagsFor', () => {
  it('asks for scavenges on the main thread by default, whatever else node was given', () => {
    expect(gcFlagsFor([])).toEqual(['--no-parallel-scavenge']);
    expect(gcFlagsFor(['--enable-source-maps', '--max-old-space-size=512', '--parallel-marking'])).toEqual(['--no-parallel-scavenge']);
  });

  it.each([['--parallel-scavenge'], ['--no-parallel-scavenge'], ['--no_parallel_scavenge'], ['--single-threaded-gc'], ['--single-threaded'], ['--parallel-scavenge=true']])(
    'leaves the choice to a user who started node with %s',
    (flag) => {
      expect(gcFlagsFor(['--enable-source-maps', flag])).toEqual([]);
    },
  );
});

/**
 * A real process that fills its young generation with survivors, under `--trace-gc-nvp`: each
 * scavenge reports the time helper threads spent on it.
 */
function helperScavengeMs(tuned: boolean): number[] {
  const tuning = join(__dirname, '..', 'dist', 'gc-tuning.js');
  if (!existsSync(tuning)) throw new Error(`${tuning} is missing: build first (npm test does)`);
  const script = `
    const { tuneGarbageCollection } = await import(${JSON.stringify(tuning)});
    if (${tuned}) tuneGarbageCollection([]);
    let keep;
    for (let r = 0; r < 40; r++) { const a = []; for (let i = 0; i < 100000; i++) a.push({ i }); keep = a; }
    if (keep.length !== 100000) process.exit(1);`;
  const run = spawnSync(process.execPath, ['--trace-gc-nvp', '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  const scavenges = run.stdout.split('\n').filter((line) => /\bgc=s\b/.test(line));
  return scavenges.map((line) => Number(/\bbackground\.scavenge\.parallel=([\d.]+)/.exec(line)?.[1] ?? NaN));
}

describe('tuneGarbageCollection', () => {
  it('keeps helper threads out of scavenges in a running process', () => {
    const tuned = helperScavengeMs(true);
    expect(tuned.length).toBeGreaterThan(5);
    expect(tuned.every((ms) => ms === 0)).toBe(true);
    // The control: the same process untuned does use them, so the check above can see a difference.
    expect(helperScavengeMs(false).some((ms) => ms > 0)).toBe(true);
  });
});
