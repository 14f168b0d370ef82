// Renders load.mjs results (one JSON object a line) as a Markdown table.
import { readFileSync } from 'node:fs';

const rows = readFileSync(process.argv[2], 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const direct = Object.fromEntries(rows.filter((r) => r.label === 'direct').map((r) => [r.concurrency, r]));
const ms = (v) => (Number.isFinite(v) ? v.toFixed(2) : '-');
const us = (v) => (v == null ? '-' : String(v));

console.log('| clients | target | calls/s | p50 ms | p90 ms | p99 ms | errors | gateway/direct calls/s | CPU µs/call upstream | gateway | load gen |');
console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const d = direct[r.concurrency];
  const ratio = r.label === 'gateway' && d?.rps ? `${(r.rps / d.rps).toFixed(2)}×` : '';
  const cpu = r.cpuUsPerCall;
  const gatewayCpu = r.label === 'gateway' ? us(cpu.gateway) : '-';
  console.log(`| ${r.concurrency} | ${r.label} | ${r.rps} | ${ms(r.p50)} | ${ms(r.p90)} | ${ms(r.p99)} | ${r.errors} | ${ratio} | ${us(cpu.upstream)} | ${gatewayCpu} | ${us(cpu.loadgen)} |`);
}
const failures = rows.filter((r) => r.firstError);
for (const r of failures) console.log(`\nFirst error (${r.label}, ${r.concurrency} clients): \`${r.firstError}\``);
