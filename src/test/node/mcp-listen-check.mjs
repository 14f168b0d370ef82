// A 2026-07-28 client (the v2 TypeScript SDK, pinned to that revision) listening to a gateway URL whose server
// has several upstreams (the fixtures started with LISTEN_TOOLS=1): subscriptions/listen is acknowledged with
// what it asked for, each upstream's notify_change tool makes its list changes and resource update reach the
// client namespaced and stamped with the subscription id, and closing the subscription ends what the gateway
// held upstream (each upstream's listen_state tool reports it). Prints one line per failed check, then a JSON
// report; exits 1 when a check failed.
//
// Environment:
//   MCP_URL   the gateway's MCP URL
//   API_KEY   the tenant API key
//   EXPECT    JSON: {"watch": {"<exposed URI>": "<the notify_change tool that updates it>"},
//                    "released": {"<listen_state tool>": <the state once released, as JSON>}}
import assert from 'node:assert/strict';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const MODERN = '2026-07-28';
const SUBSCRIPTION_ID = 'io.modelcontextprotocol/subscriptionId';
const LIST_CHANGES = ['notifications/tools/list_changed', 'notifications/prompts/list_changed', 'notifications/resources/list_changed'];
// How long a notification or a release upstream may take to show before the check gives up on it.
const PATIENCE_MS = 20_000;
const expect = JSON.parse(process.env.EXPECT ?? '{}');
const client = new Client({ name: 'switchboard-listen-check', version: '1.0.0' },
  { versionNegotiation: { mode: { pin: MODERN } } });
const transport = new StreamableHTTPClientTransport(new URL(process.env.MCP_URL),
  { requestInit: { headers: { 'x-api-key': process.env.API_KEY } } });
const report = { received: [] };
const waiters = [];

for (const method of [...LIST_CHANGES, 'notifications/resources/updated']) {
  client.setNotificationHandler(method, (notification) => {
    report.received.push(notification);
    for (const waiter of [...waiters]) waiter();
  });
}

/** Resolves once `done()` holds for what arrived; fails after PATIENCE_MS with `what`. */
function arrival(what, done) {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!done()) return;
      waiters.splice(waiters.indexOf(check), 1);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      waiters.splice(waiters.indexOf(check), 1);
      reject(new assert.AssertionError({ message: `${what} did not arrive; got ${JSON.stringify(report.received)}` }));
    }, PATIENCE_MS);
    waiters.push(check);
    check();
  });
}

const received = (method, uri) => report.received.filter((n) => n.method === method && (uri === undefined || n.params?.uri === uri));
const toolText = async (name) => {
  const result = await client.callTool({ name, arguments: {} });
  assert.notEqual(result.isError, true, `${name} is not a tool error: ${JSON.stringify(result)}`);
  return result.content[0].text;
};

let subscription;
const watched = Object.keys(expect.watch ?? {});
const notifiers = [...new Set(Object.values(expect.watch ?? {}))];

const CHECKS = {
  async discover() {
    const capabilities = client.getServerCapabilities();
    report.capabilities = capabilities;
    assert.equal(capabilities?.tools?.listChanged, true, 'tools.listChanged offered');
    assert.equal(capabilities?.prompts?.listChanged, true, 'prompts.listChanged offered');
    assert.equal(capabilities?.resources?.listChanged, true, 'resources.listChanged offered');
    assert.equal(capabilities?.resources?.subscribe, true, 'resources.subscribe offered');
  },
  async acknowledged() {
    subscription = await client.listen({
      toolsListChanged: true, promptsListChanged: true, resourcesListChanged: true, resourceSubscriptions: watched,
    });
    report.honored = subscription.honoredFilter;
    // The client numbers its listen requests itself: the first is listen:0.
    report.subscriptionId = 'listen:0';
    assert.equal(subscription.honoredFilter.toolsListChanged, true, 'tool list changes honored');
    assert.equal(subscription.honoredFilter.promptsListChanged, true, 'prompt list changes honored');
    assert.equal(subscription.honoredFilter.resourcesListChanged, true, 'resource list changes honored');
    assert.deepEqual([...(subscription.honoredFilter.resourceSubscriptions ?? [])].sort(), [...watched].sort(),
      'every watched resource honored');
  },
  async notified() {
    for (const tool of notifiers) await toolText(tool);
    const arrivals = LIST_CHANGES.map((method) => arrival(`${notifiers.length} × ${method}`,
      () => received(method).length >= notifiers.length));
    for (const uri of watched) {
      arrivals.push(arrival(`notifications/resources/updated for ${uri}`, () => received('notifications/resources/updated', uri).length > 0));
    }
    await Promise.all(arrivals);
    for (const notification of report.received) {
      assert.equal(notification.params?._meta?.[SUBSCRIPTION_ID], report.subscriptionId, `${notification.method} carries the subscription id`);
    }
  },
  async heldWhileOpen() {
    for (const [tool, state] of Object.entries(expect.released ?? {})) {
      const seen = await toolText(tool);
      report[`${tool} while open`] = JSON.parse(seen);
      assert.notEqual(seen, JSON.stringify(state), `${tool} while the subscription is open`);
    }
  },
  async released() {
    await subscription.close();
    report.closedBecause = await subscription.closed;
    for (const [tool, state] of Object.entries(expect.released ?? {})) {
      const want = JSON.stringify(state);
      let seen;
      const deadline = Date.now() + PATIENCE_MS;
      while ((seen = await toolText(tool)) !== want && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      report[tool] = JSON.parse(seen);
      assert.equal(seen, want, `${tool} once the subscription closed`);
    }
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
      break;
    }
  }
  await client.close().catch(() => {});
}
for (const failure of failures) console.log(failure);
console.log(JSON.stringify(report));
process.exit(failures.length > 0 ? 1 : 0);
