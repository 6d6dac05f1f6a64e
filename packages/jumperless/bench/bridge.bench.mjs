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

/** Runs n sequential calls; mean, p50 and p99 latency in ms. */
async function timeCalls(n, once) {
  const lat = [];
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await once();
    lat.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const mean = Number(process.hrtime.bigint() - t0) / 1e6 / n;
  lat.sort((a, b) => a - b);
  return { mean, p50: lat[Math.floor(n * 0.5)], p99: lat[Math.floor(n * 0.99)] };
}

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
  const stats = await timeCalls(n, once);
  await new Promise((r) => port.close(() => r()));
  return stats;
}

async function bridgeRound(n) {
  const s = new JumperlessSubsystem({ port: pty.path, emulated: true });
  await s.connect();
  const once = () => s.invoke('dac_get', { channel: 0 });
  for (let i = 0; i < WARMUP; i++) await once();
  const stats = await timeCalls(n, once);
  await s.shutdown();
  return stats;
}

const floor = [];
const bridge = [];
for (let r = 0; r < ROUNDS; r++) {
  // Alternate, and reverse the order on odd rounds.
  if (r % 2 === 0) {
    floor.push(await floorRound(CALLS));
    bridge.push(await bridgeRound(CALLS));
  } else {
    bridge.push(await bridgeRound(CALLS));
    floor.push(await floorRound(CALLS));
  }
}
await pty.stop();
rmSync(dir, { recursive: true, force: true });

const med = (rows, key) => median(rows.map((x) => x[key]));
const row = (name, rows) =>
  `| ${name} | ${med(rows, 'p50').toFixed(3)} | ${med(rows, 'p99').toFixed(3)} | ${med(rows, 'mean').toFixed(3)} | ${Math.round(1000 / med(rows, 'mean'))} |`;
console.log(`## Jumperless bridge (pty + emulator)

\`dac_get\` round trips, ${CALLS} sequential calls per round, median of ${ROUNDS} alternating rounds (${WARMUP} warm-up calls each).

| target | p50 ms | p99 ms | mean ms | calls/s |
|---|---:|---:|---:|---:|
${row('emulator floor (raw REPL written straight to the pty)', floor)}
${row('JumperlessSubsystem.invoke (validation, template, queue, framing, parse)', bridge)}

Added by the bridge: **${(med(bridge, 'p50') - med(floor, 'p50')).toFixed(3)} ms at p50, ${(med(bridge, 'mean') - med(floor, 'mean')).toFixed(3)} ms on the mean per call** (target <= 0.5 ms).`);
