import { isCrosspointError } from '@crosspoint/core';
import { type BoardTarget, boardTargets, useConnectedBoard } from './targets.js';

describe.each(boardTargets())('jumperless resources on the %s', (_label, make) => {
  const board = useConnectedBoard(make);
  let t: BoardTarget;
  beforeEach(() => {
    t = board();
  });

  it('lists the nets and state resources and reads the nets as the board has them', async () => {
    const s = t.subsystem;
    expect(s.resources?.().map((r) => r.uri)).toEqual(['jumperless://board/nets', 'jumperless://board/state']);
    expect(s.surfaceCapabilities?.()).toEqual({ resources: { subscribe: true, listChanged: false } });
    await s.invoke('connect', { node1: 12, node2: 'gpio_2' });
    const read = await s.readResource('jumperless://board/nets');
    expect(read.contents).toHaveLength(1);
    expect(read.contents[0]).toMatchObject({ uri: 'jumperless://board/nets', mimeType: 'application/json' });
    const nets = JSON.parse(read.contents[0]?.text ?? '') as { nets: Array<{ nodes: string[] }> };
    expect(nets.nets.some((n) => n.nodes.includes('12') && n.nodes.includes('GPIO_2'))).toBe(true);
    const state = JSON.parse((await s.readResource('jumperless://board/state')).contents[0]?.text ?? '') as { state: unknown };
    expect(state.state).toBeDefined();
  }, 30_000);

  it('tells subscribers after a call that changed what they read, and only them', async () => {
    const s = t.subsystem;
    const updates: string[] = [];
    s.on('resourceUpdated', (uri) => updates.push(uri));
    await s.invoke('connect', { node1: 3, node2: 4 });
    expect(updates).toEqual([]); // nobody subscribed yet
    await s.subscribeResource('jumperless://board/nets');
    await s.invoke('is_connected', { node1: 3, node2: 4 }); // a read changes nothing
    await s.invoke('dac_set', { channel: 0, voltage: 1 }); // power: not the nets
    expect(updates).toEqual([]);
    await s.invoke('disconnect', { node1: 3, node2: 4 });
    expect(updates).toEqual(['jumperless://board/nets']);
    await s.unsubscribeResource('jumperless://board/nets');
    await s.invoke('connect', { node1: 3, node2: 4 });
    expect(updates).toEqual(['jumperless://board/nets']);
  }, 30_000);

  it('answers RESOURCE_NOT_FOUND for a URI it does not serve', async () => {
    const err = await t.subsystem.readResource('jumperless://board/nope').catch((e: unknown) => e);
    expect(isCrosspointError(err, 'RESOURCE_NOT_FOUND')).toBe(true);
    const sub = await t.subsystem.subscribeResource('jumperless://nothing').catch((e: unknown) => e);
    expect(isCrosspointError(sub, 'RESOURCE_NOT_FOUND')).toBe(true);
  }, 30_000);
});
