/** JSON-RPC error codes the fronts use before a session exists (implementation-defined server range). */
export const RPC_UNAUTHORIZED = -32040;
export const RPC_SESSION_LIMIT = -32050;
export const RPC_MESSAGE_TOO_LARGE = -32600;

/** The TCP auth preface: the first line a client sends when the gateway requires a token. */
export const TCP_AUTH_METHOD = 'crosspoint/auth';
export const TCP_AUTH_REQUEST_ID = 'crosspoint-auth';
