import { PassThrough } from 'node:stream';
import { runStdioBridge } from '../src/index.js';

describe('runStdioBridge with a URL that cannot work', () => {
  it('gives up at once (done rejects with CONFIG_INVALID) instead of hanging in "connecting"', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    stdout.resume();
    const bridge = runStdioBridge('bench:7420', { stdin, stdout });
    await expect(bridge.done).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('unsupported scheme bench:') });
    expect(bridge.state()).toBe('refused');
    stdin.end();
    await bridge.close();
  });
});
