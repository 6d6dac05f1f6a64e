import { runSubsystemContract } from '@crosspoint/testing';
import { createChildServerSubsystem } from '@crosspoint/mcp-proxy';
import { everythingEntry, fixtureServer } from './helpers.js';

// The same contract every subsystem keeps, against two real child servers.
runSubsystemContract(
  'mcp-proxy over server-everything',
  async () => ({
    subsystem: createChildServerSubsystem(
      'everything',
      { command: process.execPath, args: [everythingEntry(), 'stdio'], ping: { intervalMs: 0 }, stop: { graceMs: 500, termGraceMs: 500 } },
      { baseEnv: process.env, baseDir: __dirname },
    ),
    okCall: { tool: 'get-sum', args: { a: 2, b: 3 } },
    slowCall: { tool: 'trigger-long-running-operation', args: { duration: 5, steps: 5 } },
    naming: 'proxied',
  }),
  { timeoutMs: 30_000 },
);

runSubsystemContract(
  'mcp-proxy over the fixture server',
  async () => ({
    subsystem: fixtureServer('fixture', []),
    okCall: { tool: 'echo', args: { text: 'hi' } },
    slowCall: { tool: 'slow', args: { ms: 3000 } },
    naming: 'proxied',
  }),
  { timeoutMs: 30_000, concurrency: 16 },
);
