import type { CancellationHook, InvokeOptions } from '@crosspoint/core';

export type { CancellationHook };

/**
 * The caller's cheap cancellation hook (core `InvokeOptions.cancellation`), if it gave one that
 * looks right. When present, the forwarding path watches it instead of the signal, so a call needs
 * neither an `AbortSignal` nor a listener on one: both showed in profiles.
 */
export function cancellationHookOf(options: InvokeOptions): CancellationHook | undefined {
  const hook = options.cancellation;
  return hook !== undefined && typeof hook.onAbort === 'function' ? hook : undefined;
}
