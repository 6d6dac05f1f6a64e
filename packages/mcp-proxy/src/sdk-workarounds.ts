import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CancelledNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

/**
 * SDK 1.32 ignores `notifications/cancelled` whose `requestId` is 0 (it tests the id for truth),
 * and 0 is the id of the first request a child on the SDK sends us (often its `roots/list` or a
 * sampling request). This handler aborts the handler of any id. It reads the SDK's private map of
 * handler controllers; if a later SDK renames it, cancellations of id 0 are lost as before, nothing worse.
 */
export function cancelAnyRequestId(client: Client): void {
  const controllers = (client as unknown as { _requestHandlerAbortControllers?: Map<unknown, AbortController> })._requestHandlerAbortControllers;
  if (!(controllers instanceof Map)) return;
  client.setNotificationHandler(CancelledNotificationSchema, (n) => {
    const id = n.params.requestId;
    if (id !== undefined) controllers.get(id)?.abort(n.params.reason);
  });
}
