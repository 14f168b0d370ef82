// The summary of an async-profiler collapsed profile of a Switchboard (bench/profile.sh): where its event loops'
// samples go. Kernel frames (a "_[k]" suffix) are counted apart: they are the socket reads and writes, which a
// pass-through makes as many of per call. The rest is attributed to its owner (the nearest frame that is not
// the JDK's, by package) and, inclusively, to the gateway's stages.
//   node bench/profile-summary.mjs profile.collapsed [--title text] > summary.md
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const args = process.argv.slice(2);
const file = args[0];
const titleAt = args.indexOf('--title');
const title = titleAt >= 0 ? args[titleAt + 1] : file;

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
  ['JSON parsed (Jackson readTree)', /ObjectMapper\.readTree|ObjectMapper\._readTreeAndClose/],
  ['JSON written (JsonRpc.encode)', /JsonRpc\.encode/],
  ['Mutiny (any frame)', /^io\/smallrye\/mutiny\//],
  ['Micrometer (any frame)', /^io\/micrometer\/|^io\/quarkus\/micrometer\//],
  ['audit (record and write)', /dev\/switchboard\/audit\//],
  ['PostgreSQL client', /^io\/vertx\/(pgclient|sqlclient)\//],
];
const JDK = /^(java|jdk|sun)\//;

const threads = new Map();
const owners = new Map();
const selfFrames = new Map();
const stages = new Array(STAGES.length).fill(0);
let loop = 0;
let kernel = 0;
let total = 0;
const add = (map, key, n) => map.set(key, (map.get(key) ?? 0) + n);

for await (const line of createInterface({ input: createReadStream(file) })) {
  const cut = line.lastIndexOf(' ');
  if (cut < 0) continue;
  const count = Number(line.slice(cut + 1));
  const frames = line.slice(0, cut).split(';');
  total += count;
  const thread = frames[0].replace(/^\[/, '').replace(/ tid=\d+\]$/, '').replace(/-?\d+$/, '#');
  add(threads, thread, count);
  if (!thread.startsWith('vert.x-eventloop-thread')) continue;
  loop += count;
  const stack = frames.slice(1);
  if (stack.some((frame) => frame.endsWith('_[k]'))) {
    kernel += count;
    continue;
  }
  add(selfFrames, stack[stack.length - 1], count);
  let owner = 'JVM and JDK only';
  for (let i = stack.length - 1; i >= 0; i--) {
    if (stack[i].includes('/') && !JDK.test(stack[i])) {
      owner = stack[i].split('/').slice(0, 3).join('/');
      break;
    }
  }
  add(owners, owner, count);
  STAGES.forEach(([, pattern], i) => {
    if (stack.some((frame) => pattern.test(frame))) stages[i] += count;
  });
}

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
console.log(out.join('\n'));
