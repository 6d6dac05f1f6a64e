import type { Subsystem } from '@crosspoint/core';
import { FakeSurfaceSubsystem, type FakeSurfaceOptions } from '@crosspoint/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Notification } from '@modelcontextprotocol/sdk/types.js';
import { type ConnectSession, FederationAggregator, type FederationAggregatorOptions, type SessionFactoryOptions, type SessionInfo, createSessionFactory } from '../src/index.js';

const cleanups: Array<() => Promise<unknown>> = [];
export async function cleanUp(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
}

/** Two surface subsystems that both list `demo://same`, each with its own prompt `greet`. */
export function twoSurfaces(extra: { alpha?: FakeSurfaceOptions; beta?: FakeSurfaceOptions } = {}): { alpha: FakeSurfaceSubsystem; beta: FakeSurfaceSubsystem } {
  const alpha = new FakeSurfaceSubsystem({
    name: 'alpha',
    resources: [
      { uri: 'demo://same', name: 'same (alpha)' },
      { uri: 'demo://only-alpha', name: 'only alpha' },
    ],
    resourceTemplates: [{ uriTemplate: 'demo://items/{id}', name: 'items' }],
    prompts: [{ name: 'greet', arguments: [{ name: 'who' }] }],
    completions: ['ada', 'alan', 'grace'],
    ...extra.alpha,
  });
  const beta = new FakeSurfaceSubsystem({
    name: 'beta',
    resources: [{ uri: 'demo://same', name: 'same (beta)' }],
    prompts: [{ name: 'greet' }],
    completions: ['bob'],
    ...extra.beta,
  });
  return { alpha, beta };
}

export async function gateway(subsystems: Subsystem[], options: FederationAggregatorOptions = {}, sessionOptions: SessionFactoryOptions = {}) {
  const aggregator = new FederationAggregator({ listChangedDebounceMs: 20, version: '1.0.0', ...options });
  for (const s of subsystems) aggregator.register(s);
  await aggregator.start();
  cleanups.push(() => aggregator.shutdown());
  return { aggregator, connect: createSessionFactory(aggregator, sessionOptions) };
}

/** A real SDK client on an in-memory pair; `notes` collects every notification it receives. */
export async function connectClient(connect: ConnectSession, capabilities: Record<string, unknown> = {}, label = 'test', info: SessionInfo = {}) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const session = await connect(serverSide, { label, ...info });
  const client = new Client({ name: label, version: '0' }, { capabilities });
  const notes: Notification[] = [];
  client.fallbackNotificationHandler = async (n) => void notes.push(n);
  await client.connect(clientSide);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await client.close();
    await session.close();
  };
  cleanups.push(close);
  return { client, session, notes, close };
}

export function textOf(result: { contents?: unknown[]; messages?: unknown[] }): string {
  const first = (result.contents?.[0] ?? (result.messages?.[0] as { content?: unknown })?.content) as { text?: string } | undefined;
  return first?.text ?? '';
}
