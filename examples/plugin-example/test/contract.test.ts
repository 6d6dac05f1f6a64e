import { runSubsystemContract } from '@crosspoint/testing';
import { createSubsystem } from '../src/index.js';

runSubsystemContract('example thermometer plugin', async () => ({
  subsystem: createSubsystem({ ambientC: 20 }),
  okCall: { tool: 'read', args: { sensor: 'ambient' } },
  invalidCall: { tool: 'read', args: { sensor: 'oven' } },
  slowCall: { tool: 'sample', args: { count: 20, interval_ms: 100 } },
}));

describe('example thermometer plugin', () => {
  it('applies the calibration offset to readings', async () => {
    const t = createSubsystem({ ambientC: 20 });
    await t.connect();
    await expect(t.invoke('read', { sensor: 'probe' })).resolves.toEqual({ sensor: 'probe', celsius: 24.5 });
    await t.invoke('calibrate', { offset: -0.5 });
    await expect(t.invoke('read', { sensor: 'ambient' })).resolves.toEqual({ sensor: 'ambient', celsius: 19.5 });
    await t.shutdown();
  });
});
