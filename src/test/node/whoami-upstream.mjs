#!/usr/bin/env node
// An MCP server (Streamable HTTP, stateless) that checks who is calling, as a tool server behind the company IdP
// would: every request must carry a bearer token signed by the IdP (verified against its JWKS), issued by ISSUER,
// for AUDIENCE, and not expired. Its one tool, `whoami`, answers the token's identity, so tests can prove which
// user's token reached the upstream and for which audience.
//
//   PORT=0 ISSUER=http://127.0.0.1:8180/realms/switchboard AUDIENCE=crm-upstream node whoami-upstream.mjs
//     -> prints "LISTENING <port>", serves http://127.0.0.1:<port>/mcp
//
// JWKS_URL defaults to ISSUER + /protocol/openid-connect/certs (Keycloak's). A refused request gets 401 with a
// WWW-Authenticate challenge (error="invalid_token") and prints "REFUSED <reason>"; an accepted one prints
// "ACCEPTED <method> sub=<sub> aud=<aud>". The token itself is never printed.

import http from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const issuer = required('ISSUER');
const audience = required('AUDIENCE');
const jwks = createRemoteJWKSet(new URL(process.env.JWKS_URL ?? `${issuer}/protocol/openid-connect/certs`));

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return value;
}

/** The verified claims of the request's bearer token; throws with a reason safe to print. */
async function callerOf(request) {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer (\S+)$/i.exec(header);
  if (!match) {
    throw new Error(header ? 'not a bearer token' : 'no Authorization header');
  }
  const { payload } = await jwtVerify(match[1], jwks, { issuer, audience });
  return payload;
}

function identityServer(claims) {
  const server = new McpServer({ name: 'whoami-upstream', version: '1.0.0' });
  server.registerTool('whoami', {
    description: 'Answers who the bearer token that reached this server belongs to, and for which audience.',
  }, async () => ({
    content: [{
      type: 'text',
      text: JSON.stringify({
        sub: claims.sub ?? null,
        aud: claims.aud ?? null,
        azp: claims.azp ?? null,
        preferred_username: claims.preferred_username ?? null,
        tenant: claims.tenant ?? null,
      }),
    }],
  }));
  return server;
}

async function readJson(request) {
  const chunks = [];
  for await (const chunk of request) {
    chunks.push(chunk);
  }
  return chunks.length === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

const httpServer = http.createServer(async (request, response) => {
  if (new URL(request.url, 'http://localhost').pathname !== '/mcp') {
    response.writeHead(404).end();
    return;
  }
  let claims;
  try {
    claims = await callerOf(request);
  } catch (refusal) {
    const reason = String(refusal.code ?? refusal.message).replace(/"/g, "'");
    console.log(`REFUSED ${reason}`);
    response.writeHead(401, {
      'WWW-Authenticate': `Bearer error="invalid_token", error_description="${reason}"`,
      'Content-Type': 'application/json',
    }).end(JSON.stringify({ error: 'invalid_token', error_description: reason }));
    return;
  }
  try {
    const body = request.method === 'POST' ? await readJson(request) : undefined;
    const method = Array.isArray(body) ? body.map((m) => m.method).join(',') : body?.method ?? request.method;
    console.log(`ACCEPTED ${method} sub=${claims.sub} aud=${[].concat(claims.aud ?? []).join(',')}`);
    const server = identityServer(claims);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    response.on('close', () => {
      transport.close();
      server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request, response, body);
  } catch (failure) {
    console.error(`FAILED ${failure.message}`);
    if (!response.headersSent) {
      response.writeHead(500).end();
    }
  }
});

httpServer.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' }, () => {
  console.log(`LISTENING ${httpServer.address().port}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => httpServer.close(() => process.exit(0)));
}
