// The process entry: the only place that reads argv/env, installs signal handlers and exits.
import { fileURLToPath } from 'node:url';
import { nodeArgsOf, tuneGarbageCollection } from './gc-tuning.js';
import { runCli } from './main.js';

// How V8 collects the young generation, unless node was told otherwise (see gc-tuning.ts).
tuneGarbageCollection(nodeArgsOf(process.execArgv, process.env.NODE_OPTIONS));

const controller = new AbortController();
let signals = 0;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    signals++;
    if (signals > 1) process.exit(130); // a second signal: the user really wants out
    controller.abort();
  });
}
// A plugin's stray promise must not take the whole bench down: log it and keep serving.
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`[crosspoint] error: unhandled rejection (a subsystem bug?): ${reason instanceof Error ? reason.message : String(reason)}\n`);
});
// A client that vanishes makes stdout writes fail with EPIPE; treat it like stdin closing.
process.stdout.on('error', () => controller.abort());

const binPath = fileURLToPath(new URL('../bin/crosspoint.js', import.meta.url));
runCli(
  { argv: process.argv.slice(2), env: process.env, cwd: process.cwd(), stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, signal: controller.signal },
  { binPath },
).then(
  (code) => {
    // Flush stdout, then exit even if a misbehaving plugin left handles open.
    setTimeout(() => process.exit(code), 2000).unref();
    process.stdout.write('', () => process.exit(code));
  },
  (err: unknown) => {
    process.stderr.write(`crosspoint: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
