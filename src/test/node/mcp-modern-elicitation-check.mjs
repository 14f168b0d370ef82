// A 2026-07-28 client (the v2 TypeScript SDK, pinned to that revision) that declares elicitation and answers
// it, calling a tool whose 2025 upstream asks the user something: the gateway answers input_required, the SDK
// fulfils it with its elicitation handler and retries with inputResponses and requestState. Prints one line
// per failed check, then a JSON report; exits 1 when a check failed.
//
// Environment:
//   MCP_URL   the gateway's MCP URL
//   API_KEY   the tenant API key
//   TOOL      the exposed name of a tool that asks for elicitation (server-everything's trigger-elicitation-request)
//   ANSWER    the name to answer the elicitation with
import assert from 'node:assert/strict';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const MODERN = '2026-07-28';
const client = new Client({ name: 'switchboard-modern-elicitation-check', version: '1.0.0' },
  { capabilities: { elicitation: {} }, versionNegotiation: { mode: { pin: MODERN } } });
const report = { elicitations: [] };
client.setRequestHandler('elicitation/create', async (request) => {
  report.elicitations.push(request.params?.message);
  return { action: 'accept', content: { name: process.env.ANSWER, check: true } };
});
const transport = new StreamableHTTPClientTransport(new URL(process.env.MCP_URL),
  { requestInit: { headers: { 'x-api-key': process.env.API_KEY } } });

const failures = [];
try {
  await client.connect(transport);
  report.protocolVersion = client.getNegotiatedProtocolVersion();
  assert.equal(report.protocolVersion, MODERN, 'negotiated revision');
  const result = await client.callTool({ name: process.env.TOOL, arguments: {} });
  report.result = result;
  assert.equal(report.elicitations.length, 1, 'the elicitation reached the client once');
  assert.notEqual(result.isError, true, 'the call is not a tool error');
  assert.ok(JSON.stringify(result.content).includes(process.env.ANSWER), 'the upstream got the answer');
} catch (e) {
  failures.push(`CHECK elicitation FAILED: ${e instanceof assert.AssertionError ? e.message : `${e?.name}: ${e?.message ?? e}`}`);
}
await client.close().catch(() => {});
for (const failure of failures) console.log(failure);
console.log(JSON.stringify(report));
process.exit(failures.length > 0 ? 1 : 0);
