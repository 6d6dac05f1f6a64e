import {
  type CompleteRequestLike,
  type CompleteResultLike,
  CrosspointError,
  type GetPromptResultLike,
  type McpLogLevel,
  type PromptDescriptor,
  type ReadResourceResultLike,
  type RequestOptions,
  type ResourceDescriptor,
  type ResourceTemplateDescriptor,
  type SubsystemState,
  type SurfaceCapabilities,
  type TaskRequestMethod,
  type ToolDescriptor,
  rawToolResult,
} from '@crosspoint/core';
import { FakeSubsystem, type FakeSubsystemOptions } from './fake-subsystem.js';

export interface FakeSurfaceOptions extends FakeSubsystemOptions {
  resources?: ResourceDescriptor[];
  resourceTemplates?: ResourceTemplateDescriptor[];
  prompts?: PromptDescriptor[];
  /** What `surfaceCapabilities()` declares; by default, what the lists above imply plus logging and tasks. */
  capabilities?: SurfaceCapabilities;
  /** Completion values offered for every argument (filtered by the typed prefix). */
  completions?: string[];
  /** MCP `execution` per tool name (e.g. `{ taskSupport: 'optional' }`), added to its descriptor. */
  toolExecution?: Record<string, Record<string, unknown>>;
}

/** One surface request the fake received, with the client channel it came with. */
export interface FakeSurfaceRequest {
  method: string;
  params: unknown;
  options: RequestOptions | undefined;
}

interface FakeTask {
  task: { taskId: string; status: string; ttl: number | null; createdAt: string; lastUpdatedAt: string; statusMessage?: string };
  result?: Record<string, unknown>;
  settled: Promise<void>;
}

/**
 * A `FakeSubsystem` with the whole MCP surface beyond tools, in memory: resources (read returns
 * `"<name> read <uri>"`), templates, prompts, completions, subscriptions, log level, roots changes
 * and a small task store. Every request is recorded in `requests` with its options, so a test can
 * check which client channel reached it. Events are emitted with `setResources`, `setPrompts`,
 * `updated`, `log`, and by tasks changing state.
 */
export class FakeSurfaceSubsystem extends FakeSubsystem {
  private resourceList: ResourceDescriptor[];
  private templateList: ResourceTemplateDescriptor[];
  private promptList: PromptDescriptor[];
  private readonly declared: SurfaceCapabilities | undefined;
  private readonly completionValues: string[];
  private readonly execution: Record<string, Record<string, unknown>>;
  private current: SubsystemState = 'stopped';
  private readonly taskStore = new Map<string, FakeTask>();
  readonly requests: FakeSurfaceRequest[] = [];
  readonly subscriptions = new Set<string>();
  logLevel: McpLogLevel | undefined;
  rootsChangedCount = 0;

  constructor(options: FakeSurfaceOptions = {}) {
    super(options);
    this.resourceList = options.resources ?? [];
    this.templateList = options.resourceTemplates ?? [];
    this.promptList = options.prompts ?? [];
    this.declared = options.capabilities;
    this.completionValues = options.completions ?? [];
    this.execution = options.toolExecution ?? {};
  }

  override tools(): readonly ToolDescriptor[] {
    return super.tools().map((t) => (this.execution[t.name] ? ({ ...t, execution: this.execution[t.name] } as ToolDescriptor) : t));
  }

  override setState(state: SubsystemState): void {
    this.current = state;
    super.setState(state);
  }

  surfaceCapabilities(): SurfaceCapabilities {
    return this.declared ?? { resources: { subscribe: true, listChanged: true }, prompts: { listChanged: true }, completions: {}, logging: {}, tasks: {} };
  }

  resources(): readonly ResourceDescriptor[] {
    return this.resourceList;
  }

  resourceTemplates(): readonly ResourceTemplateDescriptor[] {
    return this.templateList;
  }

  prompts(): readonly PromptDescriptor[] {
    return this.promptList;
  }

  setResources(resources: ResourceDescriptor[]): void {
    this.resourceList = resources;
    this.emit('resourcesChanged');
  }

  setPrompts(prompts: PromptDescriptor[]): void {
    this.promptList = prompts;
    this.emit('promptsChanged');
  }

  /** Announces a change of a subscribed resource, as a server's `notifications/resources/updated`. */
  updated(uri: string): void {
    this.emit('resourceUpdated', uri);
  }

  log(level: McpLogLevel, data: unknown, logger?: string): void {
    this.emit('log', { level, data, ...(logger !== undefined ? { logger } : {}) });
  }

  async readResource(uri: string, options?: RequestOptions): Promise<ReadResourceResultLike> {
    this.record('resources/read', { uri }, options);
    const listed = this.resourceList.some((r) => r.uri === uri);
    const templated = this.templateList.some((t) => uri.startsWith(t.uriTemplate.split('{')[0] ?? '\u0000'));
    if (!listed && !templated) throw new CrosspointError('RESOURCE_NOT_FOUND', `${this.name} has no resource "${uri}"`);
    return { contents: [{ uri, mimeType: 'text/plain', text: `${this.name} read ${uri}` }] };
  }

  async subscribeResource(uri: string, options?: RequestOptions): Promise<void> {
    this.record('resources/subscribe', { uri }, options);
    this.subscriptions.add(uri);
  }

  async unsubscribeResource(uri: string, options?: RequestOptions): Promise<void> {
    this.record('resources/unsubscribe', { uri }, options);
    this.subscriptions.delete(uri);
  }

  async getPrompt(name: string, args: Record<string, string>, options?: RequestOptions): Promise<GetPromptResultLike> {
    this.record('prompts/get', { name, arguments: args }, options);
    if (!this.promptList.some((p) => p.name === name)) throw new CrosspointError('PROMPT_NOT_FOUND', `${this.name} has no prompt "${name}"`);
    return { messages: [{ role: 'user', content: { type: 'text', text: `${this.name}/${name} ${JSON.stringify(args)}` } }] };
  }

  async complete(request: CompleteRequestLike, options?: RequestOptions): Promise<CompleteResultLike> {
    this.record('completion/complete', request, options);
    const values = this.completionValues.filter((v) => v.startsWith(request.argument.value));
    return { completion: { values, total: values.length, hasMore: false } };
  }

  async setLogLevel(level: McpLogLevel): Promise<void> {
    this.record('logging/setLevel', { level }, undefined);
    this.logLevel = level;
  }

  rootsChanged(): void {
    this.rootsChangedCount++;
  }

  /**
   * For a tool handler called with `options.task`: registers a task that settles when `work` does
   * (emitting `taskStatus` on each change) and returns the `CreateTaskResult` to resolve with.
   */
  startTask(work: Promise<Record<string, unknown>>, ttl: number | null = null): unknown {
    const now = new Date().toISOString();
    const taskId = `task-${this.taskStore.size + 1}`;
    const entry: FakeTask = { task: { taskId, status: 'working', ttl, createdAt: now, lastUpdatedAt: now }, settled: Promise.resolve() };
    const finish = (status: string, result: Record<string, unknown>) => {
      entry.task = { ...entry.task, status, lastUpdatedAt: new Date().toISOString() };
      entry.result = result;
      this.emit('taskStatus', { ...entry.task });
    };
    entry.settled = work.then(
      (result) => finish('completed', result),
      (err: unknown) => finish('failed', { content: [{ type: 'text', text: String(err) }], isError: true }),
    );
    this.taskStore.set(taskId, entry);
    return rawToolResult({ task: { ...entry.task } } as never);
  }

  async taskRequest(method: TaskRequestMethod, params: Record<string, unknown>, options?: RequestOptions): Promise<Record<string, unknown>> {
    this.record(method, params, options);
    if (this.current !== 'running') throw new CrosspointError('SUBSYSTEM_UNAVAILABLE', `${this.name} is ${this.current}`);
    if (method === 'tasks/list') return { tasks: [...this.taskStore.values()].map((t) => ({ ...t.task })) };
    const entry = this.taskStore.get(String(params['taskId']));
    if (!entry) throw new CrosspointError('INVALID_ARGUMENTS', `${this.name} has no task "${String(params['taskId'])}"`, { details: { rpcCode: -32602 } });
    if (method === 'tasks/result') {
      await entry.settled;
      return { ...entry.result, _meta: { 'io.modelcontextprotocol/related-task': { taskId: entry.task.taskId } } };
    }
    if (method === 'tasks/cancel' && entry.task.status === 'working') entry.task = { ...entry.task, status: 'cancelled' };
    return { ...entry.task };
  }

  private record(method: string, params: unknown, options: RequestOptions | undefined): void {
    if (this.current !== 'running') throw new CrosspointError('SUBSYSTEM_UNAVAILABLE', `${this.name} is ${this.current}`);
    this.requests.push({ method, params, options });
  }
}
