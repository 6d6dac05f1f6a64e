import type { PromptDescriptor, ResourceDescriptor, ResourceTemplateDescriptor } from '@crosspoint/core';

export type CatalogKind = 'resources' | 'resourceTemplates' | 'prompts';
/** What a `list_changed` notification covers: resources and their templates, or prompts. */
export type CatalogGroup = 'resources' | 'prompts';
export const GROUP_KINDS: Record<CatalogGroup, readonly CatalogKind[]> = { resources: ['resources', 'resourceTemplates'], prompts: ['prompts'] };

interface Lister {
  method: string;
  /** The key of the items in the result. */
  key: string;
  /** The server capability that must be declared for this list to exist. */
  capability: 'resources' | 'prompts';
  /** The field that names an item uniquely, checked to be a string. */
  id: 'uri' | 'uriTemplate' | 'name';
}

const LISTERS: Record<CatalogKind, Lister> = {
  resources: { method: 'resources/list', key: 'resources', capability: 'resources', id: 'uri' },
  resourceTemplates: { method: 'resources/templates/list', key: 'resourceTemplates', capability: 'resources', id: 'uriTemplate' },
  prompts: { method: 'prompts/list', key: 'prompts', capability: 'prompts', id: 'name' },
};

export interface SessionCatalogsDeps {
  name: string;
  /** Bound on pages followed per list (a buggy server could cycle cursors forever). */
  maxPages: number;
  capabilities(): Record<string, unknown> | undefined;
  request(method: string, params: Record<string, unknown> | undefined, timeoutMs: number): Promise<Record<string, unknown>>;
  isClosed(): boolean;
  /** A re-listing changed resources or templates (`resources`), or prompts. */
  onChanged(group: CatalogGroup): void;
  onError(err: Error): void;
}

/**
 * A downstream's resources, resource templates and prompts: listed (all pages, bounded) at session
 * open and again, debounced, on its `list_changed` notifications. A list that fails is logged and
 * left empty rather than failing anything; items without their identifying string field, or listed
 * twice, are dropped. Items are otherwise kept as the server sent them.
 */
export class SessionCatalogs {
  resources: ResourceDescriptor[] = [];
  resourceTemplates: ResourceTemplateDescriptor[] = [];
  prompts: PromptDescriptor[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Per kind, the number of the latest listing started: an older one finishing later is dropped. */
  private readonly generation: Record<CatalogKind, number> = { resources: 0, resourceTemplates: 0, prompts: 0 };

  constructor(private readonly deps: SessionCatalogsDeps) {}

  /** Lists every kind the server declares, in parallel; never rejects. */
  async listAll(timeoutMs: number): Promise<void> {
    await Promise.all((Object.keys(LISTERS) as CatalogKind[]).map((kind) => this.refresh(kind, timeoutMs)));
  }

  /** Re-lists a group after a quiet 50 ms (servers announce changes in bursts); reports it once if it changed. */
  scheduleRelist(group: CatalogGroup): void {
    const old = this.timers.get(group);
    if (old) clearTimeout(old);
    const timer = setTimeout(() => {
      this.timers.delete(group);
      if (this.deps.isClosed()) return;
      void Promise.all(GROUP_KINDS[group].map((kind) => this.refresh(kind, 30_000))).then((changed) => {
        if (changed.includes(true) && !this.deps.isClosed()) this.deps.onChanged(group);
      });
    }, 50);
    timer.unref();
    this.timers.set(group, timer);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** Lists one kind; returns whether it differs from before. Failures leave it empty and are reported. */
  private async refresh(kind: CatalogKind, timeoutMs: number): Promise<boolean> {
    const lister = LISTERS[kind];
    const generation = ++this.generation[kind];
    let items: Array<Record<string, unknown>> = [];
    if (this.deps.capabilities()?.[lister.capability]) {
      try {
        items = await this.listPages(lister, timeoutMs);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.deps.onError(new Error(`${this.deps.name}: ${lister.method} failed (${message}); its list stays empty`));
        items = [];
      }
    }
    if (generation !== this.generation[kind]) return false; // a newer listing owns the result
    const before = JSON.stringify(this[kind]);
    (this as Record<CatalogKind, unknown>)[kind] = items;
    return JSON.stringify(items) !== before;
  }

  private async listPages(lister: Lister, timeoutMs: number): Promise<Array<Record<string, unknown>>> {
    const items: Array<Record<string, unknown>> = [];
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      if (++pages > this.deps.maxPages) {
        this.deps.onError(new Error(`${this.deps.name}: ${lister.method} stopped after ${this.deps.maxPages} pages`));
        break;
      }
      const page = await this.deps.request(lister.method, cursor === undefined ? undefined : { cursor }, timeoutMs);
      const list = page[lister.key];
      if (!Array.isArray(list)) throw new Error(`the result has no "${lister.key}" array`);
      for (const item of list as unknown[]) {
        const id = typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[lister.id] : undefined;
        if (typeof id !== 'string' || seen.has(id)) {
          this.deps.onError(new Error(`${this.deps.name}: ${lister.method} item dropped (${typeof id === 'string' ? `"${id}" listed twice` : `no ${lister.id}`})`));
          continue;
        }
        seen.add(id);
        items.push(item as Record<string, unknown>);
      }
      cursor = typeof page['nextCursor'] === 'string' ? page['nextCursor'] : undefined;
    } while (cursor !== undefined);
    return items;
  }
}
