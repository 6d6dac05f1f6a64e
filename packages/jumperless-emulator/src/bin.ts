#!/usr/bin/env node
// Runs an emulated Jumperless V5 on a socat pty pair, for trying the bridge (or any serial tool) by hand:
//   jumperless-emulator --link /tmp/ttyJLV5port5 [--firmware 5.2.2.0] [--latency 2] [--jitter 1] [--split 3] [--noise 0.002]
// Then open /tmp/ttyJLV5port5 at 115200. Type `unplug`, `replug`, `busy`, `state` or `quit` on stdin.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startPtyEmulator } from './pty.js';

const { values } = parseArgs({
  options: {
    link: { type: 'string', default: './ttyJLV5port5' },
    firmware: { type: 'string' },
    latency: { type: 'string', default: '0' },
    jitter: { type: 'string', default: '0' },
    split: { type: 'string', default: '0' },
    noise: { type: 'string', default: '0.002' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stderr.write('usage: jumperless-emulator --link PATH [--firmware X.Y.Z.W] [--latency ms] [--jitter ms] [--split maxBytes] [--noise volts]\n');
  process.exit(0);
}

const num = (name: string, v: string | undefined): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`jumperless-emulator: --${name} must be a number >= 0, got ${v}\n`);
    process.exit(2);
  }
  return n;
};

const pty = await startPtyEmulator({
  linkPath: values.link as string,
  searchPath: process.env['PATH'],
  emulatorOptions: { noiseVolts: num('noise', values.noise), ...(values.firmware ? { firmwareVersion: values.firmware } : {}) },
  shape: { latencyMs: num('latency', values.latency), jitterMs: num('jitter', values.jitter), splitWrites: num('split', values.split) || false },
});
process.stderr.write(`emulated Jumperless V5 (firmware ${pty.emulator.firmwareVersion}) on ${pty.path}\ncommands: unplug, replug, busy, state, quit\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await pty.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const cmd = line.trim();
  if (cmd === 'unplug') void pty.unplug().then(() => process.stderr.write('unplugged\n'));
  else if (cmd === 'replug') void pty.replug().then(() => process.stderr.write(`plugged in at ${pty.path}\n`));
  else if (cmd === 'busy') {
    pty.emulator.setBusy(true);
    process.stderr.write('busy until Ctrl-C\n');
  } else if (cmd === 'state') process.stderr.write(`${JSON.stringify(pty.emulator.model.state())}\n`);
  else if (cmd === 'quit') void stop();
  else if (cmd) process.stderr.write(`unknown command ${cmd}\n`);
});
rl.on('close', () => undefined);
