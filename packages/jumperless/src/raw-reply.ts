/**
 * Pure framing of raw-REPL replies: `OK` + stdout + `\x04` + stderr + `\x04` + `>`.
 * Works on raw bytes so a UTF-8 sequence split across chunks is decoded only once whole.
 */
export type ReplyScan =
  | { kind: 'partial' }
  /** The reply does not start with `OK`: the session is out of sync. */
  | { kind: 'desync'; text: string }
  | { kind: 'frame'; stdout: string; stderr: string; rest: Buffer };

const EOT = 0x04;

export function scanReply(buf: Buffer): ReplyScan {
  if (buf.length === 0) return { kind: 'partial' };
  if (buf[0] !== 0x4f /* O */ || (buf.length > 1 && buf[1] !== 0x4b) /* K */) return { kind: 'desync', text: buf.toString('utf8') };
  if (buf.length < 2) return { kind: 'partial' };
  const first = buf.indexOf(EOT, 2);
  if (first < 0) return { kind: 'partial' };
  const second = buf.indexOf(EOT, first + 1);
  if (second < 0 || buf.length < second + 2) return { kind: 'partial' };
  if (buf[second + 1] !== 0x3e /* > */) return { kind: 'desync', text: buf.toString('utf8') };
  return {
    kind: 'frame',
    stdout: buf.subarray(2, first).toString('utf8'),
    stderr: buf.subarray(first + 1, second).toString('utf8'),
    rest: buf.subarray(second + 2),
  };
}

export interface Traceback {
  /** `ValueError`, `NameError`, `KeyboardInterrupt`… */
  type: string;
  message: string;
  /** The whole stderr text. */
  text: string;
}

/** The exception type and message from a MicroPython traceback's last line. */
export function parseTraceback(stderr: string): Traceback | undefined {
  const lines = stderr.split(/\r?\n/).filter((l) => l.trim().length > 0);
  if (lines.length === 0) return undefined;
  const last = lines[lines.length - 1] as string;
  const m = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/.exec(last.trim());
  if (!m) return { type: 'Error', message: last.trim(), text: stderr };
  return { type: m[1] as string, message: (m[2] ?? '').trim(), text: stderr };
}

export interface ParsedResult {
  found: boolean;
  value: unknown;
  /** Every other stdout line (firmware debug prints), kept for diagnostics. */
  other: string[];
}

/** Finds the last sentinel line in stdout and parses its JSON. */
export function parseResultLine(stdout: string, sentinel: string): ParsedResult {
  const other: string[] = [];
  let json: string | undefined;
  for (const line of stdout.split(/\r?\n/)) {
    if (line.startsWith(sentinel)) json = line.slice(sentinel.length);
    else if (line.length > 0) other.push(line);
  }
  if (json === undefined) return { found: false, value: undefined, other };
  return { found: true, value: JSON.parse(json) as unknown, other };
}
