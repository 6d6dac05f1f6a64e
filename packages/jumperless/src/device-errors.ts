import { CrosspointError } from '@crosspoint/core';
import { RESULT_SENTINEL } from './python-code.js';
import { type ExecReply } from './link.js';
import { parseResultLine, parseTraceback } from './raw-reply.js';

/**
 * The value of a program's result line, or a readable DEVICE_ERROR carrying the firmware's own
 * message (`ValueError: INA sensor must be 0 or 1`). Other stdout lines are returned as chatter.
 */
export function resultOf(tool: string, reply: ExecReply): { value: unknown; chatter: string[] } {
  const tb = parseTraceback(reply.stderr);
  if (tb) {
    throw new CrosspointError('DEVICE_ERROR', `jumperless: ${tool}: the board raised ${tb.type}${tb.message ? `: ${tb.message}` : ''}`, {
      details: { exception: tb.type, firmwareMessage: tb.message, traceback: tb.text.split(/\r?\n/).filter(Boolean) },
    });
  }
  let parsed;
  try {
    parsed = parseResultLine(reply.stdout, RESULT_SENTINEL);
  } catch (e) {
    throw new CrosspointError('DEVICE_ERROR', `jumperless: ${tool}: the board's result line is not valid JSON`, {
      cause: e,
      details: { stdout: reply.stdout.slice(0, 500) },
    });
  }
  if (!parsed.found) {
    throw new CrosspointError('DEVICE_ERROR', `jumperless: ${tool}: the board printed no result line`, { details: { stdout: reply.stdout.slice(0, 500) } });
  }
  return { value: parsed.value, chatter: parsed.other };
}

/** The ADC range the firmware itself stated in an error (`ADC channel must be 0-3`), if any. */
export function adcRangeFromError(err: unknown): number | undefined {
  if (!(err instanceof CrosspointError) || err.code !== 'DEVICE_ERROR') return undefined;
  const m = /ADC channel must be 0-(\d)/.exec(String(err.details?.['firmwareMessage'] ?? ''));
  return m ? Number(m[1]) : undefined;
}
