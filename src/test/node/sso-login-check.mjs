// An MCP client that logs its user in by itself, as Claude Code or the MCP Inspector do: the official TypeScript
// SDK client with an OAuth client provider, pointed at a Switchboard MCP URL with no credentials. The SDK follows
// the 401 to the protected resource metadata and the IdP's metadata, registers itself (dynamic client
// registration) and builds the authorization request (PKCE, RFC 8707 resource); the user's part, which a browser
// plays, is played here over HTTP: the IdP's login form is filled in and posted, the consent form accepted, and the
// redirect delivered to the client's loopback callback, which hands the code to the SDK. Then it lists and calls
// tools as that user.
//
// Env:
//   MCP_URL                 the MCP URL (a per-user URL).
//   SSO_USERNAME / SSO_PASSWORD  what the user types into the login form.
//   CALL_TOOL / CALL_ARGS   a tool to call once logged in, and its arguments (JSON).
//
// Output: one line per HTTP request the client made ("HTTP <method> <url> <status>", registration bodies as
// "REGISTER <json>"), "AUTHORIZE <json>" with the authorization request's parameters, and finally
// "RESULT <json>": the registered client id, the access token's claims, the listed tools and the call's text.
// Exit 1 on any failure.
import http from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

const mcpUrl = new URL(process.env.MCP_URL);

/** Every request the SDK makes (to Switchboard and to the IdP) goes through here, so the test sees the path taken. */
async function tracingFetch(url, init) {
  const method = init?.method ?? 'GET';
  if (String(url).includes('/clients-registrations/') && init?.body) {
    console.log(`REGISTER ${init.body}`);
  }
  const response = await fetch(url, init);
  console.log(`HTTP ${method} ${url} ${response.status}`);
  return response;
}

/** The client application's storage, in memory: what a real client keeps on disk between runs. */
class InMemoryOAuthClientProvider {
  constructor(redirectUrl) {
    this._redirectUrl = redirectUrl;
  }
  get redirectUrl() { return this._redirectUrl; }
  get clientMetadata() {
    return {
      client_name: 'Switchboard SSO check',
      redirect_uris: [this._redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  clientInformation() { return this._client; }
  saveClientInformation(info) { this._client = info; }
  tokens() { return this._tokens; }
  saveTokens(tokens) { this._tokens = tokens; }
  saveCodeVerifier(verifier) { this._verifier = verifier; }
  codeVerifier() { return this._verifier; }
  redirectToAuthorization(url) { this.authorizationUrl = url; }
}

/** The client's loopback redirect endpoint: answers the browser and hands over the code. */
function startCallback() {
  let deliver;
  const code = new Promise((resolve) => { deliver = resolve; });
  const server = http.createServer((req, res) => {
    const params = new URL(req.url, 'http://127.0.0.1').searchParams;
    res.writeHead(200, { 'content-type': 'text/plain' }).end('Logged in; you may close this window.');
    deliver(params.get('code') ?? `error: ${params.get('error')} ${params.get('error_description')}`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/callback`, code, close: () => server.close(),
  })));
}

/** The browser's part: follows redirects with cookies, fills in the login form, accepts the consent form. */
async function logIn(authorizationUrl, redirectUrl, username, password) {
  const cookies = new Map();
  async function go(url, init = {}) {
    const headers = new Headers(init.headers);
    if (cookies.size) headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0];
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      if (value === '' || /max-age=0\b/i.test(line)) cookies.delete(name); else cookies.set(name, value);
    }
    return response;
  }
  const decode = (text) => text.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'");
  let url = new URL(authorizationUrl);
  let response = await go(url);
  for (let step = 0; step < 10; step++) {
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location'), url);
      if (url.href.startsWith(redirectUrl)) {
        await fetch(url);
        return;
      }
      response = await go(url);
      continue;
    }
    const page = await response.text();
    if (response.status !== 200) throw new Error(`the IdP answered ${response.status} at ${url}: ${page.slice(0, 300)}`);
    const action = page.match(/<form[^>]*\baction="([^"]+)"/);
    if (!action) throw new Error(`no form on the IdP's page at ${url}: ${page.slice(0, 300)}`);
    const form = new URLSearchParams();
    for (const input of page.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
      const name = input[0].match(/\bname="([^"]*)"/)?.[1];
      if (name) form.set(name, decode(input[0].match(/\bvalue="([^"]*)"/)?.[1] ?? ''));
    }
    if (/name="password"/.test(page)) {
      console.log('PAGE login form');
      form.set('username', username);
      form.set('password', password);
    } else if (/name="accept"/.test(page)) {
      console.log('PAGE consent form');
      form.set('accept', 'Yes');
    } else {
      throw new Error(`an IdP page with neither a login nor a consent form at ${url}: ${page.slice(0, 300)}`);
    }
    url = new URL(decode(action[1]), url);
    response = await go(url, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
  throw new Error('the login did not reach the redirect URI within 10 steps');
}

function claims(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

const callback = await startCallback();
const provider = new InMemoryOAuthClientProvider(callback.url);
try {
  const first = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider, fetch: tracingFetch });
  try {
    await new Client({ name: 'sso-login-check', version: '1.0.0' }).connect(first);
    throw new Error('connected without logging in');
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
  }
  const authorization = new URL(provider.authorizationUrl);
  const shown = Object.fromEntries([...authorization.searchParams].filter(([name]) => name !== 'code_challenge' && name !== 'state'));
  shown.has_code_challenge = authorization.searchParams.has('code_challenge');
  console.log(`AUTHORIZE ${JSON.stringify(shown)}`);

  await logIn(authorization.href, callback.url, process.env.SSO_USERNAME, process.env.SSO_PASSWORD);
  const code = await callback.code;
  if (code.startsWith('error')) throw new Error(`the IdP redirected with ${code}`);
  await first.finishAuth(code);

  const client = new Client({ name: 'sso-login-check', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider, fetch: tracingFetch }));
  const tools = (await client.listTools()).tools.map((tool) => tool.name);
  const called = process.env.CALL_TOOL
    ? await client.callTool({ name: process.env.CALL_TOOL, arguments: JSON.parse(process.env.CALL_ARGS ?? '{}') })
    : null;
  await client.close();
  console.log(`RESULT ${JSON.stringify({
    clientId: provider.clientInformation().client_id,
    claims: claims(provider.tokens().access_token),
    tools,
    call: called?.content?.map((c) => c.text).join('\n') ?? null,
  })}`);
} finally {
  callback.close();
}
