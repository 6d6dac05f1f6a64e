/**
 * How the gateway keeps two subsystems' resource URIs and task ids apart (pure functions).
 *
 * **Resource URIs and templates**: `<prefix with "_" written "-">+<original>`, a URI scheme prefix:
 * `everything+demo://resource/static/1`, `files+file:///tmp/a.txt`, `git-tools+git+ssh://host/repo`.
 * The result is still a valid URI (a scheme is `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )` and
 * our prefixes are `^[a-z][a-z0-9_]*$`), and a template stays a valid RFC 6570 template (only
 * literal characters are added in front). Prefixes never contain `+` or `-`, so the first `+`
 * ends the prefix; the candidate is then looked up among the registered prefixes, never trusted.
 *
 * **Task ids**: `<prefix>:<id as the subsystem issued it>` (`everything:7f3c…`).
 *
 * In passthrough mode (one subsystem, no prefixes) none of this applies: everything keeps the
 * downstream's own form.
 */

/** `everything` + `demo://x` → `everything+demo://x`; `my_srv` → `my-srv+…`. */
export function namespaceUri(prefix: string, uri: string): string {
  return `${prefix.replaceAll('_', '-')}+${uri}`;
}

/**
 * The prefix and original URI of a namespaced URI (or template), if it has the form and its
 * prefix is one of `known`; `undefined` for anything else (an un-namespaced URI).
 */
export function splitNamespacedUri(uri: string, known: (prefix: string) => boolean): { prefix: string; uri: string } | undefined {
  const plus = uri.indexOf('+');
  if (plus <= 0 || plus === uri.length - 1) return undefined;
  const head = uri.slice(0, plus);
  if (!/^[a-z][a-z0-9-]*$/.test(head)) return undefined;
  const prefix = head.replaceAll('-', '_');
  return known(prefix) ? { prefix, uri: uri.slice(plus + 1) } : undefined;
}

/** `everything` + `42` → `everything:42`. */
export function namespaceTaskId(prefix: string, taskId: string): string {
  return `${prefix}:${taskId}`;
}

export function splitNamespacedTaskId(taskId: string, known: (prefix: string) => boolean): { prefix: string; taskId: string } | undefined {
  const colon = taskId.indexOf(':');
  if (colon <= 0) return undefined;
  const prefix = taskId.slice(0, colon);
  return known(prefix) ? { prefix, taskId: taskId.slice(colon + 1) } : undefined;
}

/** The MCP metadata key that names the task a message belongs to. */
export const RELATED_TASK_META = 'io.modelcontextprotocol/related-task';

/**
 * A copy of `value` with its `taskId` (and its `_meta` related-task id) rewritten by `rewrite`;
 * used on task results, status notifications and task-creating call results.
 */
export function rewriteTaskIds<T>(value: T, rewrite: (id: string) => string): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (typeof out['taskId'] === 'string') out['taskId'] = rewrite(out['taskId']);
  const task = out['task'];
  if (typeof task === 'object' && task !== null && typeof (task as { taskId?: unknown }).taskId === 'string') {
    out['task'] = { ...(task as Record<string, unknown>), taskId: rewrite((task as { taskId: string }).taskId) };
  }
  const meta = out['_meta'];
  if (typeof meta === 'object' && meta !== null) {
    const related = (meta as Record<string, unknown>)[RELATED_TASK_META];
    if (typeof related === 'object' && related !== null && typeof (related as { taskId?: unknown }).taskId === 'string') {
      out['_meta'] = { ...(meta as Record<string, unknown>), [RELATED_TASK_META]: { ...related, taskId: rewrite((related as { taskId: string }).taskId) } };
    }
  }
  return out as T;
}
