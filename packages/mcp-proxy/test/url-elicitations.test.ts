import type { ClientChannel } from '@crosspoint/core';
import { UrlElicitations } from '../src/url-elicitations.js';

function channel(label: string, heard: string[]): ClientChannel {
  return {
    label,
    capabilities: { elicitation: { url: {} } },
    open: true,
    request: async () => ({}),
    notify: async (_method, params) => void heard.push(`${label}:${String(params['elicitationId'])}`),
  };
}

describe('UrlElicitations', () => {
  it('tells the client that was asked, once, and only for URL-mode elicitations', () => {
    const heard: string[] = [];
    const track = new UrlElicitations();
    track.asked({ mode: 'url', elicitationId: 'a', url: 'https://x' }, channel('alice', heard));
    track.asked({ mode: 'form', elicitationId: 'b' }, channel('bob', heard));
    track.completed({ elicitationId: 'a' });
    track.completed({ elicitationId: 'a' });
    track.completed({ elicitationId: 'b' });
    expect(heard).toEqual(['alice:a']);
  });

  it('forgets the oldest beyond its bound', () => {
    const heard: string[] = [];
    const track = new UrlElicitations(2);
    for (const id of ['1', '2', '3']) track.asked({ mode: 'url', elicitationId: id }, channel('c', heard));
    for (const id of ['1', '2', '3']) track.completed({ elicitationId: id });
    expect(heard).toEqual(['c:2', 'c:3']);
  });
});
