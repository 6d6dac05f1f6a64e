export { adcRangeFromError, resultOf } from './device-errors.js';
export {
  JumperlessLink,
  type ExecOptions,
  type ExecReply,
  type JumperlessLinkOptions,
  type LinkEvents,
  type LinkState,
} from './link.js';
export { NODE_HELP, NODE_NAMES, isValidNode, nodeLabel, normalizeNode } from './nodes.js';
export { openError, openSerialPort } from './serial-open.js';
export { EMULATED_PORT_PATH, createEmulatedBoard, createSubsystem, pluginOptionsSchema, type JumperlessPluginOptions } from './plugin.js';
export { isJumperless, listBoardPorts, rankCandidates, type PortLister } from './port-discovery.js';
export { RESULT_SENTINEL, call, convert, program, py, sleepMs, type PyExpr } from './python-code.js';
export { parseResultLine, parseTraceback, scanReply, type ParsedResult, type ReplyScan, type Traceback } from './raw-reply.js';
export { JUMPERLESS_PACKAGE_VERSION, JumperlessSubsystem, type JumperlessSubsystemOptions } from './subsystem.js';
export { JUMPERLESS_TOOLS } from './tools/index.js';
export type { JumperlessTool, RunProgram, ToolContext } from './tools/kit.js';
