import { join } from 'node:path';
import { FIXTURE_SERVER, fixtureEntry } from './fixtures/child-servers/paths';
import { killMarked, marker, processesWith, until } from './fixtures/child-servers/proc';
import { type RawGateway, requireBuilt, spawnGateway, writeConfig } from './helpers/gateway-process';

jest.setTimeout(120_000);

const markers: string[] = [];
const gateways: RawGateway[] = [];
const configs: Array<ReturnType<typeof writeConfig>> = [];

/** A config with a server that has a grandchild, and an `sh -c` wrapped one whose server has one too. */
function benchWith(label: string, extra: string[] = []): { file: string; dir: string; mark: string } {
  const mark = marker(label);
  markers.push(mark);
  const wrapped = `"${process.execPath}" "${FIXTURE_SERVER}" --grandchild --marker ${mark}-sh; echo wrapper done >&2`;
  const cfg = writeConfig({
    mcpServers: {
      direct: fixtureEntry(['--grandchild', '--marker', mark, ...extra]),
      wrapped: { command: 'sh', args: ['-c', wrapped], ping: { intervalMs: 0 }, stop: { graceMs: 300, termGraceMs: 1000 } },
    },
  });
  configs.push(cfg);
  return { ...cfg, mark };
}

async function start(file: string, stateDir: string): Promise<RawGateway> {
  const g = await spawnGateway(file, { CROSSPOINT_STATE_DIR: stateDir });
  gateways.push(g);
  await g.client.listTools(); // waits until every eager server has settled
  return g;
}

/** Both servers and both grandchildren (plus the wrapping sh, whose command line holds the marker too). */
async function runningTree(mark: string): Promise<number[]> {
  await until(() => processesWith(mark).length >= 5, `the process tree of ${mark}`);
  return processesWith(mark);
}

beforeAll(() => requireBuilt());
afterAll(async () => {
  for (const g of gateways) if (g.child.exitCode === null && g.child.signalCode === null) g.child.kill('SIGKILL');
  for (const m of markers) killMarked(m);
  for (const c of configs) c.remove();
});

describe('no child process outlives the gateway', () => {
  it('stdin EOF: every process of every child group is gone, grandchildren included', async () => {
    const bench = benchWith('eof');
    const g = await start(bench.file, join(bench.dir, 'state'));
    await runningTree(bench.mark);
    g.child.stdin?.end();
    expect((await g.exited).code).toBe(0);
    expect(processesWith(bench.mark)).toEqual([]);
  });

  it('SIGTERM: the same, even with a server that ignores SIGTERM', async () => {
    const bench = benchWith('term', ['--ignore-sigterm']);
    const g = await start(bench.file, join(bench.dir, 'state'));
    await runningTree(bench.mark);
    g.child.kill('SIGTERM');
    expect((await g.exited).code).toBe(0);
    expect(processesWith(bench.mark)).toEqual([]);
  });

  it('SIGKILL: the next gateway with the same state dir reaps the orphans; a live gateway\'s children are left alone', async () => {
    const killed = benchWith('killed', ['--ignore-sigterm']);
    const stateDir = join(killed.dir, 'state');
    const g1 = await start(killed.file, stateDir);
    await runningTree(killed.mark);
    const live = benchWith('live');
    const g2 = await start(live.file, stateDir);
    const liveTree = await runningTree(live.mark);

    g1.child.kill('SIGKILL');
    await g1.exited;
    // Orphans: the SIGTERM-ignoring server and the grandchildren survive their gateway.
    await new Promise((r) => setTimeout(r, 300));
    expect(processesWith(killed.mark).length).toBeGreaterThanOrEqual(2);

    const next = benchWith('next');
    const g3 = await start(next.file, stateDir);
    await runningTree(next.mark);
    expect(processesWith(killed.mark)).toEqual([]);
    expect(g3.stderr()).toMatch(/stopped orphaned child server "direct"/);
    // g2 is alive: its whole tree is untouched.
    expect(processesWith(live.mark).sort()).toEqual([...liveTree].sort());
    expect((await g2.client.callTool({ name: 'direct_add', arguments: { a: 1, b: 2 } })).content).toEqual([{ type: 'text', text: '3' }]);

    for (const g of [g2, g3]) g.child.stdin?.end();
    await Promise.all([g2.exited, g3.exited]);
    expect(processesWith(live.mark)).toEqual([]);
    expect(processesWith(next.mark)).toEqual([]);
  });
});
