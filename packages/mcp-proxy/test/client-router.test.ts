import { ClientRouter, missingCapability } from '@crosspoint/mcp-proxy';
import { TestChannel } from './test-channel.js';

const sampler = (label: string) => new TestChannel(label, { sampling: {} });
const params = { messages: [], maxTokens: 1 };

describe('ClientRouter.pick (which client answers a child’s request)', () => {
  it('prefers the most recently started in-flight request whose client can answer', () => {
    const router = new ClientRouter();
    const older = sampler('older');
    const newer = sampler('newer');
    const unable = new TestChannel('unable', { roots: {} });
    router.enter(older);
    const t = router.enter(newer);
    router.enter(unable); // newest, but lacks sampling
    expect(router.pick('sampling/createMessage', params)).toBe(newer);
    router.leave(t);
    expect(router.pick('sampling/createMessage', params)).toBe(older);
  });

  it('does not hand a calling client’s request to an idle one', () => {
    const router = new ClientRouter();
    const idle = sampler('idle');
    router.leave(router.enter(idle));
    router.enter(new TestChannel('caller', { roots: {} }));
    const err = router.pick('sampling/createMessage', params);
    expect(err).toMatchObject({ code: 'NOT_SUPPORTED', message: 'sampling/createMessage: no calling client declared the sampling capability' });
  });

  it('with nothing in flight, asks the most recent open client that can answer', () => {
    const router = new ClientRouter();
    const first = sampler('first');
    const second = sampler('second');
    router.leave(router.enter(first));
    router.leave(router.enter(second));
    router.leave(router.enter(new TestChannel('rootsOnly', { roots: {} })));
    expect(router.pick('sampling/createMessage', params)).toBe(second);
    second.open = false;
    expect(router.pick('sampling/createMessage', params)).toBe(first);
    first.open = false;
    expect(router.pick('sampling/createMessage', params)).toMatchObject({ message: expect.stringContaining('no connected client declared the sampling capability') });
  });

  it('keeps its in-flight list whole whichever request settles first, and ignores a second leave', () => {
    const router = new ClientRouter();
    const [a, b, c] = [sampler('a'), sampler('b'), sampler('c')];
    const [ta, tb, tc] = [router.enter(a), router.enter(b), router.enter(c)];
    router.leave(tc); // the newest
    router.leave(tc);
    expect(router.inFlightCount).toBe(2);
    expect(router.pick('sampling/createMessage', params)).toBe(b);
    router.leave(ta); // the oldest
    expect(router.pick('sampling/createMessage', params)).toBe(b);
    router.leave(tb);
    expect(router.inFlightCount).toBe(0);
    const d = sampler('d');
    router.enter(d);
    expect(router.pick('sampling/createMessage', params)).toBe(d);
    expect(router.inFlightCount).toBe(1);
  });

  it('says so when no client is connected at all', () => {
    const router = new ClientRouter();
    expect(router.pick('roots/list', {})).toMatchObject({ code: 'NOT_SUPPORTED', message: expect.stringContaining('no client is connected') });
    const gone = new TestChannel('gone', { roots: {} });
    router.leave(router.enter(gone));
    gone.open = false;
    expect(router.pick('roots/list', {})).toMatchObject({ message: expect.stringContaining('no client is connected') });
    expect(router.inFlightCount).toBe(0);
  });
});

describe('missingCapability', () => {
  it('checks elicitation per mode and sampling with tools', () => {
    expect(missingCapability('elicitation/create', { message: 'm' }, { elicitation: {} })).toBeUndefined(); // empty = form
    expect(missingCapability('elicitation/create', { mode: 'url' }, { elicitation: {} })).toBe('elicitation.url');
    expect(missingCapability('elicitation/create', { mode: 'url' }, { elicitation: { url: {} } })).toBeUndefined();
    expect(missingCapability('elicitation/create', { mode: 'form' }, { elicitation: { url: {} } })).toBe('elicitation.form');
    expect(missingCapability('elicitation/create', {}, {})).toBe('elicitation');
    expect(missingCapability('sampling/createMessage', { tools: [] }, { sampling: {} })).toBe('sampling.tools');
    expect(missingCapability('sampling/createMessage', { tools: [] }, { sampling: { tools: {} } })).toBeUndefined();
    expect(missingCapability('roots/list', {}, { sampling: {} })).toBe('roots');
  });
});

describe('ClientRouter with per-request views of one session', () => {
  it('remembers one entry per session (label and capabilities object), keeping its newest view', () => {
    const router = new ClientRouter();
    const caps = { sampling: {} };
    const other = new TestChannel('other', { sampling: {} });
    router.leave(router.enter(other));
    for (let i = 0; i < 40; i++) router.leave(router.enter(new TestChannel('busy', caps)));
    const newest = new TestChannel('busy', caps);
    router.leave(router.enter(newest));
    expect(router.pick('sampling/createMessage', params)).toBe(newest);
    newest.open = false; // the busy session closed (the only view still remembered is its newest)
    // The other session was not pushed out by the 41 views of the busy one.
    expect(router.pick('sampling/createMessage', params)).toBe(other);
  });
});
