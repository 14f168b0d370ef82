// The second half of `deploy/run-local.sh --demo`: waits until dev mode is ready, registers the upstream
// (server-everything, started by the script) as the toolkit `everything`, creates the MCP server "Demo" over it
// (or reuses them: the embedded database keeps them between runs), generates a per-user URL, makes a first tool
// call through the gateway with the MCP SDK (installed beside server-everything), and prints what to paste.
//
// node deploy/demo.mjs <switchboard base URL> <upstream MCP URL> <api key> <folder of the demo's node_modules>
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const [base, upstreamUrl, apiKey, demoDir] = process.argv.slice(2);
const api = `${base}/api/v3.1`;
const user = 'demo@example.com';
const READY_WITHIN_MS = 20 * 60 * 1000; // the first start compiles and migrates; slow machines take minutes

const require = createRequire(resolve(demoDir, 'package.json'));
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StreamableHTTPClientTransport } = require('@modelcontextprotocol/sdk/client/streamableHttp.js');

async function call(method, path, body) {
  const response = await fetch(api + path, {
    method,
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function expect(status, method, path, body) {
  const answer = await call(method, path, body);
  if (answer.status !== status) {
    throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

async function waitUntilReady() {
  const deadline = Date.now() + READY_WITHIN_MS;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/q/health/ready`)).ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  throw new Error(`Switchboard was not ready at ${base} within ${READY_WITHIN_MS / 60000} minutes`);
}

async function upsertToolkit() {
  const toolkit = { slug: 'everything', name: 'Everything', mcp_url: upstreamUrl, transport: 'streamable_http' };
  if ((await call('GET', '/toolkits/everything')).status === 200) {
    await expect(200, 'PATCH', '/toolkits/everything', { mcp_url: upstreamUrl, transport: 'streamable_http' });
  } else {
    await expect(201, 'POST', '/toolkits', toolkit);
  }
}

async function demoServerId() {
  const page = await expect(200, 'GET', '/mcp/servers?name=demo&limit=100');
  const existing = page.items.find((server) => server.name === 'Demo');
  if (existing) {
    return existing.id;
  }
  return (await expect(201, 'POST', '/mcp/servers/custom', { name: 'Demo', toolkits: ['everything'] })).id;
}

async function firstToolCall(url) {
  const client = new Client({ name: 'switchboard-demo', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { 'x-api-key': apiKey } } }));
  try {
    const { tools } = await client.listTools();
    const result = await client.callTool({ name: 'everything__echo', arguments: { message: 'Hello through Switchboard' } });
    return { tools: tools.length, text: result.content.map((part) => part.text).join(' ') };
  } finally {
    await client.close();
  }
}

const quote = (value) => `'${value.replace(/'/g, `'\\''`)}'`;

try {
  await waitUntilReady();
  await upsertToolkit();
  const serverId = await demoServerId();
  const generated = await expect(200, 'POST', '/mcp/servers/generate', { mcp_server_id: serverId, user_ids: [user] });
  const url = generated.user_ids_url[0];
  const call = await firstToolCall(url);
  console.log(`
==== Switchboard demo ==========================================================================
 Upstream:   server-everything at ${upstreamUrl} (toolkit "everything", ${call.tools} tools through the gateway)
 MCP server: "Demo" (${serverId}); per-user URL for ${user}:
   ${url}
 First tool call through the gateway: everything__echo → ${call.text}

 Claude Code:
   claude mcp add --transport http switchboard-demo ${quote(url)} --header ${quote(`x-api-key: ${apiKey}`)}
 MCP Inspector (Node 22), a tool call from the command line:
   npx @modelcontextprotocol/inspector --cli ${quote(url)} --transport http --header ${quote(`x-api-key: ${apiKey}`)} --method tools/call --tool-name everything__echo --tool-arg message=hi
 or its web UI: npx @modelcontextprotocol/inspector, then transport "Streamable HTTP", the URL above and header x-api-key.
 The key is dev mode's bootstrap key: for this machine only.
================================================================================================
`);
} catch (error) {
  console.error(`\nThe demo could not finish: ${error.message}\n`);
  process.exitCode = 1;
}
