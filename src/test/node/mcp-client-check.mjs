// Drives a Switchboard MCP URL with the official TypeScript MCP SDK client, as Claude Desktop or Cursor would,
// and checks named behaviours of it, each one a function in CHECKS below.
//
// Env:
//   MCP_URL        the gateway URL to connect to.
//   TRANSPORT      "streamable" (the default) or "sse" for the legacy HTTP+SSE transport.
//   API_KEY or AUTHORIZATION (a full Authorization header value).
//   CHECK          one check name or a comma list (see CHECKS). The client connects once, then runs exactly these
//                  checks in the given order; a failed check does not stop the ones after it.
//   EXPECT         JSON naming what the checks use; each check reads only its own fields and fails when one it
//                  needs is missing:
//     "tools": exposed names that must be listed, "absent": names that must not (listing);
//     "call": an exposed echo tool (echo, cancel);
//     "progressTool": an exposed long-running tool (progress);
//     "failedTool": a tool whose upstream is down (failedUpstream);
//     "dyingTool": an exposed long-running tool whose upstream process is "killPid"; it is killed (SIGKILL) after the
//       call's first progress notification, and the call must end as a tool error, not a wait (upstreamDiesMidCall);
//     "samplingTool" / "elicitationTool": exposed server-everything tools that ask the client to sample or elicit
//       (sampling, elicitation). When either is given the client declares both capabilities and answers them;
//     "cancelTool": a long-running tool to call and cancel after its first progress notification (cancel);
//     "resource": an exposed resource URI that must be listed and readable (resources);
//     "templateUri": an exposed URI that one listed template matches (templates);
//     "prompt": an exposed prompt name (prompts);
//     "subscribe": {"uri": exposed URI, "toggleTool": server-everything's toggle-subscriber-updates, "updates": how
//       many to wait for (default 1)}: subscribes and waits for the upstream's resources/updated notification,
//       which it sends on its standalone stream (subscription);
//     "rateLimited": {"tool": an exposed tool, "arguments": its arguments (default none), "atMost": how many calls
//       may go before one is refused (default 20)}: calls it until the gateway refuses one over a rate limit, reads the time to
//       wait from the error, waits exactly that long, and calls it again in the same session (rateLimited).
//
// Output: one JSON line of results when every check passed (exit 0). Otherwise one line
// "CHECK <name> FAILED: <assertion message>" per failed check, then the JSON line of what was gathered, and exit 1;
// a failed connection is reported as the check "connect".
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { CreateMessageRequestSchema, ElicitRequestSchema, ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

const url = new URL(process.env.MCP_URL);
const expect = JSON.parse(process.env.EXPECT ?? '{}');
const headers = process.env.AUTHORIZATION ? { Authorization: process.env.AUTHORIZATION } : { 'x-api-key': process.env.API_KEY };
const legacy = process.env.TRANSPORT === 'sse';
const transport = legacy
  ? new SSEClientTransport(url, { requestInit: { headers } })
  : new StreamableHTTPClientTransport(url, { requestInit: { headers } });
const asksClient = Boolean(expect.samplingTool || expect.elicitationTool);
const client = new Client({ name: 'switchboard-test-client', version: '1.0.0' },
  { capabilities: asksClient ? { sampling: {}, elicitation: { form: {} } } : {} });
const report = {};
const serverRequests = [];
if (asksClient) {
  client.setRequestHandler(CreateMessageRequestSchema, (request) => {
    serverRequests.push(request.method);
    return { role: 'assistant', model: 'test-model', content: { type: 'text', text: 'sampled by the test client' } };
  });
  client.setRequestHandler(ElicitRequestSchema, (request) => {
    serverRequests.push(request.method);
    return { action: 'accept', content: { name: 'Ada' } };
  });
}

/** The EXPECT field a check needs; fails the check when the caller did not give it. */
function expected(field) {
  assert.ok(expect[field], `EXPECT.${field} is required by this check`);
  return expect[field];
}

async function session() {
  report.sessionId = transport.sessionId;
  if (!legacy) {
    assert.ok(transport.sessionId, 'the gateway must issue an Mcp-Session-Id');
    report.protocolVersion = transport.protocolVersion;
  }
  assert.ok(client.getServerCapabilities()?.tools, 'the gateway must advertise tools');
}

async function listing() {
  const { tools } = await client.listTools();
  report.tools = tools.map((t) => t.name).sort();
  for (const name of expected('tools')) assert.ok(report.tools.includes(name), `${name} must be listed; got ${report.tools}`);
  for (const name of expect.absent ?? []) assert.ok(!report.tools.includes(name), `${name} must not be listed`);
}

async function echo() {
  const echoed = await client.callTool({ name: expected('call'), arguments: { message: 'hello through switchboard' } });
  report.echo = echoed.content[0].text;
  assert.equal(report.echo, 'Echo: hello through switchboard');
}

async function progress() {
  const arrivals = [];
  const started = Date.now();
  const result = await client.callTool({ name: expected('progressTool'), arguments: { duration: 2, steps: 4 } }, undefined, {
    onprogress: (p) => arrivals.push({ progress: p.progress, total: p.total, at: Date.now() - started }),
    timeout: 30000,
  });
  report.progress = arrivals;
  report.progressResult = result.content[0].text;
  // Over legacy SSE the SDK client drops the last progress notification when the result follows it at once
  // (seen directly against server-everything's own sse mode too), so only the first three are required there.
  const required = legacy ? [1, 2, 3] : [1, 2, 3, 4];
  assert.deepEqual(arrivals.map((a) => a.progress).slice(0, required.length), required);
  // Relayed event by event, the notifications arrive spread over the operation (a step is 500 ms);
  // a buffering proxy would deliver them all at once with the result.
  assert.ok(arrivals[2].at - arrivals[0].at >= 500, `progress arrived at once: ${JSON.stringify(arrivals)}`);
  assert.match(report.progressResult, /Long running operation completed/);
}

async function failedUpstream() {
  const failed = await client.callTool({ name: expected('failedTool'), arguments: { message: 'x' } });
  report.failedToolError = failed.isError === true;
  assert.equal(failed.isError, true, 'a call to a dead upstream must be a tool error, not a broken endpoint');
}

async function upstreamDiesMidCall() {
  const pid = Number(expected('killPid'));
  const started = Date.now();
  let killed = false;
  const result = await client.callTool({ name: expected('dyingTool'), arguments: { duration: 30, steps: 30 } }, undefined, {
    onprogress: () => {
      if (!killed) {
        killed = true;
        process.kill(pid, 'SIGKILL');
      }
    },
    // Far below the 30 s the operation would take: a client left waiting fails here, not at the SDK's default.
    timeout: 20000,
  });
  report.dyingToolError = { isError: result.isError === true, afterMs: Date.now() - started };
  assert.ok(killed, 'the upstream must have sent a progress notification before it was killed');
  assert.equal(result.isError, true, `a call whose upstream died must end as a tool error: ${JSON.stringify(result)}`);
}

/** Calls a tool that makes the upstream send one request to the client; answers the requests it sent meanwhile. */
async function callAskingTheClient(tool, args) {
  const before = serverRequests.length;
  const result = await client.callTool({ name: tool, arguments: args });
  report.serverRequests = serverRequests;
  return { content: JSON.stringify(result.content), asked: serverRequests.slice(before) };
}

async function sampling() {
  const { content, asked } = await callAskingTheClient(expected('samplingTool'), { prompt: 'say hi', maxTokens: 20 });
  report.sampling = content;
  assert.deepEqual(asked, ['sampling/createMessage'], 'the upstream must ask the client to sample, once');
  assert.match(report.sampling, /sampled by the test client/, 'the sampling request must reach the client and its answer the upstream');
}

async function elicitation() {
  const { content, asked } = await callAskingTheClient(expected('elicitationTool'), {});
  report.elicitation = content;
  assert.deepEqual(asked, ['elicitation/create'], 'the upstream must ask the client to elicit, once');
  assert.match(report.elicitation, /Ada/, 'the elicitation request must reach the client and its answer the upstream');
}

async function cancel() {
  const echoTool = expected('call');
  const controller = new AbortController();
  const started = Date.now();
  const cancelled = await client.callTool({ name: expected('cancelTool'), arguments: { duration: 10, steps: 10 } }, undefined, {
    signal: controller.signal,
    onprogress: () => controller.abort('the test cancels after the first progress'),
    timeout: 30000,
  }).then(() => null, (e) => e);
  report.cancelled = { error: String(cancelled), afterMs: Date.now() - started };
  assert.ok(cancelled, 'a cancelled call must not complete');
  assert.ok(report.cancelled.afterMs < 5000, `the cancel must take effect before the 10 s operation ends: ${report.cancelled.afterMs}`);
  // The session stays usable after a cancellation.
  const after = await client.callTool({ name: echoTool, arguments: { message: 'after cancel' } });
  assert.equal(after.content[0].text, 'Echo: after cancel');
}

async function resources() {
  const uri = expected('resource');
  const listed = await client.listResources();
  assert.ok(listed.resources.some((r) => r.uri === uri), `${uri} must be listed`);
  const read = await client.readResource({ uri });
  assert.ok(read.contents.length > 0, 'a listed resource must be readable through the gateway');
  report.resourceRead = read.contents[0].uri;
  assert.equal(report.resourceRead, uri, 'the read content names the resource as the client knows it');
}

async function templates() {
  const uri = expected('templateUri');
  const { resourceTemplates } = await client.listResourceTemplates();
  report.templates = resourceTemplates.map((t) => t.uriTemplate);
  const read = await client.readResource({ uri });
  report.templateRead = read.contents[0]?.text ?? read.contents[0]?.blob?.length;
  assert.ok(read.contents.length > 0, `${uri} must be readable through a listed template`);
}

async function prompts() {
  const name = expected('prompt');
  const listed = await client.listPrompts();
  assert.ok(listed.prompts.some((p) => p.name === name), `${name} must be listed`);
  const prompt = await client.getPrompt({ name, arguments: {} });
  report.promptMessages = prompt.messages.length;
  assert.ok(prompt.messages.length > 0, `${name} must render at least one message`);
}

async function subscription() {
  const { uri, toggleTool, updates } = expected('subscribe');
  // server-everything sends one update at once (during the toggle call), then one every 5 s, when no call
  // is in flight: "updates": 2 also waits for one of those.
  const wanted = updates ?? 1;
  const updated = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fewer than ${wanted} notifications/resources/updated within 15 s`)), 15000);
    let count = 0;
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
      if (++count >= wanted) {
        clearTimeout(timer);
        resolve(notification.params.uri);
      }
    });
  });
  await client.subscribeResource({ uri });
  await client.callTool({ name: toggleTool, arguments: {} });
  report.updatedUri = await updated;
  assert.equal(report.updatedUri, uri, 'the update names the resource as the client knows it');
  await client.callTool({ name: toggleTool, arguments: {} });
  await client.unsubscribeResource({ uri });
}

async function unknownTool() {
  const unknown = await client.callTool({ name: 'nope__nothing', arguments: {} }).then(() => null, (e) => e);
  assert.ok(unknown, 'an unknown tool must be an error');
  report.unknownToolError = unknown.code;
}

async function ping() {
  await client.ping();
  report.pinged = true;
}

async function terminate() {
  assert.ok(!legacy, 'terminate needs the Streamable HTTP transport: legacy SSE has no session to delete');
  assert.ok(transport.sessionId, 'there must be a session to terminate');
  await transport.terminateSession();
  report.terminated = transport.sessionId === undefined;
  assert.equal(report.terminated, true, 'a terminated session must be forgotten by the client');
}

/**
 * The SDK throws on a non-2xx answer to a POST before it reads the body as JSON-RPC: over Streamable HTTP a
 * StreamableHTTPError whose code is the HTTP status, over legacy SSE an Error naming the status. Either way the
 * gateway's JSON-RPC error (code, data.retry_after_ms) is in the message's text, and that is what an agent reads.
 */
function refusal(e) {
  const status = e?.code === 429 || /\(HTTP 429\)/.test(e?.message ?? '') ? 429 : e?.code;
  const text = String(e?.message ?? e);
  const start = text.indexOf('{');
  let body = null;
  try {
    body = start < 0 ? null : JSON.parse(text.slice(start));
  } catch {
    body = null;
  }
  return { status, name: e?.constructor?.name, message: text, body };
}

async function rateLimited() {
  const { tool, arguments: args = {}, atMost = 20 } = expected('rateLimited');
  const sessionBefore = transport.sessionId;
  let admitted = 0;
  let refused = null;
  while (!refused && admitted < atMost) {
    const outcome = await client.callTool({ name: tool, arguments: args }).then((result) => ({ result }), (error) => ({ error }));
    if (outcome.error) refused = refusal(outcome.error);
    else {
      assert.notEqual(outcome.result.isError, true, `an admitted call must succeed: ${JSON.stringify(outcome.result)}`);
      admitted++;
    }
  }
  report.rateLimited = { admitted, refused };
  assert.ok(refused, `no call was refused within ${admitted} calls`);
  assert.equal(refused.status, 429, `a refused call must surface as HTTP 429: ${refused.message}`);
  assert.ok(refused.body, `the error must carry the gateway's JSON-RPC answer: ${refused.message}`);
  assert.equal(refused.body.error?.code, -32029, `the JSON-RPC error code of a rate limit: ${refused.message}`);
  const waitMs = refused.body.error?.data?.retry_after_ms;
  assert.ok(Number.isInteger(waitMs) && waitMs > 0, `the error must carry data.retry_after_ms: ${refused.message}`);
  assert.match(refused.message, new RegExp(`retry in ${waitMs} ms`), 'the readable message names the wait too');
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  const after = await client.callTool({ name: tool, arguments: args });
  report.rateLimited.afterWait = { waitedMs: waitMs, isError: after.isError === true };
  assert.notEqual(after.isError, true, `the call after the wait must succeed: ${JSON.stringify(after)}`);
  assert.equal(transport.sessionId, sessionBefore, 'the session must be the same one after the refusal');
}

const CHECKS = {
  session, listing, echo, progress, failedUpstream, upstreamDiesMidCall, sampling, elicitation, cancel,
  resources, templates, prompts, subscription, unknownTool, ping, terminate, rateLimited,
};

const selected = (process.env.CHECK ?? '').split(',').map((name) => name.trim()).filter(Boolean);
const unknownChecks = selected.filter((name) => !Object.hasOwn(CHECKS, name));
if (selected.length === 0 || unknownChecks.length > 0) {
  console.log(`CHECK must name one or more of ${Object.keys(CHECKS).join(', ')}; got "${process.env.CHECK ?? ''}"`);
  process.exit(2);
}

const describe = (e) => (e instanceof assert.AssertionError ? e.message : `${e?.name ?? 'Error'}: ${e?.message ?? e}`);
const failures = [];
try {
  await client.connect(transport);
} catch (e) {
  failures.push(`CHECK connect FAILED: ${describe(e)}`);
}
if (failures.length === 0) {
  for (const name of selected) {
    try {
      await CHECKS[name]();
    } catch (e) {
      failures.push(`CHECK ${name} FAILED: ${describe(e)}`);
    }
  }
  // Leave no session behind on the gateway, whichever checks ran.
  if (!legacy && transport.sessionId) await transport.terminateSession().catch(() => {});
  await client.close().catch(() => {});
}
for (const failure of failures) console.log(failure);
console.log(JSON.stringify(report));
process.exit(failures.length > 0 ? 1 : 0);
