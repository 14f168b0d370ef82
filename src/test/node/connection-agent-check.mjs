// An agent's run with the official TypeScript MCP SDK client against a Switchboard URL whose toolkit needs the user's
// own connection: list tools (the connection tools are there, the toolkit's are not yet), call the toolkit's tool
// (a tool error with a link), complete the link's form as the user would in a browser, wait for the connection with
// the connection tool, and call the toolkit's tool again in the same session.
//
// Env: MCP_URL (the per-user URL), API_KEY, PUBLIC_URL and BASE_URL (the link is on PUBLIC_URL; this test's server
// listens at BASE_URL), TOOL (the toolkit tool, e.g. crm__whoami), KEY (the key the user enters).
// Output: one JSON line of what was seen; exit 1 on the first failed assertion.
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { completeTheLink } from './link-form.mjs';

const { MCP_URL, API_KEY, PUBLIC_URL, BASE_URL, TOOL, KEY } = process.env;
const transport = new StreamableHTTPClientTransport(new URL(MCP_URL), { requestInit: { headers: { 'x-api-key': API_KEY } } });
const client = new Client({ name: 'switchboard-agent', version: '1.0.0' }, { capabilities: {} });
await client.connect(transport);
const report = {};

const names = async () => (await client.listTools()).tools.map((tool) => tool.name);
const text = (result) => result.content.map((part) => part.text).join('\n');

report.toolsBefore = await names();
for (const tool of ['switchboard_connections_list', 'switchboard_connections_start', 'switchboard_connections_wait']) {
  assert.ok(report.toolsBefore.includes(tool), `${tool} is listed: ${report.toolsBefore}`);
}
const listed = await client.callTool({ name: 'switchboard_connections_list', arguments: {} });
assert.equal(listed.isError, false);
report.connectionBefore = listed.structuredContent.toolkits[0].connection;

const refused = await client.callTool({ name: TOOL, arguments: {} });
assert.equal(refused.isError, true, 'a call without a connection is a tool error');
report.refused = text(refused);
const link = report.refused.match(/(https?:\/\/\S+\/link\/lt_\w+)/)?.[1];
const account = report.refused.match(/connected_account_id: (ca_\w+)/)?.[1];
assert.ok(link && account, `the error carries a link and the account: ${report.refused}`);

// The user opens the link in a browser and submits the form.
await completeTheLink(link, KEY, { publicUrl: PUBLIC_URL, baseUrl: BASE_URL });

const waited = await client.callTool({ name: 'switchboard_connections_wait', arguments: { connected_account_id: account, timeout_seconds: 10 } });
assert.equal(waited.isError, false, text(waited));
report.waited = waited.structuredContent.status;
assert.equal(report.waited, 'ACTIVE');

const answered = await client.callTool({ name: TOOL, arguments: {} });
assert.equal(answered.isError ?? false, false, text(answered));
report.answered = text(answered);
report.toolsAfter = await names();
assert.ok(report.toolsAfter.includes(TOOL), `${TOOL} is listed once connected: ${report.toolsAfter}`);
await client.close();
console.log(JSON.stringify(report));
