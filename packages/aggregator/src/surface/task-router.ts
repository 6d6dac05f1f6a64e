import { CrosspointError, type RequestOptions, type TaskRequestMethod, errorMessageOf, isRawToolResult, rawToolResult } from '@crosspoint/core';
import type { FederatedSurface, SurfaceHost } from './federated-surface.js';
import { withDeadline } from './deadline.js';
import { rewriteTaskIds, splitNamespacedTaskId } from './namespacing.js';
import type { SessionKey } from './session-registry.js';

/** How long `tasks/result` may wait downstream: a task's whole run (a day), the client can cancel sooner. */
export const TASK_RESULT_WAIT_MS = 24 * 3600_000;

/** Task creators remembered; the oldest are forgotten beyond this (their ids still route). */
const MAX_REMEMBERED_TASKS = 10_000;

/** Pages of a subsystem's own `tasks/list` followed before giving up on the rest. */
const MAX_LIST_PAGES = 20;

/**
 * Routes `tasks/*` by task id (`<prefix>:<id>`, see `namespacing.ts`) and remembers which session
 * created each task, so status notifications go to that session only and `tasks/list` shows a
 * session its own tasks (merged from every subsystem that supports tasks). `tasks/get`, `result`
 * and `cancel` work only for the creating session while it is open; a task whose creator has gone
 * (or was forgotten, past `MAX_REMEMBERED_TASKS`) may be fetched by whoever holds its id, so a client
 * that reconnects can still collect a long task's result.
 */
export class TaskRouter {
  private readonly owners = new Map<string, SessionKey>();

  constructor(
    private readonly surface: FederatedSurface,
    private readonly host: SurfaceHost,
  ) {}

  /** The output of a task-creating call on `prefix`, its task id namespaced (`rawToolResult` kept). */
  namespaceCreated(prefix: string, output: unknown): unknown {
    if (!isRawToolResult(output)) return output;
    return rawToolResult(rewriteTaskIds(output.result, (id) => this.surface.nsTask(prefix, id)));
  }

  /** Records `session` as the creator of the task in `result` (a namespaced `CreateTaskResult`). */
  remember(session: SessionKey, result: Record<string, unknown>): void {
    const id = (result['task'] as { taskId?: unknown } | undefined)?.taskId;
    if (typeof id === 'string') {
      this.owners.set(id, session);
      if (this.owners.size > MAX_REMEMBERED_TASKS) this.owners.delete(this.owners.keys().next().value as string);
    }
  }

  /** The session that created a task (by its namespaced id), if it is still open. */
  ownerOf(taskId: string): SessionKey | undefined {
    return this.owners.get(taskId);
  }

  release(session: SessionKey): void {
    for (const [id, owner] of [...this.owners]) if (owner === session) this.owners.delete(id);
  }

  /**
   * `tasks/get|result|cancel|list` for `session`. A task another open session created is answered
   * as unknown (its id says nothing to this one); `reaches`, a scoped session's, refuses tasks of
   * subsystems outside its scope.
   */
  async request(session: SessionKey, method: TaskRequestMethod, params: Record<string, unknown>, options: RequestOptions = {}, reaches?: (prefix: string) => boolean): Promise<Record<string, unknown>> {
    if (method === 'tasks/list') return { tasks: await this.list(session, options) };
    const taskId = params['taskId'];
    if (typeof taskId !== 'string') throw new CrosspointError('INVALID_ARGUMENTS', `${method} needs a string "taskId"`);
    const creator = this.owners.get(taskId);
    if (creator !== undefined && creator !== session) throw new CrosspointError('INVALID_ARGUMENTS', `unknown task "${taskId}"`);
    const owner = this.resolve(taskId);
    if (reaches && !reaches(owner.prefix)) throw new CrosspointError('FORBIDDEN', `this session may not use the tasks of ${owner.prefix} (its token is scoped to other tools)`);
    const s = this.surface.usable(owner.prefix);
    if (!s.taskRequest) throw new CrosspointError('NOT_SUPPORTED', `${owner.prefix} does not support tasks`);
    const forward = (o: RequestOptions) => s.taskRequest?.(method, { ...params, taskId: owner.taskId }, o) as Promise<Record<string, unknown>>;
    // tasks/result waits for the task to finish: only the client's own timeout (or cancel) bounds it,
    // not a subsystem's default request timeout (a child server's is 60 s).
    const result = method === 'tasks/result' ? await forward({ ...options, timeoutMs: options.timeoutMs ?? TASK_RESULT_WAIT_MS }) : await withDeadline(`${method} ${taskId}`, this.host.requestTimeoutMs, options, forward);
    return rewriteTaskIds(result, (id) => this.surface.nsTask(owner.prefix, id));
  }

  private resolve(taskId: string): { prefix: string; taskId: string } {
    const sole = this.surface.soleOwner();
    if (sole !== undefined) return { prefix: sole, taskId };
    const split = splitNamespacedTaskId(taskId, (p) => this.host.registration(p) !== undefined);
    if (!split) throw new CrosspointError('INVALID_ARGUMENTS', `unknown task "${taskId}": task ids from this gateway look like "<prefix>:<id>"`);
    return split;
  }

  /** This session's tasks, from every subsystem that is up and supports tasks. */
  private async list(session: SessionKey, options: RequestOptions): Promise<Array<Record<string, unknown>>> {
    const regs = [...this.host.registrations()].filter((r) => typeof r.subsystem.taskRequest === 'function' && !r.isDown);
    const lists = await Promise.all(
      regs.map(async (reg) => {
        const out: Array<Record<string, unknown>> = [];
        let cursor: string | undefined;
        try {
          for (let pages = 0; pages < MAX_LIST_PAGES; pages++) {
            const params = cursor ? { cursor } : {};
            const page = await withDeadline(`${reg.prefix}: tasks/list`, this.host.requestTimeoutMs, options, (o) => reg.subsystem.taskRequest?.('tasks/list', params, o) as Promise<Record<string, unknown>>);
            const tasks = Array.isArray(page?.['tasks']) ? (page['tasks'] as Array<Record<string, unknown>>) : [];
            out.push(...tasks.map((t) => rewriteTaskIds(t, (id) => this.surface.nsTask(reg.prefix, id))));
            cursor = typeof page?.['nextCursor'] === 'string' ? page['nextCursor'] : undefined;
            if (!cursor) break;
          }
        } catch (err) {
          this.host.logger.debug(`${reg.prefix}: tasks/list failed: ${errorMessageOf(err)}`);
        }
        return out;
      }),
    );
    return lists.flat().filter((t) => typeof t['taskId'] === 'string' && this.owners.get(t['taskId']) === session);
  }
}
