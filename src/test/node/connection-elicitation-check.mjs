// An agent whose client can open links for its user (URL-mode elicitation, MCP 2025-11-25) connects an account
// from inside the conversation: switchboard_connections_start asks the client to open the link, the "user" completes
// the link's form in a "browser", and the same tool call answers ACTIVE; the toolkit's tool then answers as the
// user. A second start is declined by the user and says so. Runs with the v1 TypeScript SDK client (a session,
// 2025-11-25: the request arrives on the call's stream, and notifications/elicitation/complete follows) or the v2
// client pinned to 2026-07-28 (the request arrives as an input_required round the SDK answers and retries).
//
// Env: MCP_URL, API_KEY, PUBLIC_URL and BASE_URL (the link is on PUBLIC_URL; the test's server listens at BASE_URL),
// TOOLKIT (e.g. crm), TOOL (its tool, e.g. crm__whoami), KEY (what the user enters), CLIENT (v1 or v2).
// Output: failed checks, one per line, then one JSON line of what was seen; exit 1 when a check failed.
import assert from 'node:assert/strict';
import { completeTheLink } from './link-form.mjs';

const { MCP_URL, API_KEY, PUBLIC_URL, BASE_URL, TOOLKIT, TOOL, KEY, CLIENT } = process.env;
const report = { elicitations: [], completions: [] };
const capabilities = { elicitation: { url: {} } };
const headers = { 'x-api-key': API_KEY };

/** The first request is accepted (the user opens the link a moment later), the next ones declined. */
async function answer(params) {
  report.elicitations.push({ mode: params.mode, elicitationId: params.elicitationId, url: params.url });
  if (report.elicitations.length > 1) {
    return { action: 'decline' };
  }
  setTimeout(() => completeTheLink(params.url, KEY, { publicUrl: PUBLIC_URL, baseUrl: BASE_URL }).catch((e) => { report.linkFailure = String(e); }), 300);
  return { action: 'accept' };
}

let client;
if (CLIENT === 'v2') {
  const { Client, StreamableHTTPClientTransport } = await import('@modelcontextprotocol/client');
  client = new Client({ name: 'switchboard-connection-elicitation', version: '1.0.0' },
    { capabilities, versionNegotiation: { mode: { pin: '2026-07-28' } } });
  client.setRequestHandler('elicitation/create', async (request) => answer(request.params));
  await client.connect(new StreamableHTTPClientTransport(new URL(MCP_URL), { requestInit: { headers } }));
} else {
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  const { ElicitRequestSchema, ElicitationCompleteNotificationSchema } = await import('@modelcontextprotocol/sdk/types.js');
  client = new Client({ name: 'switchboard-connection-elicitation', version: '1.0.0' }, { capabilities });
  client.setRequestHandler(ElicitRequestSchema, async (request) => answer(request.params));
  client.setNotificationHandler(ElicitationCompleteNotificationSchema, (n) => { report.completions.push(n.params.elicitationId); });
  await client.connect(new StreamableHTTPClientTransport(new URL(MCP_URL), { requestInit: { headers } }));
}

const failures = [];
const check = async (name, body) => {
  try {
    await body();
  } catch (e) {
    failures.push(`CHECK ${name} FAILED: ${e instanceof assert.AssertionError ? e.message : `${e?.name}: ${e?.message ?? e}`}`);
  }
};
const text = (result) => result.content.map((part) => part.text).join('\n');

await check('connect by elicitation', async () => {
  report.protocolVersion = client.getNegotiatedProtocolVersion?.() ?? client.getServerVersion?.()?.version;
  const started = await client.callTool({ name: 'switchboard_connections_start', arguments: { toolkit: TOOLKIT } });
  report.started = started.structuredContent;
  assert.equal(started.isError ?? false, false, text(started));
  assert.equal(report.elicitations.length, 1, 'the client was asked once');
  const [asked] = report.elicitations;
  assert.equal(asked.mode, 'url');
  assert.match(asked.url, /\/link\/lt_\w+$/, 'the request carries the link');
  // 2026-07-28 dropped elicitationId (and the completion notice keyed by it).
  assert.equal(asked.elicitationId, CLIENT === 'v2' ? undefined : started.structuredContent.connected_account_id,
    'the elicitation is the connection');
  assert.equal(started.structuredContent.status, 'ACTIVE', 'the same call answers once the user connected');
  assert.equal(started.structuredContent.user_answer, 'accept');
  assert.equal(report.linkFailure, undefined);
  if (CLIENT !== 'v2') {
    assert.deepEqual(report.completions, [asked.elicitationId], 'a session client is told the elicitation is complete');
  }
});

await check('the toolkit answers as the user', async () => {
  const answered = await client.callTool({ name: TOOL, arguments: {} });
  assert.equal(answered.isError ?? false, false, text(answered));
  report.answered = text(answered);
});

await check('a declined request says so', async () => {
  const declined = await client.callTool({ name: 'switchboard_connections_start', arguments: { toolkit: TOOLKIT } });
  report.declined = declined.structuredContent;
  assert.equal(declined.isError ?? false, false, text(declined));
  assert.equal(report.elicitations.length, 2, 'the client was asked again');
  assert.equal(declined.structuredContent.user_answer, 'decline');
  assert.match(declined.structuredContent.redirect_url, /\/link\/lt_\w+$/, 'the link is still given');
});

await client.close().catch(() => {});
for (const failure of failures) console.log(failure);
console.log(JSON.stringify(report));
process.exit(failures.length > 0 ? 1 : 0);
