export { assertSafeBind, DEFAULT_HOST, parseHostPort, type ListenSpec } from './bind-safety.js';
export { DEFAULT_MAX_SESSIONS, startFronts, type FrontsOptions, type RunningFronts } from './fronts.js';
export { checkHostAndOrigin, isLoopbackHost, type HostCheckFailure, type HostPolicy } from './host-check.js';
export type { HttpFrontOptions } from './http-front.js';
export { DEFAULT_MAX_MESSAGE_BYTES, NdjsonSocketTransport, type NdjsonSocketTransportOptions } from './ndjson-socket-transport.js';
export { RPC_SESSION_LIMIT, RPC_UNAUTHORIZED, TCP_AUTH_METHOD, TCP_AUTH_REQUEST_ID } from './rpc-codes.js';
export {
  silentLogger,
  type ConnectSession,
  type RemoteLogger,
  type SessionHandle,
  type SessionInfo,
} from './session-types.js';
export type { TcpFrontOptions } from './tcp-front.js';
export { createTokenChecker, presentedToken, type TokenChecker, type TokenGrant, type TokenSpec } from './tokens.js';
export type { WebSocketFrontOptions } from './websocket-front.js';
export { MCP_SUBPROTOCOL, WebSocketTransport, type WebSocketTransportOptions } from './websocket-transport.js';
export { createClientTransport, type ClientTransportOptions } from './client-transport.js';
export { DEFAULT_CLIENT_MAX_MESSAGE_BYTES, TcpClientTransport, type TcpClientOptions } from './tcp-client.js';
export { WebSocketClientTransport, type WebSocketClientOptions } from './websocket-client.js';
export { createFixtureSessions, type FixtureOptions, type FixtureSessions } from './fixture-sessions.js';
export { backoffDelay, type BackoffOptions } from './backoff.js';
export { RPC_LINK_DOWN, type BridgeState, type StdioBridge, type StdioBridgeOptions } from './bridge-types.js';
export { runStdioBridge } from './stdio-bridge.js';
export { readTokenFile, type TokenFileContents } from './token-file.js';
