// The one set-up-and-run command (`npm run demo`): installs everything, builds, and serves the
// embedded demo bench over stdio (no hardware needed). Extra arguments go to `crosspoint serve`.
import { spawnSync } from 'node:child_process';
import { bootstrap, builtCli, log } from './bootstrap.mjs';

bootstrap();
const bin = builtCli();
if (!bin) {
  log('the gateway CLI is not built yet (packages/cli): nothing to serve.');
  process.exit(1);
}
const r = spawnSync(process.execPath, [bin, 'serve', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 0);
