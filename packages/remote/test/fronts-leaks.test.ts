import { FRONTS, connectClient, startRig, waitFor } from './helpers.js';

/** Sockets, servers and timers alive in this process (jest's own included: compare before/after). */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) {
    if (r === 'TCPSocketWrap' || r === 'TCPServerWrap' || r === 'Timeout') counts[r] = (counts[r] ?? 0) + 1;
  }
  return counts;
}

describe('leaks', () => {
  it('many sessions opened and closed, then close(): sockets, listeners and ref\'d timers return to where they were', async () => {
    const before = resources();
    const rig = await startRig();
    for (let round = 0; round < 5; round++) {
      const clients = await Promise.all(FRONTS.flatMap((f) => [connectClient(rig, f), connectClient(rig, f)]));
      await Promise.all(clients.map((c) => c.client.callTool({ name: 'echo', arguments: { text: 'x' } })));
      await Promise.all(clients.map((c) => c.close()));
      await waitFor(() => rig.fronts.sessionCount() === 0 && rig.fixture.sessionCount() === 0, 'sessions to end');
    }
    await rig.fronts.close();
    // Sockets close asynchronously; keep-alive HTTP sockets of fetch may linger until undici drops them.
    await waitFor(() => {
      const now = resources();
      return (now.TCPServerWrap ?? 0) <= (before.TCPServerWrap ?? 0) && (now.Timeout ?? 0) <= (before.Timeout ?? 0);
    }, 'listeners and timers released');
    await waitFor(() => (resources().TCPSocketWrap ?? 0) <= (before.TCPSocketWrap ?? 0), 'sockets released', 15_000);
  });
});
