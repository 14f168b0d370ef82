// One MCP session across gateway instances, with the official TypeScript MCP SDK client.
// PHASE=init: initialize a session at MCP_URL and leave it open (no DELETE).
// PHASE=continue: resume the session SESSION_ID (negotiated PROTOCOL_VERSION) at MCP_URL, which may be another
// instance: the SDK client skips initialize when its transport already has a session id. TERMINATE=true ends
// the session (DELETE) afterwards.
// Both phases then check, with API_KEY: EXPECT (JSON: {"tools": [exposed names that must be listed], "absent":
// [names that must not], "calls": [echo tools that must answer], "failedCalls": [tools that must answer a tool
// error]}). Prints one JSON line of results; exits non-zero on the first failed assertion.
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const phase = process.env.PHASE;
assert.ok(phase === 'init' || phase === 'continue', `PHASE must be init or continue, not ${phase}`);
const expect = JSON.parse(process.env.EXPECT);
const transport = new StreamableHTTPClientTransport(new URL(process.env.MCP_URL), {
  requestInit: { headers: { 'x-api-key': process.env.API_KEY } },
  sessionId: phase === 'continue' ? process.env.SESSION_ID : undefined,
});
const client = new Client({ name: 'switchboard-replica-check', version: '1.0.0' });
const report = { phase };

if (phase === 'continue') {
  assert.ok(process.env.SESSION_ID, 'SESSION_ID is required to continue a session');
  // Without an initialize the transport cannot learn the version: it sends the one negotiated before.
  transport.setProtocolVersion(process.env.PROTOCOL_VERSION);
}
await client.connect(transport);
report.sessionId = transport.sessionId;
report.protocolVersion = transport.protocolVersion;
assert.ok(report.sessionId, 'the gateway must issue an Mcp-Session-Id');
if (phase === 'continue') {
  assert.equal(report.sessionId, process.env.SESSION_ID, 'the session must be continued, not replaced');
}

const { tools } = await client.listTools();
report.tools = tools.map((t) => t.name).sort();
for (const name of expect.tools) assert.ok(report.tools.includes(name), `${name} must be listed; got ${report.tools}`);
for (const name of expect.absent ?? []) assert.ok(!report.tools.includes(name), `${name} must not be listed`);

report.echoes = {};
for (const name of expect.calls ?? []) {
  const echo = await client.callTool({ name, arguments: { message: `hello from ${phase}` } });
  assert.notEqual(echo.isError, true, `${name} must answer: ${JSON.stringify(echo)}`);
  report.echoes[name] = echo.content[0].text;
  assert.equal(report.echoes[name], `Echo: hello from ${phase}`);
}

report.toolErrors = {};
for (const name of expect.failedCalls ?? []) {
  const failed = await client.callTool({ name, arguments: { message: 'x' } });
  report.toolErrors[name] = failed.content?.[0]?.text;
  assert.equal(failed.isError, true, `${name} must answer a tool error, not break the endpoint: ${JSON.stringify(failed)}`);
}

await client.ping();
if (process.env.TERMINATE === 'true') {
  await transport.terminateSession();
  report.terminated = transport.sessionId === undefined;
  assert.ok(report.terminated, 'the session must be terminated');
}
// close() only aborts this process's requests: it sends no DELETE, so an unterminated session stays open.
await client.close();
console.log(JSON.stringify(report));
