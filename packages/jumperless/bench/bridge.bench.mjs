// Per-call cost of the Jumperless bridge over a real pty (socat) to the emulator, against the
// emulator's own floor: the same raw-REPL program written straight to the pty without the bridge.
// Alternates targets, median of ROUNDS rounds. Run: pnpm bench jumperless (or node this file after a build).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { findSocat, startPtyEmulator } from '@crosspoint/jumperless-emulator';
import { JumperlessSubsystem, call, convert, program, py } from '@crosspoint/jumperless';

const ROUNDS = 7;
const CALLS = 1000;
const WARMUP = 30;

if (!findSocat(process.env.PATH)) {
  console.log('## Jumperless bridge\n\nskipped: socat is not installed');
  process.exit(0);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = mkdtempSync(join(tmpdir(), 'jlbench-'));
const pty = await startPtyEmulator({ linkPath: join(dir, 'ttyJLV5port5'), emulatorOptions: { noiseVolts: 0 }, searchPath: process.env.PATH });
const code = program([], convert('float', call('dac_get', [py.int(0)])));

/** Raw round trips on the pty: write the program + Ctrl-D, wait for the closing `\x04>`. */
async function floorRound(n) {
  const port = new SerialPort({ path: pty.path, baudRate: 115200, autoOpen: false });
  await new Promise((res, rej) => port.open((e) => (e ? rej(e) : res())));
  let buf = '';
  let wake = () => {};
  port.on('data', (d) => {
    buf += d.toString('latin1');
    wake();
  });
  const until = (s) =>
    new Promise((res) => {
      wake = () => {
        const i = buf.indexOf(s);
        if (i >= 0) {
          buf = buf.slice(i + s.length);
          wake = () => {};
          res();
        }
      };
      wake();
    });
  port.write('\r\x03\x03\r\x01');
  await until('raw REPL; CTRL-B to exit\r\n>');
  const once = async () => {
    port.write(`${code}\x04`);
    await until('\x04>'); // the frame ends OK…\x04…\x04>
  };
  for (let i = 0; i < WARMUP; i++) await once();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await once();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  await new Promise((r) => port.close(() => r()));
  return ms / n;
}

async function bridgeRound(n) {
  const s = new JumperlessSubsystem({ port: pty.path, emulated: true });
  await s.connect();
  for (let i = 0; i < WARMUP; i++) await s.invoke('dac_get', { channel: 0 });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await s.invoke('dac_get', { channel: 0 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  await s.shutdown();
  return ms / n;
}

const floor = [];
const bridge = [];
for (let r = 0; r < ROUNDS; r++) {
  floor.push(await floorRound(CALLS));
  bridge.push(await bridgeRound(CALLS));
}
await pty.stop();
rmSync(dir, { recursive: true, force: true });

const f = median(floor);
const b = median(bridge);
const row = (name, ms) => `| ${name} | ${ms.toFixed(3)} | ${Math.round(1000 / ms)} |`;
console.log(`## Jumperless bridge (pty + emulator)

\`dac_get\` round trips, ${CALLS} sequential calls per round, median of ${ROUNDS} alternating rounds (${WARMUP} warm-up calls each).

| target | ms per call | calls/s |
|---|---|---|
${row('emulator floor (raw REPL written straight to the pty)', f)}
${row('JumperlessSubsystem.invoke (validation, template, queue, framing, parse)', b)}

Added by the bridge: **${(b - f).toFixed(3)} ms per call** (target <= 0.5 ms).
Rounds (ms/call) floor: ${floor.map((x) => x.toFixed(3)).join(', ')}; bridge: ${bridge.map((x) => x.toFixed(3)).join(', ')}.`);
