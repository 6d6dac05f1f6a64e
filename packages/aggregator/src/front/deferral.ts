/** How a gateway decides whether a session sees the whole catalog or only the discovery tools. */
export type DeferredSetting = boolean | { autoAboveTokens: number };

export const DEFERRED_CLIENT_CAPABILITY = 'x-deferred-tools';

export interface DeferralInputs {
  /** Per-session override (e.g. a front's own setting); wins when set. */
  session?: boolean;
  /** Gateway setting: true forces it, `{ autoAboveTokens }` switches it on for big catalogs. */
  gateway?: DeferredSetting;
  /** `capabilities.experimental` the client sent at initialize. */
  clientExperimental?: Record<string, unknown>;
  /** Estimated tokens of the full tools/list result. */
  catalogTokens: number;
}

/**
 * Order: session override, then a forced gateway setting, then the client asking for it, then
 * the size switch (off unless configured). The default serves the full catalog.
 */
export function decideDeferred(inputs: DeferralInputs): { deferred: boolean; reason: string } {
  if (inputs.session !== undefined) return { deferred: inputs.session, reason: 'session setting' };
  if (inputs.gateway === true) return { deferred: true, reason: 'gateway setting' };
  if (inputs.clientExperimental?.[DEFERRED_CLIENT_CAPABILITY] !== undefined) return { deferred: true, reason: 'client capability' };
  if (typeof inputs.gateway === 'object' && inputs.catalogTokens > inputs.gateway.autoAboveTokens) {
    return { deferred: true, reason: `catalog of ~${inputs.catalogTokens} tokens is above ${inputs.gateway.autoAboveTokens}` };
  }
  return { deferred: false, reason: 'full catalog' };
}
