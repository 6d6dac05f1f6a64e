// Run: node packages/mcp-proxy/bench/json-floor.mjs (no build needed). Cited in BENCHMARKS.md as the JSON floor of a parsing gateway.
// The JSON work any parsing gateway does per forwarded call, alone: parse the client's request line,
// serialize the child's request, parse the child's reply line, serialize the client's reply.
const req = JSON.stringify({ jsonrpc: '2.0', id: 12345, method: 'tools/call', params: { name: 'bench_echo', arguments: { text: 'hello bench' } } });
const rep = JSON.stringify({ result: { content: [{ type: 'text', text: 'hello bench' }] }, jsonrpc: '2.0', id: 'xp12345' });
const bReq = Buffer.from(req), bRep = Buffer.from(rep);
let sink = 0;
function once(i) {
  const m = JSON.parse(bReq.toString('utf8', 0, bReq.length));
  const out = JSON.stringify({ jsonrpc: '2.0', id: `xp${i}`, method: 'tools/call', params: { name: 'echo', arguments: m.params.arguments } }) + '\n';
  const r = JSON.parse(bRep.toString('utf8', 0, bRep.length));
  const back = JSON.stringify({ jsonrpc: '2.0', id: m.id, result: r.result }) + '\n';
  sink += out.length + back.length;
}
for (let i = 0; i < 200000; i++) once(i);
const runs = [];
for (let k = 0; k < 7; k++) {
  const n = 200000, t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) once(i);
  const u = process.cpuUsage(t0);
  runs.push((u.user + u.system) / n);
}
runs.sort((a, b) => a - b);
console.log(`JSON work per forwarded call: median ${runs[3].toFixed(2)} µs CPU (min ${runs[0].toFixed(2)}, max ${runs[6].toFixed(2)}), ${sink > 0 ? 'ok' : ''}`);
