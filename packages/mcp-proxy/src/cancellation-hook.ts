import type { InvokeOptions } from '@crosspoint/core';

/**
 * An optional, cheaper companion of `InvokeOptions.signal` that a caller may add to the options
 * (the gateway's timeout guard does). When present, the forwarding path watches it instead of the
 * signal, so a call needs neither an `AbortSignal` nor a listener on one: both showed in profiles.
 * It must abort whenever the signal would; `signal` stays valid for anything else.
 */
export interface CancellationHook {
  readonly aborted: boolean;
  readonly reason?: unknown;
  /** Sets (or with `undefined`, clears) the one listener; it runs once, on abort. */
  onAbort(listener: ((reason: unknown) => void) | undefined): void;
}

export type HookedInvokeOptions = InvokeOptions & { cancellation?: CancellationHook };

/** The hook of these options, if the caller gave one that looks right. */
export function cancellationHookOf(options: InvokeOptions): CancellationHook | undefined {
  const hook = (options as HookedInvokeOptions).cancellation;
  return hook !== undefined && typeof hook.onAbort === 'function' ? hook : undefined;
}
