// Drives Switchboard's Composio-compatible API with the real Composio SDK (@composio/core 0.19.0).
// Run by ComposioSdkTest with SWITCHBOARD_URL, SWITCHBOARD_PUBLIC_URL, SWITCHBOARD_API_KEY and SWITCHBOARD_AUTH_CONFIG_ID (an auth
// config of toolkit "slack"); the tenant has toolkits "github" and "slack", and no auth config of "github".
// With SWITCHBOARD_OAUTH_APP (JSON: client_id, client_secret, authorization_url, token_url, username, password), an OAUTH2
// connection is also completed for real: the user's login at that provider is played here as a browser would.
// Exits non-zero on the first failure, or when the SDK logged that an answer does not have the shape it expects.
import assert from 'node:assert/strict';
import { fillLinkForm as fillLinkFormAt } from './link-form.mjs';
import { AuthScheme, Composio } from '@composio/core';

const baseURL = process.env.SWITCHBOARD_URL;
const publicURL = process.env.SWITCHBOARD_PUBLIC_URL ?? baseURL;
const apiKey = process.env.SWITCHBOARD_API_KEY;
const slackAuthConfig = process.env.SWITCHBOARD_AUTH_CONFIG_ID;
assert.ok(baseURL && apiKey && slackAuthConfig, 'SWITCHBOARD_URL, SWITCHBOARD_API_KEY and SWITCHBOARD_AUTH_CONFIG_ID are required');

// Count what the SDK sends, to prove a refused request is not retried.
const sent = [];
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = typeof input === 'string' ? input : input.url;
  sent.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`);
  return realFetch(input, init);
};

// The SDK checks answers loosely: a field of the wrong shape only logs a warning. Collect those warnings, so a
// shape the SDK would not accept fails this check.
const shapeWarnings = [];
const realWarn = console.warn;
console.warn = (...args) => {
  const text = args.map(String).join(' ');
  if (/validation failed|Unsupported auth scheme/i.test(text)) {
    shapeWarnings.push(text);
  }
  realWarn(...args);
};
const expectNoShapeWarnings = () => assert.deepEqual(shapeWarnings.splice(0), [], 'the SDK found answers of the wrong shape');

const composio = new Composio({ apiKey, baseURL, allowTracking: false, disableVersionCheck: true });
const steps = [];
const step = async (name, fn) => {
  await fn();
  steps.push(name);
  console.log(`ok - ${name}`);
};
const expectFailure = async (promise, status, text) => {
  const error = await promise.then(() => null, (e) => e);
  assert.ok(error, `expected a ${status} failure`);
  const described = `${error.status ?? ''} ${error.message ?? ''} ${error.cause?.message ?? ''}`;
  assert.match(described, new RegExp(String(status)), `expected status ${status} in: ${described}`);
  assert.match(described, new RegExp(text), `expected "${text}" in: ${described}`);
};

let server;
await step('mcp.create with toolkits, a pinned auth config and allowed tools', async () => {
  server = await composio.mcp.create('SDK Server', {
    toolkits: ['github', { toolkit: 'slack', authConfigId: slackAuthConfig }],
    allowedTools: ['github__create_issue', 'slack__post_message'],
    manuallyManageConnections: false,
  });
  assert.match(server.id, /^mcp_/);
  assert.equal(server.name, 'SDK Server');
  assert.deepEqual(server.allowedTools, ['github__create_issue', 'slack__post_message']);
  assert.deepEqual(server.authConfigIds, [slackAuthConfig]);
  assert.equal(server.MCPUrl, `${publicURL}/v3/mcp/${server.id}`);
  assert.match(server.commands.claude, /^claude mcp add --transport http sdk-server /);
  assert.match(server.commands.cursor, /^cursor:\/\/anysphere\.cursor-deeplink\/mcp\/install\?name=sdk-server&config=/);
  assert.match(server.commands.windsurf, /"serverUrl"/);
});

let other;
await step('mcp.create a second server', async () => {
  other = await composio.mcp.create('Other Server', { toolkits: ['github'], manuallyManageConnections: true });
  assert.match(other.id, /^mcp_/);
});

await step('mcp.list with paging and filters', async () => {
  const all = await composio.mcp.list({ page: 1, limit: 10 });
  assert.equal(all.currentPage, 1);
  assert.equal(all.totalPages, 1);
  assert.deepEqual(all.items.map((i) => i.name).sort(), ['Other Server', 'SDK Server']);
  const paged = await composio.mcp.list({ page: 2, limit: 1 });
  assert.equal(paged.currentPage, 2);
  assert.equal(paged.totalPages, 2);
  assert.equal(paged.items.length, 1);
  const bySlack = await composio.mcp.list({ toolkits: ['slack'] });
  assert.deepEqual(bySlack.items.map((i) => i.id), [server.id]);
  assert.deepEqual(bySlack.items[0].toolkits, ['github', 'slack']);
  const byAuth = await composio.mcp.list({ authConfigs: [slackAuthConfig] });
  assert.deepEqual(byAuth.items.map((i) => i.id), [server.id]);
  const byName = await composio.mcp.list({ name: 'other' });
  assert.deepEqual(byName.items.map((i) => i.id), [other.id]);
});

await step('mcp.get', async () => {
  const got = await composio.mcp.get(server.id);
  assert.equal(got.id, server.id);
  assert.equal(got.name, 'SDK Server');
  assert.deepEqual(got.toolkits, ['github', 'slack']);
  assert.deepEqual(got.allowedTools, ['github__create_issue', 'slack__post_message']);
  assert.equal(got.serverInstanceCount, 0);
});

await step('mcp.update renames and replaces toolkits', async () => {
  const updated = await composio.mcp.update(server.id, { name: 'SDK Server Renamed', toolkits: ['slack'], manuallyManageConnections: true });
  assert.equal(updated.name, 'SDK Server Renamed');
  assert.deepEqual(updated.toolkits, ['slack']);
  assert.deepEqual(updated.authConfigIds, []);
  assert.deepEqual(updated.allowedTools, ['github__create_issue', 'slack__post_message']);
});

await step('mcp.generate a per-user URL', async () => {
  const instance = await composio.mcp.generate('user@example.com', server.id, { manuallyManageConnections: false });
  assert.equal(instance.id, server.id);
  assert.equal(instance.type, 'streamable_http');
  assert.equal(instance.url, `${publicURL}/v3/mcp/${server.id}/mcp?user_id=user%40example.com`);
  assert.equal(instance.userId, 'user@example.com');
  const got = await composio.mcp.get(server.id);
  assert.equal(got.serverInstanceCount, 1);
});

await step('error: duplicate name is a 409, sent once', async () => {
  const before = sent.filter((s) => s === 'POST /api/v3.1/mcp/servers/custom').length;
  await expectFailure(composio.mcp.create('sdk server renamed', { toolkits: ['github'] }), 409, 'already exists');
  const after = sent.filter((s) => s === 'POST /api/v3.1/mcp/servers/custom').length;
  assert.equal(after - before, 1, 'the SDK must not retry a duplicate name');
});

await step('error: unknown toolkit is a 400 naming it', async () => {
  await expectFailure(composio.mcp.create('Ghost', { toolkits: ['ghost-toolkit'] }), 400, "unknown toolkit 'ghost-toolkit'");
});

await step('error: unknown id is a 404', async () => {
  await expectFailure(composio.mcp.get('mcp_doesnotexist'), 404, 'does not exist');
});

await step('mcp.delete', async () => {
  const deleted = await composio.mcp.delete(other.id);
  assert.deepEqual(deleted, { id: other.id, deleted: true });
  await expectFailure(composio.mcp.get(other.id), 404, 'does not exist');
});

let session;
await step('composio.create(userId, {toolkits}) opens a session', async () => {
  session = await composio.create('session-user', { toolkits: ['github'] });
  assert.match(session.sessionId, /^trs_/);
  assert.equal(session.mcp.type, 'http');
  assert.equal(session.mcp.url, `${publicURL}/tool_router/${session.sessionId}/mcp`);
  assert.equal(session.mcp.headers['x-api-key'], apiKey);
});

await step('toolRouter.use(id) reads the session back', async () => {
  const used = await composio.toolRouter.use(session.sessionId);
  assert.equal(used.sessionId, session.sessionId);
  assert.equal(used.mcp.url, session.mcp.url);
});

await step('error: a session with an unknown toolkit is a 400', async () => {
  await expectFailure(composio.create('session-user', { toolkits: ['ghost-toolkit'] }), 400, "unknown toolkit 'ghost-toolkit'");
});

let perUserKey;
await step('authConfigs.create an API_KEY config whose key each user brings', async () => {
  const created = await composio.authConfigs.create('github', { type: 'use_custom_auth', authScheme: 'API_KEY', credentials: {} });
  assert.match(created.id, /^ac_/);
  assert.equal(created.authScheme, 'API_KEY');
  assert.equal(created.isComposioManaged, false);
  assert.equal(created.toolkit, 'github');
  perUserKey = created.id;
  expectNoShapeWarnings();
});

let oauth;
await step('authConfigs.create an OAUTH2 config with its client and scopes', async () => {
  const created = await composio.authConfigs.create('github', {
    type: 'use_custom_auth',
    authScheme: 'OAUTH2',
    name: 'GitHub OAuth',
    credentials: {
      client_id: 'sdk-client',
      client_secret: 'sdk-client-secret',
      authorization_url: 'https://github.example.com/login/oauth/authorize',
      token_url: 'https://github.example.com/login/oauth/access_token',
      scopes: 'repo,read:user',
    },
  });
  assert.equal(created.authScheme, 'OAUTH2');
  oauth = created.id;
  expectNoShapeWarnings();
});

await step('authConfigs.get answers the SDK shape with secrets masked', async () => {
  const got = await composio.authConfigs.get(oauth);
  assert.equal(got.id, oauth);
  assert.equal(got.name, 'GitHub OAuth');
  assert.equal(got.status, 'ENABLED');
  assert.equal(got.noOfConnections, 0);
  assert.deepEqual(got.toolkit, { slug: 'github', logo: '' });
  assert.equal(got.authScheme, 'OAUTH2');
  assert.equal(got.isComposioManaged, false);
  assert.equal(got.credentials.client_id, 'sdk-client');
  assert.equal(got.credentials.client_secret, '********');
  assert.deepEqual(got.credentials.scopes, ['repo', 'read:user']);
  assert.ok(!JSON.stringify(got).includes('sdk-client-secret'));
  const perUser = await composio.authConfigs.get(perUserKey);
  assert.deepEqual(perUser.expectedInputFields.map((f) => f.name), ['api_key']);
  expectNoShapeWarnings();
});

await step('authConfigs.list by toolkit, newest first', async () => {
  const listed = await composio.authConfigs.list({ toolkit: 'github' });
  assert.deepEqual(listed.items.map((i) => i.id), [oauth, perUserKey]);
  assert.equal(listed.nextCursor, null);
  assert.equal(listed.totalPages, 1);
  const paged = await composio.authConfigs.list({ toolkit: 'github', limit: 1 });
  assert.deepEqual(paged.items.map((i) => i.id), [oauth]);
  const next = await composio.authConfigs.list({ toolkit: 'github', limit: 1, cursor: paged.nextCursor });
  assert.deepEqual(next.items.map((i) => i.id), [perUserKey]);
  const managed = await composio.authConfigs.list({ isComposioManaged: true });
  assert.deepEqual(managed.items, []);
  expectNoShapeWarnings();
});

await step('authConfigs.update merges credentials', async () => {
  await composio.authConfigs.update(oauth, { type: 'custom', credentials: { scopes: 'repo' }, isEnabledForToolRouter: true });
  const got = await composio.authConfigs.get(oauth);
  assert.deepEqual(got.credentials.scopes, ['repo']);
  assert.equal(got.credentials.client_id, 'sdk-client');
  assert.equal(got.credentials.client_secret, '********');
  assert.equal(got.isEnabledForToolRouter, true);
});

await step('authConfigs.disable and enable', async () => {
  await composio.authConfigs.disable(oauth);
  assert.equal((await composio.authConfigs.get(oauth)).status, 'DISABLED');
  assert.deepEqual((await composio.authConfigs.list({ toolkit: 'github' })).items.map((i) => i.id), [perUserKey]);
  assert.deepEqual((await composio.authConfigs.list({ toolkit: 'github', showDisabled: true })).items.map((i) => i.id),
    [oauth, perUserKey]);
  await composio.authConfigs.enable(oauth);
  assert.equal((await composio.authConfigs.get(oauth)).status, 'ENABLED');
});

let aliceAccount;
await step('connectedAccounts.initiate with the user\'s own key is ACTIVE at once', async () => {
  const request = await composio.connectedAccounts.initiate('sdk-alice', perUserKey, {
    config: AuthScheme.APIKey({ api_key: 'alice-secret-key' }),
  });
  assert.match(request.id, /^ca_/);
  assert.equal(request.status, 'ACTIVE');
  assert.equal(request.redirectUrl, null);
  const account = await request.waitForConnection(5000);
  assert.equal(account.id, request.id);
  assert.equal(account.status, 'ACTIVE');
  aliceAccount = request.id;
  expectNoShapeWarnings();
});

await step('connectedAccounts.initiate refuses a second account unless allowMultiple', async () => {
  const error = await composio.connectedAccounts
    .initiate('sdk-alice', perUserKey, { config: AuthScheme.APIKey({ api_key: 'second' }) })
    .then(() => null, (e) => e);
  assert.equal(error?.name, 'ComposioMultipleConnectedAccountsError', String(error));
  const bob = await composio.connectedAccounts.initiate('sdk-bob', perUserKey, {
    config: AuthScheme.APIKey({ api_key: 'bob-secret-key' }),
  });
  assert.equal(bob.status, 'ACTIVE');
});

await step('connectedAccounts.list and get answer the SDK shape with the key masked', async () => {
  const listed = await composio.connectedAccounts.list({ userIds: ['sdk-alice'], authConfigIds: [perUserKey], statuses: ['ACTIVE'] });
  assert.deepEqual(listed.items.map((i) => i.id), [aliceAccount]);
  assert.equal(listed.nextCursor, null);
  const byToolkit = await composio.connectedAccounts.list({ toolkitSlugs: ['github'], orderBy: 'created_at' });
  assert.equal(byToolkit.items.length, 2);
  const got = await composio.connectedAccounts.get(aliceAccount);
  assert.equal(got.status, 'ACTIVE');
  assert.equal(got.statusReason, null);
  assert.equal(got.isDisabled, false);
  assert.deepEqual(got.toolkit, { slug: 'github' });
  assert.equal(got.authConfig.id, perUserKey);
  assert.equal(got.authConfig.authScheme, 'API_KEY');
  assert.deepEqual(got.state, { authScheme: 'API_KEY', val: { status: 'ACTIVE', api_key: '********' } });
  assert.ok(!JSON.stringify(got).includes('alice-secret-key'));
  assert.equal((await composio.authConfigs.get(perUserKey)).noOfConnections, 2);
  expectNoShapeWarnings();
});

await step('connectedAccounts.disable and enable', async () => {
  await composio.connectedAccounts.disable(aliceAccount);
  const disabled = await composio.connectedAccounts.get(aliceAccount);
  assert.equal(disabled.status, 'INACTIVE');
  assert.equal(disabled.isDisabled, true);
  assert.equal(disabled.state.val.status, 'INACTIVE');
  const active = await composio.connectedAccounts.list({ userIds: ['sdk-alice'], statuses: ['ACTIVE'] });
  assert.deepEqual(active.items, []);
  await composio.connectedAccounts.enable(aliceAccount);
  assert.equal((await composio.connectedAccounts.get(aliceAccount)).status, 'ACTIVE');
  expectNoShapeWarnings();
});

await step('connectedAccounts.delete', async () => {
  const deleted = await composio.connectedAccounts.delete(aliceAccount);
  assert.equal(deleted.success, true);
  await expectFailure(composio.connectedAccounts.get(aliceAccount), 404, 'does not exist');
});

// Fills in a link's form as a browser does: the page (on the public URL, served at baseURL here), its CSRF field
// and cookie, then the post. Answers the post's response, not followed.
const fillLinkForm = (redirectUrl, key) => fillLinkFormAt(redirectUrl, key,
  { publicUrl: publicURL, baseUrl: baseURL, fetch: realFetch, redirect: 'manual' });

await step('connectedAccounts.link, the form filled in, then waitForConnection is ACTIVE', async () => {
  const request = await composio.connectedAccounts.link('sdk-carol', perUserKey, { callbackUrl: 'https://app.example.com/connected' });
  assert.match(request.id, /^ca_/);
  assert.equal(request.status, 'INITIATED');
  assert.ok(request.redirectUrl.startsWith(`${publicURL}/link/lt_`), request.redirectUrl);
  assert.equal((await composio.connectedAccounts.get(request.id)).status, 'INITIATED');
  const waiting = request.waitForConnection(20000);
  const posted = await fillLinkForm(request.redirectUrl, 'carol-secret-key');
  assert.equal(posted.status, 303);
  assert.equal(posted.headers.get('location'), `https://app.example.com/connected?status=success&connected_account_id=${request.id}`);
  const account = await waiting;
  assert.equal(account.status, 'ACTIVE');
  assert.deepEqual(account.state, { authScheme: 'API_KEY', val: { status: 'ACTIVE', api_key: '********' } });
  assert.equal((await realFetch(request.redirectUrl.replace(publicURL, baseURL))).status, 410, 'a used link has no form');
  const error = await composio.connectedAccounts.link('sdk-carol', perUserKey).then(() => null, (e) => e);
  assert.equal(error?.name, 'ComposioMultipleConnectedAccountsError', String(error));
  expectNoShapeWarnings();
});

await step('session.toolkits, session.authorize, the form filled in, then ensureConnected', async () => {
  const userSession = await composio.create('sdk-dave', { toolkits: ['github'] });
  const before = await userSession.toolkits();
  assert.deepEqual(before.items.map((i) => i.slug), ['github']);
  assert.equal(before.items[0].isNoAuth, false);
  assert.equal(before.items[0].connection.isActive, false);
  const request = await userSession.authorize('github');
  assert.equal(request.status, 'INITIATED');
  const waiting = request.waitForConnection(20000);
  assert.equal((await fillLinkForm(request.redirectUrl, 'dave-secret-key')).status, 200);
  assert.equal((await waiting).status, 'ACTIVE');
  const after = await userSession.toolkits({ toolkits: ['github'], isConnected: true });
  assert.equal(after.items.length, 1);
  assert.equal(after.items[0].connection.isActive, true);
  assert.deepEqual(after.items[0].connection.connectedAccount, { id: request.id, status: 'ACTIVE' });
  assert.equal(after.items[0].connection.authConfig.id, perUserKey);
  const ensured = await userSession.ensureConnected('github');
  assert.equal(ensured.wasConnected, true);
  assert.equal(ensured.connectedAccount.id, request.id);
  expectNoShapeWarnings();
});

let oauthAccount;
await step('connectedAccounts.initiate on an OAUTH2 config answers Switchboard\'s redirect URL, INITIATED', async () => {
  const request = await composio.connectedAccounts.initiate('sdk-carol', oauth, { callbackUrl: 'https://app.example.com/connected' });
  assert.match(request.id, /^ca_/);
  assert.equal(request.status, 'INITIATED');
  assert.ok(request.redirectUrl?.startsWith(`${publicURL}/api/v3/toolkits/auth/start/oa_`), String(request.redirectUrl));
  const got = await composio.connectedAccounts.get(request.id);
  assert.equal(got.status, 'INITIATED');
  assert.equal(got.state?.val?.redirectUrl, request.redirectUrl);
  assert.equal(got.state?.val?.callback_url, 'https://app.example.com/connected');
  oauthAccount = request.id;
  expectNoShapeWarnings();
});

await step('connectedAccounts.refresh starts a new authorization with a new redirect URL', async () => {
  const before = (await composio.connectedAccounts.get(oauthAccount)).state.val.redirectUrl;
  const refreshed = await composio.connectedAccounts.refresh(oauthAccount);
  assert.equal(refreshed.id, oauthAccount);
  assert.equal(refreshed.status, 'INITIATED');
  assert.ok(refreshed.redirect_url.startsWith(`${publicURL}/api/v3/toolkits/auth/start/oa_`), refreshed.redirect_url);
  assert.notEqual(refreshed.redirect_url, before);
});

await step('connectedAccounts.initiate with AuthScheme.OAuth2 tokens is ACTIVE at once, tokens masked', async () => {
  const request = await composio.connectedAccounts.initiate('sdk-dave', oauth, {
    config: AuthScheme.OAuth2({ access_token: 'dave-access-token', refresh_token: 'dave-refresh-token', expires_in: 3600 }),
  });
  assert.equal(request.status, 'ACTIVE');
  const account = await request.waitForConnection(5000);
  assert.equal(account.status, 'ACTIVE');
  assert.equal(account.state?.val?.access_token, '********');
  assert.equal(account.state?.val?.refresh_token, '********');
  assert.ok(!JSON.stringify(account).includes('dave-access-token') && !JSON.stringify(account).includes('dave-refresh-token'));
  expectNoShapeWarnings();
});

if (process.env.SWITCHBOARD_OAUTH_APP) {
  const app = JSON.parse(process.env.SWITCHBOARD_OAUTH_APP);
  await step('connectedAccounts.initiate on OAUTH2, the user logs in at the provider, waitForConnection is ACTIVE', async () => {
    const created = await composio.authConfigs.create('github', {
      type: 'use_custom_auth',
      authScheme: 'OAUTH2',
      credentials: { client_id: app.client_id, client_secret: app.client_secret, authorization_url: app.authorization_url,
        token_url: app.token_url, scopes: 'openid profile' },
    });
    const request = await composio.connectedAccounts.initiate('sdk-login', created.id);
    assert.equal(request.status, 'INITIATED');
    await logIn(request.redirectUrl, `${publicURL}/api/v3/toolkits/auth/callback`, app.username, app.password);
    const account = await request.waitForConnection(30000);
    assert.equal(account.status, 'ACTIVE');
    assert.equal(account.state?.val?.access_token, '********');
    expectNoShapeWarnings();
  });
}

await step('error: a Composio-managed config is a 400 naming the field', async () => {
  await expectFailure(composio.authConfigs.create('github'), 400, 'auth_config.type');
});

await step('authConfigs.delete', async () => {
  await composio.authConfigs.delete(oauth);
  await expectFailure(composio.authConfigs.get(oauth), 404, 'does not exist');
});

globalThis.fetch = realFetch;
console.warn = realWarn;
assert.deepEqual(shapeWarnings, [], 'the SDK found answers of the wrong shape');
console.log(JSON.stringify({ passed: steps.length, steps }));

/** The user's browser: follows redirects with its cookies and posts the provider's login form, up to Switchboard's callback. */
async function logIn(startUrl, callbackUrl, username, password) {
  const cookies = new Map();
  async function go(url, init = {}) {
    const headers = new Headers(init.headers);
    if (cookies.size) headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await realFetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0];
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      if (value === '' || /max-age=0\b/i.test(line)) cookies.delete(name); else cookies.set(name, value);
    }
    return response;
  }
  let url = new URL(startUrl);
  let response = await go(url);
  for (let hop = 0; hop < 10; hop++) {
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location'), url);
      if (url.href.startsWith(callbackUrl)) {
        const done = await realFetch(url, { redirect: 'manual' });
        assert.equal(done.status, 200, await done.text());
        return;
      }
      response = await go(url);
      continue;
    }
    const page = await response.text();
    const action = page.match(/<form[^>]*\baction="([^"]+)"/);
    assert.ok(response.status === 200 && action && /name="password"/.test(page), `no login form at ${url}: ${page.slice(0, 300)}`);
    const form = new URLSearchParams({ username, password });
    url = new URL(action[1].replaceAll('&amp;', '&'), url);
    response = await go(url, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
  throw new Error('the login did not reach Switchboard\'s callback within 10 steps');
}
