// A plugin for the remote end-to-end tests: `hold` runs until its call is cancelled (or 60 s pass),
// `counts` tells how many holds are running and how many ended by cancellation, so a test can see
// that a client killed mid-call left no work behind in the gateway.
import { FixtureSubsystem, object, toolError } from '../fixtures/fixture-subsystem.mjs';

export function createSubsystem() {
  let active = 0;
  let cancelled = 0;
  const tools = [
    {
      descriptor: { name: 'hold', description: 'Runs until cancelled (at most 60 s).', inputSchema: object() },
      run: (_args, options) =>
        new Promise((resolve, reject) => {
          active++;
          const timer = setTimeout(() => {
            active--;
            resolve({ held: 'timeout' });
          }, 60_000);
          const onAbort = () => {
            clearTimeout(timer);
            active--;
            cancelled++;
            reject(toolError('CANCELLED', 'hold was cancelled'));
          };
          if (options.signal?.aborted) onAbort();
          else options.signal?.addEventListener('abort', onAbort, { once: true });
        }),
    },
    {
      descriptor: { name: 'counts', description: 'How many holds run, and how many were cancelled.', inputSchema: object() },
      run: () => ({ active, cancelled }),
    },
  ];
  return new FixtureSubsystem('hold', tools);
}
