import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ConnectSession, SessionInfo } from './session-types.js';

/**
 * A small stand-in for the aggregator's session factory, for tests and benchmarks of the fronts:
 * a low-level SDK Server per session with tools `echo`, `slow` (progress, honours cancellation),
 * `meter_read`, `relay_set` and `ask_client` (asks the client for its roots), filtered by the
 * session's allowTools.
 */
export interface FixtureSessions {
  connectSession: ConnectSession;
  /** Calls of `slow` currently running, across sessions. */
  inFlight(): number;
  /** How many `slow` calls ended because their abort signal fired. */
  aborted(): number;
  /** Live sessions. */
  sessionCount(): number;
  /** Labels and scopes of every session ever opened, in order. */
  readonly opened: SessionInfo[];
  /** Sends notifications/tools/list_changed on every live session. */
  triggerListChanged(): Promise<void>;
  /** Resolves when `inFlight()` reaches `n` (polls; for tests). */
  waitForInFlight(n: number, timeoutMs?: number): Promise<void>;
}

const TOOLS: Tool[] = [
  { name: 'echo', description: 'Echoes text back', inputSchema: { type: 'object', properties: { text: { type: 'string' } } } },
  {
    name: 'slow',
    description: 'Takes `steps` steps of `delayMs`, reporting progress; stops when cancelled',
    inputSchema: { type: 'object', properties: { steps: { type: 'number' }, delayMs: { type: 'number' } } },
  },
  { name: 'meter_read', description: 'Reads a (pretend) meter', inputSchema: { type: 'object', properties: {} } },
  { name: 'relay_set', description: 'Sets a (pretend) relay', inputSchema: { type: 'object', properties: { on: { type: 'boolean' } } } },
  { name: 'ask_client', description: 'Asks the client for its roots (a server-to-client request)', inputSchema: { type: 'object', properties: {} } },
];

/** picomatch-like for flat names: `*` any run, `?` one character. */
function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

export interface FixtureOptions {
  /** Wait this long before connecting each session (a slow factory: frames must not be lost meanwhile). */
  connectDelayMs?: number;
}

export function createFixtureSessions(options: FixtureOptions = {}): FixtureSessions {
  const servers = new Set<Server>();
  const opened: SessionInfo[] = [];
  let inFlight = 0;
  let aborted = 0;

  const connectSession: ConnectSession = async (transport, info) => {
    opened.push(info);
    const patterns = info.allowTools?.map(globToRegExp);
    const allowed = (name: string): boolean => !patterns || patterns.some((p) => p.test(name));
    const server = new Server({ name: 'fixture', version: '1.0.0' }, { capabilities: { tools: { listChanged: true } } });
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: TOOLS.filter((t) => allowed(t.name)) }));
    server.setRequestHandler(CallToolRequestSchema, async (req, extra) => {
      const { name, arguments: args = {} } = req.params;
      if (!allowed(name) || !TOOLS.some((t) => t.name === name)) {
        return { isError: true, content: [{ type: 'text', text: `${name} failed [TOOL_NOT_FOUND]: no such tool` }] };
      }
      if (name === 'echo') return { content: [{ type: 'text', text: String((args as { text?: unknown }).text ?? '') }] };
      if (name === 'meter_read') return { content: [{ type: 'text', text: '3.30' }] };
      if (name === 'relay_set') return { content: [{ type: 'text', text: 'ok' }] };
      if (name === 'ask_client') {
        const { roots } = await server.listRoots(undefined, { signal: extra.signal });
        return { content: [{ type: 'text', text: roots.map((r) => r.uri).join(',') }] };
      }
      const steps = Number((args as { steps?: unknown }).steps ?? 3);
      const delayMs = Number((args as { delayMs?: unknown }).delayMs ?? 10);
      const token = req.params._meta?.progressToken;
      inFlight++;
      try {
        for (let i = 1; i <= steps; i++) {
          await sleep(delayMs, extra.signal);
          if (token !== undefined) {
            await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: i, total: steps } });
          }
        }
        return { content: [{ type: 'text', text: `done ${steps}` }] };
      } catch (err) {
        if (extra.signal.aborted) aborted++;
        throw err;
      } finally {
        inFlight--;
      }
    });
    let resolveClosed!: () => void;
    const closed = new Promise<void>((r) => (resolveClosed = r));
    server.onclose = () => {
      servers.delete(server);
      resolveClosed();
    };
    servers.add(server);
    if (options.connectDelayMs) await sleep(options.connectDelayMs);
    await server.connect(transport);
    return { close: () => server.close(), closed };
  };

  return {
    connectSession,
    opened,
    inFlight: () => inFlight,
    aborted: () => aborted,
    sessionCount: () => servers.size,
    triggerListChanged: async () => {
      await Promise.allSettled([...servers].map((s) => s.sendToolListChanged()));
    },
    waitForInFlight: async (n, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      while (inFlight !== n) {
        if (Date.now() > deadline) throw new Error(`fixture: in-flight count stayed ${inFlight}, expected ${n}`);
        await sleep(10);
      }
    },
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
