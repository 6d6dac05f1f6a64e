import { runSubsystemContract } from '@crosspoint/testing';
import { JumperlessSubsystem } from '../src/index.js';
import { HARDWARE_PORT, ptyBench, socatOrSkip } from './targets.js';

const calls = {
  okCall: { tool: 'is_connected', args: { node1: 1, node2: 2 } },
  invalidCall: { tool: 'dac_set', args: { channel: 9, voltage: 2 } },
  slowCall: { tool: 'sleep_ms', args: { ms: 3000 } },
};

if (socatOrSkip()) {
  runSubsystemContract(
    'jumperless on the emulator over a socat pty',
    async () => {
      const bench = await ptyBench();
      return { subsystem: bench.subsystem, ...calls, cleanup: bench.cleanup };
    },
    { timeoutMs: 30_000 },
  );
} else {
  it.skip('contract over a pty (socat missing)', () => undefined);
}

const hardwarePort = HARDWARE_PORT;
if (hardwarePort) {
  runSubsystemContract('jumperless on real hardware', async () => ({ subsystem: new JumperlessSubsystem({ port: hardwarePort }), ...calls }), { timeoutMs: 30_000 });
} else {
  it.skip('contract on real hardware: set JUMPERLESS_PORT to run it', () => undefined);
}
