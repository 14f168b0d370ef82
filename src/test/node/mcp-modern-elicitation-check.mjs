// A 2026-07-28 client (the v2 TypeScript SDK, pinned to that revision) that declares elicitation and sampling
// and answers them, calling tools whose 2025 upstream asks the client something: the gateway answers
// input_required, the SDK fulfils it with its handler and retries with inputResponses and requestState. Prints
// one line per failed check, then a JSON report; exits 1 when a check failed.
//
// Environment:
//   MCP_URL   the gateway's MCP URL
//   API_KEY   the tenant API key
//   TOOL      the exposed name of a tool that asks for elicitation (server-everything's trigger-elicitation-request)
//   SAMPLING_TOOL  the exposed name of a tool that asks for sampling (trigger-sampling-request)
//   ANSWER    the name to answer the elicitation with, and the text the "model" samples
import assert from 'node:assert/strict';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const MODERN = '2026-07-28';
const client = new Client({ name: 'switchboard-modern-elicitation-check', version: '1.0.0' },
  { capabilities: { elicitation: {}, sampling: {} }, versionNegotiation: { mode: { pin: MODERN } } });
const report = { elicitations: [], samplings: [] };
client.setRequestHandler('elicitation/create', async (request) => {
  report.elicitations.push(request.params?.message);
  return { action: 'accept', content: { name: process.env.ANSWER, check: true } };
});
client.setRequestHandler('sampling/createMessage', async (request) => {
  report.samplings.push(request.params?.messages?.[0]?.content?.text);
  return { role: 'assistant', content: { type: 'text', text: `sampled ${process.env.ANSWER}` }, model: 'test-model',
    stopReason: 'endTurn' };
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
  const sampled = await client.callTool({ name: process.env.SAMPLING_TOOL, arguments: { prompt: 'a haiku', maxTokens: 20 } });
  report.sampled = sampled;
  assert.equal(report.samplings.length, 1, 'the sampling request reached the client once');
  assert.ok(report.samplings[0]?.includes('a haiku'), 'the sampling request carries the prompt');
  assert.ok(JSON.stringify(sampled.content).includes(`sampled ${process.env.ANSWER}`), 'the upstream got the sample');
} catch (e) {
  failures.push(`CHECK input FAILED: ${e instanceof assert.AssertionError ? e.message : `${e?.name}: ${e?.message ?? e}`}`);
}
await client.close().catch(() => {});
for (const failure of failures) console.log(failure);
console.log(JSON.stringify(report));
process.exit(failures.length > 0 ? 1 : 0);
