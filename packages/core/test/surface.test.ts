import { CrosspointError, LOG_LEVELS, logLevelPasses, rpcCodeOf } from '@crosspoint/core';

describe('logLevelPasses', () => {
  it('passes a message at or above the minimum and drops one below', () => {
    expect(logLevelPasses('error', 'warning')).toBe(true);
    expect(logLevelPasses('warning', 'warning')).toBe(true);
    expect(logLevelPasses('info', 'warning')).toBe(false);
    expect(LOG_LEVELS.every((l) => logLevelPasses(l, 'debug'))).toBe(true);
  });
});

describe('rpcCodeOf', () => {
  it("answers with a downstream's own JSON-RPC code when it carries one", () => {
    expect(rpcCodeOf(new CrosspointError('DOWNSTREAM_ERROR', 'gone', { details: { rpcCode: -32002 } }))).toBe(-32002);
  });
  it('maps not-found and bad-argument failures to the spec codes', () => {
    expect(rpcCodeOf(new CrosspointError('RESOURCE_NOT_FOUND', 'x'))).toBe(-32002);
    expect(rpcCodeOf(new CrosspointError('PROMPT_NOT_FOUND', 'x'))).toBe(-32602);
    expect(rpcCodeOf(new CrosspointError('INVALID_ARGUMENTS', 'x'))).toBe(-32602);
    expect(rpcCodeOf(new CrosspointError('NOT_SUPPORTED', 'x'))).toBe(-32601);
    expect(rpcCodeOf(new Error('boom'))).toBe(-32603);
  });
});
