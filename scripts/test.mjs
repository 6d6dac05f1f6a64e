// The one test command (`npm test`): set up, type-check, then run every test with jest.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, log, root, run } from './bootstrap.mjs';

const started = Date.now();
const pnpm = bootstrap({ systemPackages: true });
log('type-checking (tsc --noEmit)');
run(pnpm, ['exec', 'tsc', '-p', 'tsconfig.json']);
const report = join(mkdtempSync(join(tmpdir(), 'crosspoint-jest-')), 'report.json');
log('running jest');
const r = spawnSync(pnpm[0], [...pnpm.slice(1), 'exec', 'jest', '--ci', '--json', `--outputFile=${report}`, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
let summary = '';
try {
  const j = JSON.parse(readFileSync(report, 'utf8'));
  summary = `${j.numPassedTests} passed, ${j.numFailedTests} failed, ${j.numPendingTests + j.numTodoTests} skipped`;
} catch {
  summary = 'no jest report (jest crashed before writing it)';
}
log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`tests: ${summary}`);
process.exit(r.status ?? 1);
