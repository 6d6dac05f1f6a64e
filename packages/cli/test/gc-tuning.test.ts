import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gcFlagsFor, nodeArgsOf } from '../src/gc-tuning.js';

const MAIN_THREAD = '--no-parallel-scavenge';
const ONE_STEP_GROWTH = '--semi-space-growth-factor=16';

describe('gcFlagsFor', () => {
  it('sets both flags by default, whatever else node was given', () => {
    expect(gcFlagsFor([])).toEqual([MAIN_THREAD, ONE_STEP_GROWTH]);
    expect(gcFlagsFor(['--enable-source-maps', '--max-old-space-size=512', '--parallel-marking'])).toEqual([MAIN_THREAD, ONE_STEP_GROWTH]);
  });

  it.each([['--parallel-scavenge'], ['--no-parallel-scavenge'], ['--no_parallel_scavenge'], ['--single-threaded-gc'], ['--single-threaded'], ['--parallel-scavenge=true']])(
    'leaves the scavenge threads to a user who started node with %s',
    (flag) => {
      expect(gcFlagsFor(['--enable-source-maps', flag])).toEqual([ONE_STEP_GROWTH]);
    },
  );

  it.each([['--semi-space-growth-factor=4'], ['--min-semi-space-size=16'], ['--max_semi_space_size=64'], ['--max-heap-size=2048']])(
    "leaves the young generation's size to a user who started node with %s",
    (flag) => {
      expect(gcFlagsFor([flag])).toEqual([MAIN_THREAD]);
    },
  );

  it('sees the choices made in NODE_OPTIONS too', () => {
    const args = nodeArgsOf(['--enable-source-maps'], '  --max-semi-space-size=32   --single-threaded-gc ');
    expect(args).toEqual(['--enable-source-maps', '--max-semi-space-size=32', '--single-threaded-gc']);
    expect(gcFlagsFor(args)).toEqual([]);
    expect(nodeArgsOf([], undefined)).toEqual([]);
  });
});

/** Runs `body` in a fresh node process after `tuneGarbageCollection([])` (when tuned); returns its stdout. */
function runTuned(tuned: boolean, body: string, nodeArgs: string[] = []): string {
  const tuning = join(__dirname, '..', 'dist', 'gc-tuning.js');
  if (!existsSync(tuning)) throw new Error(`${tuning} is missing: build first (npm test does)`);
  const script = `
    const { tuneGarbageCollection } = await import(${JSON.stringify(tuning)});
    if (${tuned}) tuneGarbageCollection([]);
    ${body}`;
  const run = spawnSync(process.execPath, [...nodeArgs, '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
}

/** Under `--trace-gc-nvp`, the time helper threads spent on each scavenge of a process filling its young generation. */
function helperScavengeMs(tuned: boolean): number[] {
  const body = `
    let keep;
    for (let r = 0; r < 40; r++) { const a = []; for (let i = 0; i < 100000; i++) a.push({ i }); keep = a; }
    if (keep.length !== 100000) process.exit(1);`;
  const scavenges = runTuned(tuned, body, ['--trace-gc-nvp']).split('\n').filter((line) => /\bgc=s\b/.test(line));
  return scavenges.map((line) => Number(/\bbackground\.scavenge\.parallel=([\d.]+)/.exec(line)?.[1] ?? NaN));
}

/** Every size the young generation takes, in order, while a process keeps a window of survivors. */
function youngGenerationSizes(tuned: boolean): number[] {
  const body = `
    const { getHeapSpaceStatistics } = await import('node:v8');
    const size = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
    const sizes = [size()];
    const keep = [];
    for (let r = 0; r < 400; r++) {
      const a = [];
      for (let i = 0; i < 10000; i++) a.push({ i });
      keep.push(a);
      if (keep.length > 20) keep.shift();
      if (size() !== sizes.at(-1)) sizes.push(size());
    }
    console.log(JSON.stringify(sizes));`;
  return JSON.parse(runTuned(tuned, body)) as number[];
}

describe('tuneGarbageCollection', () => {
  it('keeps helper threads out of scavenges in a running process', () => {
    const tuned = helperScavengeMs(true);
    expect(tuned.length).toBeGreaterThan(5);
    expect(tuned.every((ms) => ms === 0)).toBe(true);
    // The control: the same process untuned does use them, so the check above can see a difference.
    expect(helperScavengeMs(false).some((ms) => ms > 0)).toBe(true);
  });

  it('grows the young generation to its maximum in fewer steps than by doubling', () => {
    const tuned = youngGenerationSizes(true);
    const untuned = youngGenerationSizes(false);
    // Both reach the same maximum; untuned V8 doubles its way there (1, 2, 4, 8, 16, 32 MB here).
    expect(tuned.at(-1)).toBe(untuned.at(-1));
    expect(untuned.length).toBeGreaterThan(3);
    expect(tuned.length).toBeLessThan(untuned.length);
    expect(tuned.at(-1)! / tuned.at(-2)!).toBeGreaterThanOrEqual(16);
  });
});
