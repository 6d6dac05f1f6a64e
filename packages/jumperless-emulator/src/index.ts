export {
  BoardModel,
  SHUNT_OHMS,
  gpioNode,
  type BoardModelOptions,
  type GpioPin,
  type PinDirection,
  type PlacedResistor,
} from './board-model.js';
export { EmulatorBinding, EmulatorPort, jumperlessPortInfo } from './binding.js';
export {
  DEFAULT_FIRMWARE_VERSION,
  JumperlessEmulator,
  RAW_BANNER,
  adcChannelsForVersion,
  type EmulatorEvents,
  type JumperlessEmulatorOptions,
} from './emulator.js';
export { FIRMWARE_API, type FirmwareContext, type FirmwareFunction } from './firmware-api.js';
export { DAC_ERROR, GPIO_ERROR } from './firmware-args.js';
export { NODE_IDS, nodeIdForName, nodeName } from './nodes.js';
export { OutputShaper, type LinkShape } from './output-shaper.js';
export { PySyntaxError, parseProgram, type Expr, type Stmt } from './parser.js';
export { PtyEmulator, findSocat, startPtyEmulator, type PtyEmulatorOptions } from './pty.js';
export { openHostSide, type HostPort, type HostSide } from './host-side.js';
