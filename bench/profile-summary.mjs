// The summary of an async-profiler collapsed profile of a Switchboard (bench/profile.sh): where its event loops'
// samples go. Kernel frames (a "_[k]" suffix) are counted apart: they are the socket reads and writes, which a
// pass-through makes as many of per call. The rest is attributed to its owner (the nearest frame that is not
// the JDK's, by package) and, inclusively, to the gateway's stages. With --against, a second profile (the
// pass-through's, of the same run) is read too and both are put in µs per call by layer: each process's CPU µs per
// call (from the run, given) split by its samples' shares.
//   node bench/profile-summary.mjs profile.collapsed [--title text]
//     [--against passthrough.collapsed --against-name 'the pass-through' --cpu-per-call 48 --against-cpu-per-call 26] > summary.md
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const args = process.argv.slice(2);
const file = args[0];
const titleAt = args.indexOf('--title');
const title = titleAt >= 0 ? args[titleAt + 1] : file;
const option = (name) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : null);
const against = option('--against');
const againstName = option('--against-name') ?? 'the pass-through';

// Inclusive shares of the event loops' user-space samples: label, and a pattern one frame of the stack matches.
const STAGES = [
  ['HTTP request decoding (Netty)', /HttpObjectDecoder\.decode/],
  ['HTTP encoding (Netty)', /HttpObjectEncoder\.encode/],
  ['Vert.x Web route matching (paths, methods)', /RouteState\.matches/],
  ['Quarkus HTTP authentication', /HttpAuthenticator\.attemptAuthentication|HttpAuthenticator\.authenticate/],
  ['stage: transport rules (with the request parsed)', /pipeline\/TransportRules\.check/],
  ['stage: authentication', /pipeline\/Authentication\.authenticate/],
  ['stage: resolution', /pipeline\/Resolution\.resolve/],
  ['stage: admission (rate limits)', /pipeline\/Admission\./],
  ['stage: user credentials', /pipeline\/UserCredentials\.settle/],
  ['MCP session opened (sealed id)', /McpSessions\.open/],
  ['upstream request sent', /UpstreamHttp\.send/],
  ['upstream answer read and relayed', /UpstreamRelay\./],
  ['answer written to the client', /StreamableReply\.send/],
  ['JSON parsed into a tree (MessageReader, Jackson\'s readTree)', /MessageReader\.read|ObjectMapper\.readTree|ObjectMapper\._readTreeAndClose/],
  ['JSON written (JsonRpc.encode)', /JsonRpc\.encode/],
  ['Mutiny (any frame)', /^io\/smallrye\/mutiny\//],
  ['Micrometer (any frame)', /^io\/micrometer\/|^io\/quarkus\/micrometer\//],
  ['audit (record and write)', /dev\/switchboard\/audit\//],
  ['PostgreSQL client', /^io\/vertx\/(pgclient|sqlclient)\//],
];
const JDK = /^(java|jdk|sun)\//;

// The layers of the side-by-side table: the first whose pattern the sample's owner matches.
const LAYERS = [
  ['Netty', /^io\/netty\//],
  ['Vert.x core', /^io\/vertx\/core/],
  ['Vert.x Web', /^io\/vertx\/ext/],
  ['Quarkus (HTTP layer, Arc, …)', /^io\/quarkus\/(?!micrometer)/],
  ['Micrometer and Prometheus', /^io\/micrometer\/|^io\/quarkus\/micrometer|^io\/prometheus\//],
  ['Jackson', /^com\/fasterxml\/jackson/],
  ['Mutiny', /^io\/smallrye\//],
  ['PostgreSQL client', /^io\/vertx\/(pgclient|sqlclient)/],
  ['Switchboard\'s own classes', /^dev\/switchboard\//],
  ['the benchmark\'s own classes', /^(BenchProxy|BenchUpstream|bench\/floor\/)/],
  ['JVM and JDK only', /^JVM and JDK only$/],
];
const layerOf = (owner) => (LAYERS.find(([, pattern]) => pattern.test(owner)) ?? ['other'])[0];

async function read(path) {
  const p = {
    threads: new Map(), owners: new Map(), selfFrames: new Map(), layers: new Map(),
    stages: new Array(STAGES.length).fill(0), loop: 0, kernel: 0, total: 0,
  };
  for await (const line of createInterface({ input: createReadStream(path) })) {
    const cut = line.lastIndexOf(' ');
    if (cut < 0) continue;
    const count = Number(line.slice(cut + 1));
    const frames = line.slice(0, cut).split(';');
    p.total += count;
    const thread = frames[0].replace(/^\[/, '').replace(/ tid=\d+\]$/, '').replace(/-?\d+$/, '#');
    add(p.threads, thread, count);
    if (!thread.startsWith('vert.x-eventloop-thread')) {
      add(p.layers, 'other threads (JIT compilers, GC, …)', count);
      continue;
    }
    p.loop += count;
    const stack = frames.slice(1);
    if (stack.some((frame) => frame.endsWith('_[k]'))) {
      p.kernel += count;
      add(p.layers, 'event loops in the kernel', count);
      continue;
    }
    add(p.selfFrames, stack[stack.length - 1], count);
    let owner = 'JVM and JDK only';
    for (let i = stack.length - 1; i >= 0; i--) {
      if (stack[i].includes('/') && !JDK.test(stack[i])) {
        owner = stack[i].split('/').slice(0, 3).join('/');
        break;
      }
      if (/^(BenchProxy|BenchUpstream)/.test(stack[i])) {
        owner = stack[i].split('.')[0];
        break;
      }
    }
    add(p.owners, owner, count);
    add(p.layers, layerOf(owner), count);
    STAGES.forEach(([, pattern], i) => {
      if (stack.some((frame) => pattern.test(frame))) p.stages[i] += count;
    });
  }
  return p;
}

const add = (map, key, n) => map.set(key, (map.get(key) ?? 0) + n);
const profile = await read(file);
const { threads, owners, selfFrames, stages, loop, kernel, total } = profile;

const user = loop - kernel;
const pct = (n, of) => `${((100 * n) / of).toFixed(1)}%`;
const top = (map, n) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
const out = [];
out.push(`# Profile: ${title}`, '');
out.push(`${total.toLocaleString('en')} samples; the event loops took ${pct(loop, total)} of them. Of the event loops' samples, `
  + `**${pct(kernel, loop)} were in the kernel** (socket reads and writes, epoll) and ${pct(user, loop)} in user space; the `
  + 'tables below are shares of the user-space ones.', '');
out.push('| thread | share of all samples |', '|---|---:|');
for (const [name, n] of top(threads, 8)) out.push(`| ${name} | ${pct(n, total)} |`);
out.push('', '## By owner (the nearest frame that is not the JDK\'s, by package)', '', '| owner | share |', '|---|---:|');
for (const [name, n] of top(owners, 20)) out.push(`| \`${name}\` | ${pct(n, user)} |`);
out.push('', '## Stages and layers, inclusive (a sample counts in every line whose frame it has)', '', '| what | share |', '|---|---:|');
STAGES.forEach(([label], i) => out.push(`| ${label} | ${pct(stages[i], user)} |`));
out.push('', '## Hottest frames (self)', '', '| frame | share |', '|---|---:|');
for (const [name, n] of top(selfFrames, 20)) out.push(`| \`${name}\` | ${pct(n, user)} |`);
if (against) {
  const base = await read(against);
  const cpu = Number(option('--cpu-per-call'));
  const baseCpu = Number(option('--against-cpu-per-call'));
  const perCall = (p, perCallUs, name) => (perCallUs * (p.layers.get(name) ?? 0)) / p.total;
  const names = ['event loops in the kernel', ...LAYERS.map(([name]) => name), 'other',
    'other threads (JIT compilers, GC, …)'];
  const us = (n) => n.toFixed(1);
  out.push('', `## Against ${againstName}, µs per call by layer`, '',
    `Each process's CPU µs per call in the profiled windows (this one ${cpu}, ${againstName} ${baseCpu}), split `
    + 'by the shares of its samples; both profiled alike, so both run slower than unprofiled.', '',
    `| layer (owner of the sample) | ${againstName.replace(/^the /, '')} | this | difference |`, '|---|---:|---:|---:|');
  for (const name of names) {
    const a = perCall(profile, cpu, name);
    const b = perCall(base, baseCpu, name);
    if (a < 0.05 && b < 0.05) continue;
    out.push(`| ${name} | ${us(b)} | ${us(a)} | ${a - b >= 0 ? '+' : ''}${us(a - b)} |`);
  }
  out.push(`| **all** | **${us(baseCpu)}** | **${us(cpu)}** | **+${us(cpu - baseCpu)}** |`);
  out.push('', `### ${againstName[0].toUpperCase()}${againstName.slice(1)}'s hottest frames (self, share of its event loops' user-space samples)`, '',
    '| frame | share |', '|---|---:|');
  for (const [name, n] of top(base.selfFrames, 12)) out.push(`| \`${name}\` | ${pct(n, base.loop - base.kernel)} |`);
}
console.log(out.join('\n'));
