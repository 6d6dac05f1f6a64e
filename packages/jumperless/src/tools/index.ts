import { analogTools } from './analog.js';
import { gpioTools } from './gpio.js';
import type { JumperlessTool } from './kit.js';
import { miscTools } from './misc.js';
import { routingTools } from './routing.js';

/** Every tool, in a stable order (routing, analog, GPIO, the rest). */
export const JUMPERLESS_TOOLS: readonly JumperlessTool[] = [...routingTools, ...analogTools, ...gpioTools, ...miscTools];
