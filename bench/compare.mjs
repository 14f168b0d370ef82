// Turns compare.sh's results (BenchLoad's, one JSON object a line, each with its round) into
// bench/results/<stamp>-compare.md, prints it and, as its last line, the COMPARE line.
//
//   node compare.mjs --plan plan.json --results results.jsonl --logs WORKDIR --offsets A=bytes,B=bytes --out FILE.md --machine TEXT
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { warnings } from './logs.mjs';

const { values: opt } = parseArgs({
  options: {
    plan: { type: 'string' }, results: { type: 'string' }, logs: { type: 'string' }, offsets: { type: 'string', default: '' },
    out: { type: 'string' }, machine: { type: 'string', default: '' },
  },
});
const plan = JSON.parse(readFileSync(opt.plan, 'utf8'));
const rows = readFileSync(opt.results, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const switchboards = plan.targets.filter((t) => t.label !== 'passthrough');
const others = switchboards.filter((t) => t.label !== 'B');

const median = (values) => {
  const s = values.filter((v) => v != null && Number.isFinite(v)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const cpu = (r, name) => r?.cpuUsPerCall?.[name] ?? null;
const jit = (r) => cpu(r, 'switchboardJit');
const noJit = (r) => minus(cpu(r, 'switchboard'), jit(r));
const ratio = (a, b) => (a == null || !b ? null : a / b);
const minus = (a, b) => (a == null || b == null ? null : a - b);
const num = (digits) => (v) => (v == null || !Number.isFinite(v) ? '–' : v.toFixed(digits));
const int = (v) => (v == null || !Number.isFinite(v) ? '–' : Math.round(v).toLocaleString('en-US'));
const times = (v) => (v == null ? '–' : `${v.toFixed(2)}×`);
const signed = (v) => (v == null ? '–' : `${v > 0 ? '+' : ''}${Math.round(v)}`);

// Each column: a header, a figure of one round (its rows by label), a format; the median and, for the
// comparisons, the range over the rounds are of that figure.
const columns = [
  { head: 'pass-through calls/s', of: (r) => r.passthrough?.rps, fmt: int },
  ...switchboards.map((t) => ({ head: `${t.label} calls/s`, of: (r) => r[t.label]?.rps, fmt: int })),
  ...switchboards.map((t) => ({ head: `${t.label} ÷ pass-through`, of: (r) => ratio(r[t.label]?.rps, r.passthrough?.rps), fmt: times })),
  ...others.map((t) => ({ head: `${t.label} ÷ B`, of: (r) => ratio(r[t.label]?.rps, r.B?.rps), fmt: times, spread: true })),
  ...switchboards.map((t) => ({ head: `${t.label} CPU µs/call`, of: (r) => cpu(r[t.label], 'switchboard'), fmt: int })),
  ...switchboards.map((t) => ({ head: `${t.label} JIT µs/call (of that)`, of: (r) => jit(r[t.label]), fmt: int })),
  ...others.map((t) => ({ head: `${t.label} − B µs/call`, of: (r) => minus(cpu(r[t.label], 'switchboard'), cpu(r.B, 'switchboard')), fmt: signed, spread: true })),
  ...others.map((t) => ({ head: `${t.label} − B without JIT`, of: (r) => minus(noJit(r[t.label]), noJit(r.B)), fmt: signed, spread: true })),
  ...switchboards.map((t) => ({ head: `PostgreSQL µs/call beside ${t.label}`, of: (r) => cpu(r[t.label], 'postgres'), fmt: int })),
  { head: 'pass-through CPU µs/call', of: (r) => cpu(r.passthrough, 'proxy'), fmt: int },
  // The upstream's own work per call: the same for every target unless one of them uses it differently.
  { head: 'upstream µs/call via pass-through', of: (r) => cpu(r.passthrough, 'upstream'), fmt: int },
  ...switchboards.map((t) => ({ head: `upstream µs/call via ${t.label}`, of: (r) => cpu(r[t.label], 'upstream'), fmt: int })),
  { head: 'p50 ms pass-through', of: (r) => r.passthrough?.p50, fmt: num(2) },
  ...switchboards.map((t) => ({ head: `p50 ms ${t.label}`, of: (r) => r[t.label]?.p50, fmt: num(2) })),
  { head: 'errors', of: (r) => Object.values(r).reduce((n, x) => n + x.errors, 0), fmt: int },
];

const lines = [];
const out = (s = '') => lines.push(s);
const started = /(\d{4}-\d{2}-\d{2})-(\d{2})(\d{2})-compare\.md$/.exec(opt.out);
out(`# A/B: ${switchboards.map((t) => t.label).join(', ')} under the same load${started ? `, started ${started[1]} ${started[2]}:${started[3]} UTC` : ''}`);
out();
out(`- ${opt.machine}`);
for (const t of switchboards) {
  out(`- **${t.label}**: \`${t.app}\`, commit ${t.commit}${t.env ? `, with \`${t.env}\`` : ''}`);
}
out(`- ${plan.upstream === 'everything' ? 'server-everything (Node) as the upstream, its echo tool' : `fast upstream, ${plan.answers === 'sse' ? 'event-stream (SSE)' : 'JSON'} answers`}, one MCP server, one user per client${plan.protocol === '2026-07-28' ? ', the Switchboards\' clients 2026-07-28 ones (stateless: no session, every request self-describing), the pass-through\'s 2025 ones' : ''}; memory rate-limit store, every limit high.`
  + ` Each target warmed up with ${plan.warmupConcurrency} clients (${plan.warmupCalls.toLocaleString('en-US')} calls or ${plan.warmupMaxSeconds} s, whichever first),`
  + ` then ${plan.reps} rounds at ${plan.levels.join(' and ')} clients: pass-through, ${switchboards.map((t) => t.label).join(', ')} in turn`
  + ` (reversed every second round), each window ${plan.durationSeconds} s after ${plan.settleSeconds} s of settling.`);
out(`- Warm-ups: ${plan.targets.map((t) => {
  const w = rows.find((r) => r.label === t.label)?.warmup;
  return w ? `${t.label} ${w.calls.toLocaleString('en-US')} calls in ${w.seconds} s (${w.errors} errors)` : `${t.label} –`;
}).join('; ')}.`);
out();

const summary = [];
for (const level of plan.levels) {
  const rounds = [];
  for (const r of rows.filter((x) => x.concurrency === level)) {
    (rounds[r.round] ??= {})[r.label] = r;
  }
  const complete = rounds.filter(Boolean);
  out(`## ${level} clients`);
  out();
  out(`| round | ${columns.map((c) => c.head).join(' | ')} |`);
  out(`|---:|${columns.map(() => '---:|').join('')}`);
  complete.forEach((r, i) => out(`| ${i + 1} | ${columns.map((c) => c.fmt(c.of(r))).join(' | ')} |`));
  const values = columns.map((c) => complete.map((r) => c.of(r)));
  out(`| **median** | ${columns.map((c, k) => `**${c.fmt(median(values[k]))}**`).join(' | ')} |`);
  out(`| range | ${columns.map((c, k) => {
    const v = values[k].filter((x) => x != null);
    return c.spread && v.length ? `${c.fmt(Math.min(...v))} to ${c.fmt(Math.max(...v))}` : '';
  }).join(' | ')} |`);
  out();
  const med = (of) => median(complete.map(of));
  const keys = [`c${level}`];
  for (const t of others) {
    const x = t.label.toLowerCase();
    keys.push(`${x}_vs_b=${num(3)(med((r) => ratio(r[t.label]?.rps, r.B?.rps)))}`);
  }
  for (const t of switchboards) {
    keys.push(`${t.label.toLowerCase()}_cpu_us=${int(med((r) => cpu(r[t.label], 'switchboard'))).replace(/,/g, '')}`);
  }
  for (const t of others) {
    keys.push(`${t.label.toLowerCase()}_minus_b_us=${signed(med((r) => minus(cpu(r[t.label], 'switchboard'), cpu(r.B, 'switchboard'))))}`);
  }
  for (const t of others) {
    keys.push(`${t.label.toLowerCase()}_minus_b_nojit_us=${signed(med((r) => minus(noJit(r[t.label]), noJit(r.B))))}`);
  }
  for (const t of switchboards) {
    keys.push(`${t.label.toLowerCase()}_jit_us=${int(med((r) => jit(r[t.label]))).replace(/,/g, '')}`);
  }
  for (const t of switchboards) {
    keys.push(`${t.label.toLowerCase()}_vs_pass=${num(2)(med((r) => ratio(r[t.label]?.rps, r.passthrough?.rps)))}`);
  }
  summary.push(keys.join(' '));
}

// What each Switchboard logged at WARN or ERROR from the first warm-up on.
const offsets = Object.fromEntries(opt.offsets.split(',').filter(Boolean).map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)]));
const logged = switchboards.map((t) => ({ label: t.label, counts: warnings(`${opt.logs}/switchboard-${t.label}.log`, offsets[t.label] ?? 0) }));
out('## What each Switchboard logged at WARN or ERROR while loaded');
out();
if (logged.every((l) => !l.counts.size)) {
  out('Nothing.');
} else {
  out('| Switchboard | lines | message (digits as N) |');
  out('|---|---:|---|');
  for (const l of logged) {
    for (const [message, count] of [...l.counts].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
      out(`| ${l.label} | ${count} | \`${message.replace(/\|/g, '\\|')}\` |`);
    }
  }
}
out();

const warmupErrors = plan.targets.reduce((n, t) => n + (rows.find((r) => r.label === t.label)?.warmup?.errors ?? 0), 0);
const errors = rows.reduce((n, r) => n + r.errors, 0) + warmupErrors;
const warned = logged.map((l) => `${l.label.toLowerCase()}:${[...l.counts.values()].reduce((a, b) => a + b, 0)}`).join(',');
const first = rows.find((r) => r.firstError);
if (first) {
  out(`First error (${first.label}, round ${first.round}, ${first.concurrency} clients): \`${first.firstError}\``);
  out();
}
out(`COMPARE ${summary.join(' ')} errors=${errors} warn_lines=${warned}`);
writeFileSync(opt.out, lines.join('\n') + '\n');
console.log(lines.join('\n'));
