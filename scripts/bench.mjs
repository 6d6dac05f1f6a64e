// `pnpm bench`: builds, then runs every packages/*/bench/*.bench.mjs in turn (or those matching
// the first argument). Each prints a Markdown section; copy the numbers into BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrap, log, root } from './bootstrap.mjs';

bootstrap();
const filter = process.argv[2];
const files = [];
for (const dir of ['packages', 'examples']) {
  for (const pkg of readdirSync(join(root, dir))) {
    const benchDir = join(root, dir, pkg, 'bench');
    if (!existsSync(benchDir)) continue;
    for (const f of readdirSync(benchDir).sort()) {
      if (f.endsWith('.bench.mjs') && (!filter || `${pkg}/${f}`.includes(filter))) files.push(join(benchDir, f));
    }
  }
}
let failed = 0;
for (const f of files) {
  log(`bench ${f.slice(root.length + 1)}`);
  const r = spawnSync(process.execPath, ['--expose-gc', f], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
