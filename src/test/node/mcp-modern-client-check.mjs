// A 2026-07-28 client (the v2 TypeScript SDK, pinned to that revision: no fallback to initialize) against
// a gateway URL: it must discover the server, list and call tools, and get an error for an unknown
// tool. Prints one line per failed check, then a JSON report; exits 1 when a check failed.
//
// Environment:
//   MCP_URL   the gateway's MCP URL
//   API_KEY   the tenant API key
//   EXPECT    JSON: {"tools": [names that must be listed], "call": "an echo tool's exposed name"}
import assert from 'node:assert/strict';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const MODERN = '2026-07-28';
const expect = JSON.parse(process.env.EXPECT ?? '{}');
const client = new Client({ name: 'switchboard-modern-check', version: '1.0.0' },
  { versionNegotiation: { mode: { pin: MODERN } } });
const transport = new StreamableHTTPClientTransport(new URL(process.env.MCP_URL),
  { requestInit: { headers: { 'x-api-key': process.env.API_KEY } } });
const report = {};

const CHECKS = {
  async discover() {
    report.protocolVersion = client.getNegotiatedProtocolVersion();
    assert.equal(report.protocolVersion, MODERN, 'negotiated revision');
    const discovered = client.getDiscoverResult();
    assert.ok(discovered, 'server/discover result kept by the client');
    report.supportedVersions = discovered.supportedVersions;
    assert.ok(discovered.supportedVersions.includes(MODERN), `supportedVersions lists ${MODERN}`);
    assert.ok(client.getServerCapabilities()?.tools, 'tools capability');
  },
  async listing() {
    const { tools } = await client.listTools();
    report.tools = tools.map((tool) => tool.name);
    for (const name of expect.tools ?? []) assert.ok(report.tools.includes(name), `tool ${name} listed`);
  },
  async echo() {
    const result = await client.callTool({ name: expect.call, arguments: { message: 'modern hello' } });
    report.echo = result;
    assert.notEqual(result.isError, true, 'echo is not a tool error');
    assert.ok(JSON.stringify(result.content).includes('modern hello'), 'echo answers the message');
  },
  async unknownTool() {
    let failed;
    try {
      const result = await client.callTool({ name: 'no_such__tool', arguments: {} });
      failed = result.isError === true ? 'tool error' : undefined;
    } catch (e) {
      failed = `${e?.code ?? ''} ${e?.message ?? e}`;
    }
    report.unknownTool = failed;
    assert.ok(failed, 'an unknown tool fails');
  },
};

const describe = (e) => (e instanceof assert.AssertionError ? e.message : `${e?.name ?? 'Error'}: ${e?.message ?? e}`);
const failures = [];
try {
  await client.connect(transport);
} catch (e) {
  failures.push(`CHECK connect FAILED: ${describe(e)}`);
}
if (failures.length === 0) {
  for (const [name, check] of Object.entries(CHECKS)) {
    try {
      await check();
    } catch (e) {
      failures.push(`CHECK ${name} FAILED: ${describe(e)}`);
    }
  }
  await client.close().catch(() => {});
}
for (const failure of failures) console.log(failure);
console.log(JSON.stringify(report));
process.exit(failures.length > 0 ? 1 : 0);
