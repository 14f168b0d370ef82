// Closed-loop MCP tools/call load generator.
//
//   node load.mjs --url URL --tool NAME --concurrency N --warmup S --duration S
//                 [--api-key KEY] [--label TEXT] [--pids NAME=PID,NAME=PID]
//
// Each of the N workers owns one keep-alive TCP connection and its own MCP session
// (initialize + notifications/initialized), then sends tools/call back to back. Latencies
// are recorded only after the warm-up. Prints one JSON object on stdout.
// --pids: processes whose CPU time (from /proc) is sampled over the measured window, so the
// result also says how many microseconds of CPU each call cost in each of them.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string' },
    tool: { type: 'string', default: 'echo' },
    'api-key': { type: 'string' },
    concurrency: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    label: { type: 'string', default: '' },
    pids: { type: 'string', default: '' },
  },
});
const url = new URL(opt.url);
const concurrency = Number(opt.concurrency);
const warmupMs = Number(opt.warmup) * 1000;
const durationMs = Number(opt.duration) * 1000;
const PROTOCOL = '2025-06-18';
const CLK_TCK = Number(process.env.CLK_TCK || 100);

function post(agent, body, session) {
  const headers = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': PROTOCOL,
  };
  if (opt['api-key']) headers['x-api-key'] = opt['api-key'];
  if (session) headers['mcp-session-id'] = session;
  const payload = JSON.stringify(body);
  headers['content-length'] = Buffer.byteLength(payload);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

// The response to request `id`, whether the server answered JSON or SSE.
function findResponse(res, id) {
  const type = res.headers['content-type'] || '';
  const messages = type.includes('text/event-stream')
    ? res.body.split('\n').filter((l) => l.startsWith('data:')).map((l) => JSON.parse(l.slice(5)))
    : [JSON.parse(res.body)].flat();
  return messages.find((m) => m.id === id);
}

const latencies = [];
let errors = 0;
let firstError = null;
let measuring = false;
let stopping = false;

function fail(e) {
  errors++;
  firstError ??= String(e?.message ?? e).slice(0, 300);
}

async function worker(n) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const init = await post(agent, {
    jsonrpc: '2.0', id: 0, method: 'initialize',
    params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'switchboard-bench', version: '1' } },
  });
  const session = init.headers['mcp-session-id'];
  if (init.status !== 200 || !session) throw new Error(`initialize: HTTP ${init.status} ${init.body.slice(0, 200)}`);
  const ack = await post(agent, { jsonrpc: '2.0', method: 'notifications/initialized' }, session);
  if (ack.status !== 202) throw new Error(`notifications/initialized: HTTP ${ack.status}`);

  let id = 1;
  while (!stopping) {
    const reqId = id++;
    const t0 = process.hrtime.bigint();
    const counted = measuring;
    try {
      const res = await post(agent, {
        jsonrpc: '2.0', id: reqId, method: 'tools/call',
        params: { name: opt.tool, arguments: { message: `hello ${n}-${reqId}` } },
      }, session);
      const msg = res.status === 200 ? findResponse(res, reqId) : null;
      if (!msg || msg.error || msg.result?.isError) throw new Error(`HTTP ${res.status} ${res.body.slice(0, 200)}`);
      // A call that straddles the start of the window is not counted, only the ones sent inside it.
      if (counted && measuring) latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    } catch (e) {
      if (counted && measuring) fail(e);
      // Don't spin on a dead connection.
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  agent.destroy();
}

function cpuTicks(pid) {
  // Fields after the "(comm)" part; utime and stime are fields 14 and 15 of the whole line.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}
const watched = opt.pids ? opt.pids.split(',').map((p) => p.split('=')).map(([name, pid]) => ({ name, pid })) : [];
watched.push({ name: 'loadgen', pid: process.pid });

const workers = Array.from({ length: concurrency }, (_, i) => worker(i));
Promise.all(workers).catch((e) => {
  console.error(`load.mjs: ${e.message}`);
  process.exit(1);
});

await new Promise((r) => setTimeout(r, warmupMs));
const before = watched.map((w) => cpuTicks(w.pid));
measuring = true;
const t0 = process.hrtime.bigint();
await new Promise((r) => setTimeout(r, durationMs));
measuring = false;
const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
const after = watched.map((w) => cpuTicks(w.pid));
stopping = true;
await Promise.all(workers);

latencies.sort((a, b) => a - b);
const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : NaN);
const cpuUsPerCall = Object.fromEntries(watched.map((w, i) => [
  w.name, latencies.length ? Math.round(((after[i] - before[i]) / CLK_TCK) * 1e6 / latencies.length) : null,
]));
console.log(JSON.stringify({
  label: opt.label,
  concurrency,
  seconds: Number(elapsed.toFixed(2)),
  calls: latencies.length,
  rps: Math.round(latencies.length / elapsed),
  p50: pct(50), p90: pct(90), p99: pct(99), max: latencies.at(-1) ?? NaN,
  errors,
  firstError,
  cpuUsPerCall,
}));
