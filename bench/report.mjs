// Turns BenchLoad's results (one JSON object a line) into bench/results/<stamp>.md and .json, prints the
// Markdown and, as its last line, the RESULT line.
//
//   node report.mjs --plan plan.json --results results.jsonl [--shapes shapes.jsonl] --out bench/results/<stamp> --logs WORKDIR
//                   --machine TEXT --software TEXT
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { warnings } from './logs.mjs';

const { values: opt } = parseArgs({
  options: {
    plan: { type: 'string' }, results: { type: 'string' }, shapes: { type: 'string' }, out: { type: 'string' }, logs: { type: 'string' },
    machine: { type: 'string', default: '' }, software: { type: 'string', default: '' },
  },
});
const plan = JSON.parse(readFileSync(opt.plan, 'utf8'));
const rows = readFileSync(opt.results, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const shapes = opt.shapes && existsSync(opt.shapes)
  ? readFileSync(opt.shapes, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
const row = (label, c) => rows.find((r) => r.label === label && r.concurrency === c);
const levels = [...new Set(rows.map((r) => r.concurrency))].sort((a, b) => a - b);

const int = (v) => (v == null || !Number.isFinite(v) ? '–' : Math.round(v).toLocaleString('en-US'));
const ms = (v) => (v == null || !Number.isFinite(v) ? '–' : v.toFixed(2));
const ratio = (a, b) => (a == null || b == null || !b ? null : a / b);
const x = (v) => (v == null ? '–' : `${v.toFixed(2)}×`);
const cpu = (r, name) => r?.cpuUsPerCall?.[name] ?? null;
// Read and write system calls per call (/proc/<pid>/io), e.g. "2+2"; "–" for a run from before they were counted.
const syscalls = (r, name) => {
  const s = r?.syscallsPerCall?.[name];
  return s ? `${+s.reads.toFixed(2)}+${+s.writes.toFixed(2)}` : '–';
};
const minus = (a, b) => (a == null || b == null ? null : a - b);
const sum = (...values) => (values.some((v) => v == null) ? null : values.reduce((a, b) => a + b, 0));
// A Switchboard row's CPU µs per call with its PostgreSQL's, what the targets compare.
const withPostgres = (r) => sum(cpu(r, 'switchboard'), cpu(r, 'postgres'));

const lines = [];
const out = (s = '') => lines.push(s);

// The output's name is the run's start (UTC), e.g. bench/results/2026-12-02-1004.
const started = /(\d{4}-\d{2}-\d{2})-(\d{2})(\d{2})$/.exec(opt.out);
out(`# Switchboard against the limit: ${plan.mode} run${started ? ` started ${started[1]} ${started[2]}:${started[3]} UTC` : ''}`);
out();
out(`- ${opt.machine}`);
out(`- ${opt.software}`);
out(`- tools/call of a cheap tool (echo), closed loop, one keep-alive connection and one MCP session per client;`
  + ` every target warmed up first (${plan.warmupCalls.toLocaleString('en-US')} calls or ${plan.warmupMaxSeconds} s, whichever first),`
  + ` then per row ${plan.settleSeconds} s settling + ${plan.durationSeconds} s measured. One Switchboard (one rate-limit configuration) at a time;`
  + ' beside each, its targets are measured in turn level by level, so the ratios of a level come from the same minutes');
out('- CPU µs/call: CPU time (user + system, /proc) of each process over the measured window ÷ calls completed in it');
out('- reads+writes per call: read and write system calls of the process (socket reads and writes; /proc/<pid>/io) over the window ÷ calls');
out();

function pair(title, group, labels) {
  const [direct, pass, gateway] = labels;
  if (!rows.some((r) => r.group === group)) return;
  out(`## ${title}`);
  out();
  out('| clients | direct calls/s | pass-through | Switchboard | Switchboard ÷ pass-through | p50 ms direct / pass-through / Switchboard | pass-through CPU µs/call | Switchboard CPU µs/call | its PostgreSQL µs/call | Switchboard + PostgreSQL ÷ pass-through CPU | upstream CPU µs/call (direct / via Switchboard) | reads+writes per call pass-through / Switchboard |');
  out('|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|');
  for (const c of levels) {
    const d = row(direct, c); const p = row(pass, c); const g = row(gateway, c);
    if (!d && !p && !g) continue;
    out(`| ${c} | ${int(d?.rps)} | ${int(p?.rps)} | ${int(g?.rps)} | ${x(ratio(g?.rps, p?.rps))} | ${ms(d?.p50)} / ${ms(p?.p50)} / ${ms(g?.p50)}`
      + ` | ${int(cpu(p, 'proxy'))} | ${int(cpu(g, 'switchboard'))} | ${int(cpu(g, 'postgres'))}`
      + ` | ${x(ratio(withPostgres(g), cpu(p, 'proxy')))} | ${int(cpu(d, 'upstream'))} / ${int(cpu(g, 'upstream'))}`
      + ` | ${syscalls(p, 'proxy')} / ${syscalls(g, 'switchboard')} |`);
  }
  out();
}
pair('Fast upstream, JSON answers', 'fast-json', ['direct', 'passthrough', 'switchboard']);
pair('Fast upstream, SSE answers', 'fast-sse', ['direct SSE', 'passthrough SSE', 'switchboard SSE']);

if (rows.some((r) => r.label === 'floor')) {
  out('## The floor of Switchboard\'s stack (fast upstream, JSON answers)');
  out();
  out('The pass-through\'s code as a route of a Quarkus application with Switchboard\'s HTTP-path extensions (Vert.x Web,'
    + ' Micrometer with Prometheus, OpenTelemetry; bench/floor): what a proxy costs on this stack before it does anything'
    + ' of its own. Switchboard − floor is what the gateway itself adds.');
  out();
  out('| clients | pass-through calls/s | floor | Switchboard | floor ÷ pass-through | Switchboard ÷ floor | CPU µs/call pass-through / floor / Switchboard + PostgreSQL | floor ÷ pass-through CPU | Switchboard + PostgreSQL − floor µs/call | p50 ms pass-through / floor / Switchboard |');
  out('|---:|---:|---:|---:|---:|---:|---|---:|---:|---|');
  for (const c of levels) {
    const p = row('passthrough', c); const f = row('floor', c); const g = row('switchboard', c);
    if (!f) continue;
    const total = withPostgres(g);
    out(`| ${c} | ${int(p?.rps)} | ${int(f.rps)} | ${int(g?.rps)} | ${x(ratio(f.rps, p?.rps))} | ${x(ratio(g?.rps, f.rps))}`
      + ` | ${int(cpu(p, 'proxy'))} / ${int(cpu(f, 'floor'))} / ${int(total)} | ${x(ratio(cpu(f, 'floor'), cpu(p, 'proxy')))}`
      + ` | ${int(minus(total, cpu(f, 'floor')))} | ${ms(p?.p50)} / ${ms(f.p50)} / ${ms(g?.p50)} |`);
  }
  out();
}

if (rows.some((r) => r.group === 'node')) {
  out('## server-everything (Node) as the upstream');
  out();
  out('A pass-through of its own in front of server-everything is measured beside it: on two cores, a proxy\'s CPU is taken'
    + ' from the single-threaded server\'s, so its ratio to direct is the most any proxy gets here.');
  out();
  out('| clients | direct calls/s | pass-through | Switchboard | pass-through ÷ direct | Switchboard ÷ direct | Switchboard ÷ pass-through | p50 ms direct / pass-through / Switchboard | server-everything CPU µs/call (direct / via pass-through / via Switchboard) | pass-through CPU µs/call | Switchboard CPU µs/call | its PostgreSQL µs/call |');
  out('|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|');
  for (const c of levels) {
    const d = row('direct node', c); const p = row('passthrough node', c); const g = row('switchboard node', c);
    if (!d && !g) continue;
    out(`| ${c} | ${int(d?.rps)} | ${int(p?.rps)} | ${int(g?.rps)} | ${x(ratio(p?.rps, d?.rps))} | ${x(ratio(g?.rps, d?.rps))} | ${x(ratio(g?.rps, p?.rps))}`
      + ` | ${ms(d?.p50)} / ${ms(p?.p50)} / ${ms(g?.p50)} | ${int(cpu(d, 'upstream'))} / ${int(cpu(p, 'upstream'))} / ${int(cpu(g, 'upstream'))}`
      + ` | ${int(cpu(p, 'proxy'))} | ${int(cpu(g, 'switchboard'))} | ${int(cpu(g, 'postgres'))} |`);
  }
  out();
}

if (rows.some((r) => r.group === 'stateless')) {
  out('## 2026-07-28 clients (stateless: no session, each request self-describing), fast upstream, JSON');
  out();
  out('The same Switchboard and server as the first table; the gateway keeps one pooled 2025 upstream session per user and server.');
  out();
  out('| clients | pass-through calls/s | Switchboard, 2025 session | Switchboard, 2026-07-28 stateless | stateless ÷ pass-through | p50 ms session / stateless | Switchboard CPU µs/call session / stateless | PostgreSQL µs/call session / stateless |');
  out('|---:|---:|---:|---:|---:|---|---|---|');
  for (const c of levels) {
    const p = row('passthrough', c); const g = row('switchboard', c); const st = row('switchboard stateless', c);
    if (!st) continue;
    out(`| ${c} | ${int(p?.rps)} | ${int(g?.rps)} | ${int(st.rps)} | ${x(ratio(st.rps, p?.rps))} | ${ms(g?.p50)} / ${ms(st.p50)}`
      + ` | ${int(cpu(g, 'switchboard'))} / ${int(cpu(st, 'switchboard'))} | ${int(cpu(g, 'postgres'))} / ${int(cpu(st, 'postgres'))} |`);
  }
  out();
}

const fanout = shapes.filter((r) => r.kind === 'fan-out');
if (fanout.length) {
  out(`## tools/list fan-out (one of the upstreams answers after ${fanout[0].slowMillis} ms; one request at a time in one session)`);
  out();
  out('| upstreams | tools listed | requests | p50 ms | p99 ms | max ms | p50 over the slowest upstream, ms | errors |');
  out('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of fanout) {
    out(`| ${r.upstreams} | ${r.tools} | ${r.requests} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${ms(r.p50OverSlowest)} | ${r.errors} |`);
  }
  out();
}
const idle = shapes.filter((r) => r.kind === 'idle-sessions');
const streams = shapes.filter((r) => r.kind === 'streams');
if (idle.length || streams.length) {
  out('## Idle sessions and standalone streams');
  out();
  out('Heap: Switchboard\'s used heap after a full GC (`jcmd GC.run`, then `GC.heap_info`), before and after; each session is'
    + ' initialize + notifications/initialized, then idle. Streams: one session each, its GET stream held open.');
  out();
  out('| what | count | opened | heap per item | held open to the end | Switchboard CPU while held | errors |');
  out('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of idle) out(`| idle sessions | ${int(r.sessions)} | ${int(r.opened)} | ${int(r.bytesPerSession)} B | – | – | ${r.errors} |`);
  for (const r of streams) {
    out(`| standalone streams | ${int(r.streams)} | ${int(r.opened)} | ${int(r.heapBytesPerStream)} B | ${int(r.stillOpenAfterSeconds)} after ${r.seconds} s`
      + ` | ${ms(r.switchboardCpuMsPerSecond)} ms/s | ${r.errors} |`);
  }
  for (const r of [...idle, ...streams].filter((r) => r.firstError)) out(`\nFirst error (${r.kind}): \`${r.firstError}\``);
  out();
}

if (rows.some((r) => r.group === 'limiter')) {
  out('## The rate limiter\'s cost (fast upstream, JSON; limits set high enough never to refuse)');
  out();
  out('Three Switchboards, one after the other: every limit off; tenant, user, server and tool limits at 1,000,000/s and the'
    + ' toolkit concurrency limit at 1,000,000 with the memory store (the Switchboard of the first table); the same with the Redis store.'
    + ' One user per client. The pass-through was measured again beside each, so each is also a ratio to its own pass-through.'
    + ' redis-server\'s CPU is the whole process (shared with whoever else uses it).');
  out();
  out('| clients | Switchboard calls/s off / memory / Redis | ÷ pass-through beside it | p50 ms off / memory / Redis | Switchboard CPU µs/call off / memory / Redis | PostgreSQL µs/call off / memory / Redis | redis-server µs/call | memory limiter µs/call | Redis limiter µs/call (Switchboard + redis-server) |');
  out('|---:|---|---|---|---|---|---:|---:|---:|');
  for (const c of levels) {
    const off = row('switchboard, limits off', c); const mem = row('switchboard', c); const red = row('switchboard, Redis limits', c);
    if (!off && !red) continue;
    const offPass = row('passthrough, beside limits off', c); const memPass = row('passthrough', c); const redPass = row('passthrough, beside Redis limits', c);
    const memCost = minus(cpu(mem, 'switchboard'), cpu(off, 'switchboard'));
    const redCost = minus(sum(cpu(red, 'switchboard'), cpu(red, 'redis')), cpu(off, 'switchboard'));
    out(`| ${c} | ${int(off?.rps)} / ${int(mem?.rps)} / ${int(red?.rps)}`
      + ` | ${x(ratio(off?.rps, offPass?.rps))} / ${x(ratio(mem?.rps, memPass?.rps))} / ${x(ratio(red?.rps, redPass?.rps))}`
      + ` | ${ms(off?.p50)} / ${ms(mem?.p50)} / ${ms(red?.p50)}`
      + ` | ${int(cpu(off, 'switchboard'))} / ${int(cpu(mem, 'switchboard'))} / ${int(cpu(red, 'switchboard'))}`
      + ` | ${int(cpu(off, 'postgres'))} / ${int(cpu(mem, 'postgres'))} / ${int(cpu(red, 'postgres'))} | ${int(cpu(red, 'redis'))} | ${int(memCost)} | ${int(redCost)} |`);
  }
  out();
}

const hot = rows.filter((r) => r.group === 'hot-key');
if (hot.length) {
  out('## Hot key: every client is the same user, whose limit is lower than what they ask');
  out();
  out('GCRA admits at most rate × window + burst in a window: the ceiling column is that over the measured window, in calls/s.'
    + ' A row with no refusals asked for less than that (or its limiter did not decide: see the log table below).');
  out();
  out('| store | clients | configured rate /s (burst) | admitted calls/s | admitted ÷ configured | ceiling calls/s | refused (429) /s | p50 ms of an answer | Switchboard CPU µs/request | PostgreSQL µs/request | redis-server µs/request |');
  out('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of hot) {
    const burst = plan.targets.find((t) => t.label === r.label)?.configuredBurst ?? r.configuredRate;
    out(`| ${r.label.replace('hot key, ', '')} | ${r.concurrency} | ${int(r.configuredRate)} (${int(burst)}) | ${int(r.rps)} | ${x(ratio(r.rps, r.configuredRate))}`
      + ` | ${int(r.configuredRate + burst / r.seconds)} | ${int(r.refusedRps)}`
      + ` | ${ms(r.p50)} | ${int(cpu(r, 'switchboard'))} | ${int(cpu(r, 'postgres'))} | ${int(cpu(r, 'redis'))} |`);
  }
  out();
}

const processes = ['loadgen', 'upstream', 'proxy', 'floor', 'switchboard', 'postgres', 'redis'];
out('## Every row');
out();
out(`| target | clients | calls/s | p50 ms | p90 ms | p99 ms | max ms | errors | ${processes.map((p) => `${p} µs/call`).join(' | ')} | warm-up calls (s) |`);
out(`|---|---:|---:|---:|---:|---:|---:|---:|${processes.map(() => '---:').join('|')}|---:|`);
for (const r of rows) {
  out(`| ${r.label} | ${r.concurrency} | ${int(r.rps)} | ${ms(r.p50)} | ${ms(r.p90)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.errors}`
    + ` | ${processes.map((p) => int(cpu(r, p))).join(' | ')} | ${int(r.warmup?.calls)} (${r.warmup?.seconds}) |`);
}
const failures = rows.filter((r) => r.firstError);
for (const r of failures) out(`\nFirst error (${r.label}, ${r.concurrency} clients): \`${r.firstError}\``);
out();

// What each Switchboard logged at WARN or ERROR while it was loaded: a cost the figures do not show.
const logged = [];
if (opt.logs) {
  for (const file of readdirSync(opt.logs).filter((f) => /^switchboard-.*\.log$/.test(f)).sort()) {
    for (const [message, count] of warnings(`${opt.logs}/${file}`)) logged.push({ switchboard: file.replace(/^switchboard-|\.log$/g, ''), count, message });
  }
}
out('## What the Switchboards logged at WARN or ERROR');
out();
if (!logged.length) {
  out('Nothing.');
} else {
  out('| Switchboard | lines | message (digits as N) |');
  out('|---|---:|---|');
  for (const l of logged.sort((a, b) => b.count - a.count).slice(0, 20)) out(`| ${l.switchboard} | ${l.count} | \`${l.message.replace(/\|/g, '\\|')}\` |`);
}
out();

// Warm-up errors count too: a target that failed while warming up has not been measured clean.
const warmupErrors = plan.targets.reduce((n, t) => n + (rows.find((r) => r.label === t.label)?.warmup?.errors ?? 0), 0);
const errors = rows.reduce((n, r) => n + r.errors, 0) + warmupErrors + shapes.reduce((n, r) => n + (r.errors ?? 0), 0);
const fmt = (v, digits = 2) => (v == null || !Number.isFinite(v) ? 'NaN' : v.toFixed(digits));
const summary = {
  vs_passthrough_c16: ratio(row('switchboard', 16)?.rps, row('passthrough', 16)?.rps),
  vs_passthrough_c64: ratio(row('switchboard', 64)?.rps, row('passthrough', 64)?.rps),
  cpu_vs_passthrough_c64: ratio(withPostgres(row('switchboard', 64)), cpu(row('passthrough', 64), 'proxy')),
  added_p50_ms_c1: row('switchboard', 1) && row('direct', 1) ? row('switchboard', 1).p50 - row('direct', 1).p50 : null,
  vs_direct_node_c64: ratio(row('switchboard node', 64)?.rps, row('direct node', 64)?.rps),
  passthrough_vs_direct_node_c64: ratio(row('passthrough node', 64)?.rps, row('direct node', 64)?.rps),
  vs_passthrough_node_c64: ratio(row('switchboard node', 64)?.rps, row('passthrough node', 64)?.rps),
  errors,
  floor_vs_passthrough_c64: ratio(row('floor', 64)?.rps, row('passthrough', 64)?.rps),
  cpu_floor_vs_passthrough_c64: ratio(cpu(row('floor', 64), 'floor'), cpu(row('passthrough', 64), 'proxy')),
  vs_floor_c64: ratio(row('switchboard', 64)?.rps, row('floor', 64)?.rps),
  cpu_vs_floor_c64: ratio(withPostgres(row('switchboard', 64)), cpu(row('floor', 64), 'floor')),
  stateless_vs_passthrough_c64: ratio(row('switchboard stateless', 64)?.rps, row('passthrough', 64)?.rps),
  fanout20_p50_over_slowest_ms: fanout.find((r) => r.upstreams === 20)?.p50OverSlowest ?? null,
  heap_bytes_per_idle_session: idle.at(-1)?.bytesPerSession ?? null,
  heap_bytes_per_stream: streams[0]?.heapBytesPerStream ?? null,
};
const result = `RESULT vs_passthrough_c16=${fmt(summary.vs_passthrough_c16)} vs_passthrough_c64=${fmt(summary.vs_passthrough_c64)}`
  + ` cpu_vs_passthrough_c64=${fmt(summary.cpu_vs_passthrough_c64)} added_p50_ms_c1=${fmt(summary.added_p50_ms_c1, 3)}`
  + ` vs_direct_node_c64=${fmt(summary.vs_direct_node_c64)} errors=${errors}`;
out('```');
out(result);
out('```');

writeFileSync(`${opt.out}.md`, `${lines.join('\n')}\n`);
const { targets, ...settings } = plan;
writeFileSync(`${opt.out}.json`, `${JSON.stringify({
  machine: opt.machine,
  software: opt.software,
  settings,
  targets: targets.map(({ apiKey, ...t }) => t),
  rows,
  shapes,
  logged,
  summary,
}, null, 1)}\n`);
console.log(lines.slice(0, -3).join('\n'));
console.log(result);
