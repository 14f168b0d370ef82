#!/usr/bin/env node
// An MCP server (Streamable HTTP, stateful) implementing every tool, resource and prompt that the
// server scenarios of @modelcontextprotocol/conformance exercise, so that Switchboard's tests can put
// the gateway in front of it and run the suite through the gateway.
//
//   PORT=0 node conformance-upstream.mjs      -> prints "LISTENING <port>", serves http://127.0.0.1:<port>/mcp
//
// SERVER_REQUESTS_VIA=post (default) sends a tool's sampling/elicitation request on the tool call's own
// POST stream; SERVER_REQUESTS_VIA=get sends it on the session's standalone GET stream instead, as the
// suite's reference server does (a message sent there before the client's GET is connected is only
// stored for replay, so that mode reproduces the race a gateway has to handle).
//
// It also implements, with 2025 means, the tools and the prompt of the 2026-07-28 scenarios (conformance
// 0.2.0-alpha: input-required-result-*, server-stateless): where a 2026-07-28 server answers with an
// input_required result, these ask the client during the call (elicitation/create, sampling/createMessage,
// roots/list on the call's own stream, always) and answer once it replied, so a gateway in front of them is
// what turns those requests into input_required results for a 2026-07-28 client.
//
// LISTEN_TOOLS=1 declares list changes, and adds two tools for checks of what reaches clients outside any
// request: notify_change (every list changes, and each resource the session subscribed to is updated, on the
// session's standalone GET stream) and listen_state (the session's open GET streams and subscriptions).

import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema, CreateMessageResultSchema, ElicitResultSchema, ErrorCode, ListRootsResultSchema, ListToolsRequestSchema,
  LoggingLevelSchema, McpError, SetLevelRequestSchema, SubscribeRequestSchema, UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';

const SERVER_REQUESTS_VIA = process.env.SERVER_REQUESTS_VIA === 'get' ? 'get' : 'post';
const LISTEN_TOOLS = process.env.LISTEN_TOOLS === '1';
const openGetStreams = new Map(); // Mcp-Session-Id -> standalone GET streams open
const PNG_1X1_RED = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';
const WAV_8_SAMPLES = 'UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQgAAACAgICAgICAgA==';
const LOG_SEVERITY = Object.fromEntries(LoggingLevelSchema.options.map((level, i) => [level, i]));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const text = (value) => ({ type: 'text', text: value });
const image = () => ({ type: 'image', data: PNG_1X1_RED, mimeType: 'image/png' });
const embedded = (uri, mimeType, value) => ({ type: 'resource', resource: { uri, mimeType, text: value } });
const NO_ARGS = { type: 'object', properties: {} };

// A request to the client about the call in hand, on the call's own stream: what a gateway can relate to
// the call (and so ask a 2026-07-28 client through input_required).
const ask = (extra, method, params, resultSchema) => extra.sendRequest({ method, params }, resultSchema);
// A key, where given, names the request for a 2026-07-28 client (Switchboard's _meta extension; 2025 has no names).
const elicit = (extra, message, properties, key) => ask(extra, 'elicitation/create', {
  message, requestedSchema: { type: 'object', properties, required: Object.keys(properties) },
  ...(key ? { _meta: { 'dev.switchboard/inputKey': key } } : {}),
}, ElicitResultSchema);
const sample = (extra, prompt, maxTokens) => ask(extra, 'sampling/createMessage', {
  messages: [{ role: 'user', content: text(prompt) }], maxTokens,
}, CreateMessageResultSchema);
const listRoots = (extra) => ask(extra, 'roots/list', {}, ListRootsResultSchema);
const accepted = (answer, field) => (answer.action === 'accept' ? answer.content?.[field] : undefined);
const sampled = (answer) => (answer.content?.type === 'text' ? answer.content.text : JSON.stringify(answer.content));

function stringArg(args, name) {
  if (typeof args[name] !== 'string') throw new Error(`Argument '${name}' (string) is required`);
  return args[name];
}

// Tools are served from this table by plain tools/list and tools/call handlers rather than
// McpServer.registerTool: McpServer re-derives every inputSchema from zod, which would drop the
// $schema/$defs that json-schema-2020-12 checks. Each run(args, extra, session) returns a CallToolResult.
const TOOLS = [
  {
    name: 'test_simple_text', description: 'Returns simple text content', inputSchema: NO_ARGS,
    run: () => ({ content: [text('This is a simple text response for testing.')] }),
  },
  {
    name: 'test_image_content', description: 'Returns image content (1x1 red PNG)', inputSchema: NO_ARGS,
    run: () => ({ content: [image()] }),
  },
  {
    name: 'test_audio_content', description: 'Returns audio content (tiny WAV)', inputSchema: NO_ARGS,
    run: () => ({ content: [{ type: 'audio', data: WAV_8_SAMPLES, mimeType: 'audio/wav' }] }),
  },
  {
    name: 'test_embedded_resource', description: 'Returns an embedded text resource', inputSchema: NO_ARGS,
    run: () => ({ content: [embedded('test://embedded-resource', 'text/plain', 'This is an embedded resource content.')] }),
  },
  {
    name: 'test_multiple_content_types', description: 'Returns text, image and resource content together',
    inputSchema: NO_ARGS,
    run: () => ({
      content: [
        text('Multiple content types test:'),
        image(),
        embedded('test://mixed-content-resource', 'application/json', '{"test":"data","value":123}'),
      ],
    }),
  },
  {
    name: 'test_tool_with_logging', description: 'Sends three info log notifications while it runs',
    inputSchema: NO_ARGS,
    run: async (args, extra, session) => {
      await session.log(extra, 'info', 'Tool execution started');
      await sleep(50);
      await session.log(extra, 'info', 'Tool processing data');
      await sleep(50);
      await session.log(extra, 'info', 'Tool execution completed');
      return { content: [text('Tool with logging executed successfully')] };
    },
  },
  {
    name: 'test_error_handling', description: 'Always fails with a tool error (isError: true)', inputSchema: NO_ARGS,
    run: () => {
      throw new Error('This tool intentionally returns an error for testing');
    },
  },
  {
    name: 'test_tool_with_progress', description: 'Reports progress 0, 50 and 100 of 100 when given a progressToken',
    inputSchema: NO_ARGS,
    run: async (args, extra) => {
      const progressToken = extra._meta?.progressToken;
      for (const progress of [0, 50, 100]) {
        if (progress > 0) await sleep(50);
        if (progressToken !== undefined) {
          await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress, total: 100 } });
        }
      }
      return { content: [text('Tool with progress executed successfully')] };
    },
  },
  {
    name: 'test_sampling', description: 'Asks the client to sample an LLM completion for the prompt',
    inputSchema: {
      type: 'object',
      properties: { prompt: { type: 'string', description: 'The prompt to send to the LLM' } },
      required: ['prompt'],
    },
    run: async (args, extra, session) => {
      const prompt = stringArg(args, 'prompt');
      if (!session.clientCapabilities()?.sampling) throw new Error('Client does not support sampling');
      const result = await session.ask(extra, {
        method: 'sampling/createMessage',
        params: { messages: [{ role: 'user', content: text(prompt) }], maxTokens: 100 },
      }, CreateMessageResultSchema);
      const reply = result.content?.type === 'text' ? result.content.text : JSON.stringify(result.content);
      return { content: [text(`LLM response: ${reply}`)] };
    },
  },
  {
    name: 'test_elicitation', description: 'Asks the user (through the client) for a username and email',
    inputSchema: {
      type: 'object',
      properties: { message: { type: 'string', description: 'The message to show the user' } },
      required: ['message'],
    },
    run: (args, extra, session) => session.elicit(extra, stringArg(args, 'message'), {
      type: 'object',
      properties: {
        username: { type: 'string', description: "User's response" },
        email: { type: 'string', description: "User's email address" },
      },
      required: ['username', 'email'],
    }, 'User response'),
  },
  {
    name: 'test_elicitation_sep1034_defaults', description: 'Elicits a form whose fields all carry default values (SEP-1034)',
    inputSchema: NO_ARGS,
    run: (args, extra, session) => session.elicit(extra, 'Please review and update the form fields with defaults', {
      type: 'object',
      properties: {
        name: { type: 'string', description: 'User name', default: 'John Doe' },
        age: { type: 'integer', description: 'User age', default: 30 },
        score: { type: 'number', description: 'User score', default: 95.5 },
        status: { type: 'string', description: 'User status', enum: ['active', 'inactive', 'pending'], default: 'active' },
        verified: { type: 'boolean', description: 'Verification status', default: true },
      },
      required: [],
    }),
  },
  {
    name: 'test_elicitation_sep1330_enums', description: 'Elicits a form with the five enum variants of SEP-1330',
    inputSchema: NO_ARGS,
    run: (args, extra, session) => session.elicit(extra, 'Please select options from the enum fields', {
      type: 'object',
      properties: {
        untitledSingle: { type: 'string', description: 'Untitled single-select', enum: ['option1', 'option2', 'option3'] },
        titledSingle: {
          type: 'string',
          description: 'Titled single-select',
          oneOf: [
            { const: 'value1', title: 'First Option' },
            { const: 'value2', title: 'Second Option' },
            { const: 'value3', title: 'Third Option' },
          ],
        },
        legacyEnum: {
          type: 'string',
          description: 'Legacy titled enum (enumNames)',
          enum: ['opt1', 'opt2', 'opt3'],
          enumNames: ['Option One', 'Option Two', 'Option Three'],
        },
        untitledMulti: {
          type: 'array',
          description: 'Untitled multi-select',
          items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
        },
        titledMulti: {
          type: 'array',
          description: 'Titled multi-select',
          items: {
            anyOf: [
              { const: 'value1', title: 'First Choice' },
              { const: 'value2', title: 'Second Choice' },
              { const: 'value3', title: 'Third Choice' },
            ],
          },
        },
      },
      required: [],
    }),
  },
  {
    name: 'json_schema_2020_12_tool', description: 'Tool with JSON Schema 2020-12 features',
    inputSchema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      $defs: {
        address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } },
      },
      properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
      additionalProperties: false,
    },
    run: (args) => ({ content: [text(`Received: ${JSON.stringify(args)}`)] }),
  },
  // The tools of the 2026-07-28 scenarios, with 2025 means (see the top of this file).
  {
    name: 'test_input_required_result_elicitation', description: "Asks the user's name during the call", inputSchema: NO_ARGS,
    run: async (args, extra) => {
      const name = accepted(await elicit(extra, 'What is your name?', { name: { type: 'string' } }, 'user_name'), 'name');
      return { content: [text(name === undefined ? 'No name given' : `Hello, ${name}!`)] };
    },
  },
  {
    name: 'test_input_required_result_sampling', description: 'Asks the client to sample during the call', inputSchema: NO_ARGS,
    run: async (args, extra) => ({
      content: [text(`The model said: ${sampled(await sample(extra, 'What is the capital of France?', 100))}`)],
    }),
  },
  {
    name: 'test_input_required_result_list_roots', description: "Asks for the client's roots during the call", inputSchema: NO_ARGS,
    run: async (args, extra) => ({ content: [text(`Roots: ${(await listRoots(extra)).roots.map((root) => root.uri).join(', ')}`)] }),
  },
  {
    name: 'test_input_required_result_request_state', description: 'Asks for a confirmation during the call', inputSchema: NO_ARGS,
    run: async (args, extra) => {
      const ok = accepted(await elicit(extra, 'Please confirm', { ok: { type: 'boolean' } }), 'ok');
      return { content: [text(ok === undefined ? 'not confirmed' : 'state-ok: confirmed')] };
    },
  },
  {
    name: 'test_input_required_result_multiple_inputs', description: 'Asks for a name, a sample and the roots at once',
    inputSchema: NO_ARGS,
    run: async (args, extra) => {
      const [name, greeting, roots] = await Promise.all([
        elicit(extra, 'What is your name?', { name: { type: 'string' } }),
        sample(extra, 'Generate a greeting', 50),
        listRoots(extra),
      ]);
      return { content: [text(`${sampled(greeting)} ${accepted(name, 'name')} (${roots.roots.length} roots)`)] };
    },
  },
  {
    name: 'test_input_required_result_multi_round', description: 'Asks for a name, then for a colour', inputSchema: NO_ARGS,
    run: async (args, extra) => {
      const name = accepted(await elicit(extra, 'Step 1: What is your name?', { name: { type: 'string' } }), 'name');
      const color = accepted(await elicit(extra, 'Step 2: What is your favorite color?', { color: { type: 'string' } }), 'color');
      return { content: [text(`${name} likes ${color}`)] };
    },
  },
  {
    name: 'test_input_required_result_tampered_state', description: 'Asks for a confirmation during the call', inputSchema: NO_ARGS,
    run: async (args, extra) => {
      const ok = accepted(await elicit(extra, 'Please confirm', { ok: { type: 'boolean' } }), 'ok');
      return { content: [text(ok === undefined ? 'not confirmed' : 'state verified')] };
    },
  },
  {
    // A 2025 server cannot see what a client behind a gateway declared: it asks for both and uses what it gets.
    name: 'test_input_required_result_capabilities', description: 'Asks for a name and a greeting, uses what the client gives',
    inputSchema: NO_ARGS,
    run: async (args, extra) => {
      const [name, greeting] = await Promise.allSettled([
        elicit(extra, 'What is your name?', { name: { type: 'string' } }),
        sample(extra, 'Generate a greeting', 50),
      ]);
      if (name.status === 'rejected' && greeting.status === 'rejected') {
        return { isError: true, content: [text('The client could be asked neither for a name nor for a greeting')] };
      }
      return { content: [text('Thanks for the input')] };
    },
  },
  {
    // Cannot do without sampling: the client's refusal fails the call with the client's own error.
    name: 'test_missing_capability', description: 'Needs the client to sample', inputSchema: NO_ARGS, failsWithClientErrors: true,
    run: async (args, extra) => ({ content: [text(`The client sampled: ${sampled(await sample(extra, 'Say something', 20))}`)] }),
  },
  {
    name: 'test_streaming_elicitation', description: "Asks the user's name during the call", inputSchema: NO_ARGS,
    run: async (args, extra) => {
      const name = accepted(await elicit(extra, 'What is your name?', { name: { type: 'string' } }, 'user_name'), 'name');
      return { content: [text(`Streamed elicitation answered: ${name}`)] };
    },
  },
  {
    name: 'test_logging_tool', description: 'Logs at info level while it runs (as far as the log level set allows)',
    inputSchema: NO_ARGS,
    run: async (args, extra, session) => {
      await session.log(extra, 'info', 'Logging tool started');
      await session.log(extra, 'info', 'Logging tool completed');
      return { content: [text('Logging tool executed')] };
    },
  },
  {
    name: 'test_reconnection', description: 'Closes its SSE stream mid-call; the result arrives after the client resumes (SEP-1699)',
    inputSchema: NO_ARGS,
    run: async (args, extra) => {
      await sleep(50);
      // Only offered when the request's protocol version allows resuming (>= 2025-11-25); otherwise
      // the result simply arrives on the open stream.
      extra.closeSSEStream?.();
      await sleep(200);
      return { content: [text('Reconnection test completed')] };
    },
  },
];

function registerResourcesAndPrompts(mcp) {
  mcp.registerResource('static-text', 'test://static-text',
    { description: 'A static text resource', mimeType: 'text/plain' },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'This is the content of the static text resource.' }] }));
  mcp.registerResource('static-binary', 'test://static-binary',
    { description: 'A static binary resource (1x1 PNG)', mimeType: 'image/png' },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'image/png', blob: PNG_1X1_RED }] }));
  mcp.registerResource('watched-resource', 'test://watched-resource',
    { description: 'A resource clients may subscribe to', mimeType: 'text/plain' },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'Watched resource content.' }] }));
  mcp.registerResource('template-data', new ResourceTemplate('test://template/{id}/data', { list: undefined }),
    { description: 'Data for an id, from a URI template', mimeType: 'application/json' },
    (uri, { id }) => ({
      contents: [{
        uri: uri.href,
        mimeType: 'application/json',
        text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }),
      }],
    }));

  mcp.registerPrompt('test_simple_prompt', { description: 'A prompt without arguments' },
    () => ({ messages: [{ role: 'user', content: text('This is a simple prompt for testing.') }] }));
  mcp.registerPrompt('test_prompt_with_arguments', {
    description: 'A prompt with two required arguments',
    argsSchema: {
      arg1: completable(z.string().describe('First test argument'),
        (value) => ['paris', 'park', 'party', 'test', 'testing'].filter((v) => v.startsWith(value ?? ''))),
      arg2: z.string().describe('Second test argument'),
    },
  }, ({ arg1, arg2 }) => ({
    messages: [{ role: 'user', content: text(`Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`) }],
  }));
  mcp.registerPrompt('test_prompt_with_embedded_resource', {
    description: 'A prompt embedding the resource named by resourceUri',
    argsSchema: { resourceUri: z.string().describe('URI of the resource to embed') },
  }, ({ resourceUri }) => ({
    messages: [
      { role: 'user', content: embedded(resourceUri, 'text/plain', 'Embedded resource content for testing.') },
      { role: 'user', content: text('Please process the embedded resource above.') },
    ],
  }));
  mcp.registerPrompt('test_prompt_with_image', { description: 'A prompt with image content' },
    () => ({ messages: [{ role: 'user', content: image() }, { role: 'user', content: text('Please analyze the image above.') }] }));
  mcp.registerPrompt('test_input_required_result_prompt', { description: 'A prompt that asks the user for context' },
    async (extra) => {
      const context = accepted(await elicit(extra, 'What context should the prompt use?', { context: { type: 'string' } }), 'context');
      return { messages: [{ role: 'user', content: text(`Use this context: ${context}`) }] };
    });
}

const LISTEN_CHECK_TOOLS = [
  {
    name: 'notify_change',
    description: 'Changes every list, and updates each resource the session subscribed to',
    inputSchema: { type: 'object', properties: {} },
    run: async (args, extra, session) => {
      await session.notifyChange();
      return { content: [text('Every list changed; subscribed resources were updated')] };
    },
  },
  {
    name: 'listen_state',
    description: "The session's open standalone GET streams and resource subscriptions",
    inputSchema: { type: 'object', properties: {} },
    run: (args, extra, session) => ({ content: [text(JSON.stringify(session.listenState(extra.sessionId)))] }),
  },
];

// One McpServer per session: an SDK server speaks to exactly one transport.
function createServer() {
  const mcp = new McpServer(
    { name: 'switchboard-conformance-upstream', version: '1.0.0' },
    {
      capabilities: LISTEN_TOOLS
        ? { logging: {}, resources: { subscribe: true, listChanged: true }, prompts: { listChanged: true }, completions: {} }
        : { logging: {}, resources: { subscribe: true }, prompts: {}, completions: {} },
    },
  );
  const server = mcp.server;
  let logLevel; // unset: send every level
  const subscriptions = new Set();

  const session = {
    clientCapabilities: () => server.getClientCapabilities(),
    // Related to the tool call, so the message travels on the call's POST stream.
    log: async (extra, level, data) => {
      if (logLevel && LOG_SEVERITY[level] < LOG_SEVERITY[logLevel]) return;
      await extra.sendNotification({ method: 'notifications/message', params: { level, logger: 'conformance-upstream', data } });
    },
    ask: (extra, request, resultSchema) => (SERVER_REQUESTS_VIA === 'get'
      ? server.request(request, resultSchema)
      : extra.sendRequest(request, resultSchema)),
    elicit: async (extra, message, requestedSchema, label = 'Elicitation completed') => {
      if (!server.getClientCapabilities()?.elicitation) throw new Error('Client does not support elicitation');
      const result = await session.ask(extra, { method: 'elicitation/create', params: { message, requestedSchema } }, ElicitResultSchema);
      return { content: [text(`${label}: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`)] };
    },
  };

  server.setRequestHandler(SetLevelRequestSchema, (request) => {
    logLevel = request.params.level;
    return {};
  });
  server.setRequestHandler(SubscribeRequestSchema, (request) => {
    subscriptions.add(request.params.uri);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, (request) => {
    subscriptions.delete(request.params.uri);
    return {};
  });

  // Not related to any request: these travel on the session's standalone GET stream.
  session.notifyChange = async () => {
    for (const method of ['notifications/tools/list_changed', 'notifications/prompts/list_changed', 'notifications/resources/list_changed']) {
      await server.notification({ method });
    }
    for (const uri of subscriptions) await server.notification({ method: 'notifications/resources/updated', params: { uri } });
  };
  session.listenState = (sessionId) => ({ getStreams: openGetStreams.get(sessionId) ?? 0, subscriptions: [...subscriptions] });

  const tools = LISTEN_TOOLS ? [...TOOLS, ...LISTEN_CHECK_TOOLS] : TOOLS;
  server.registerCapabilities({ tools: LISTEN_TOOLS ? { listChanged: true } : {} });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = tools.find((t) => t.name === request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Tool ${request.params.name} not found`);
    try {
      return await tool.run(request.params.arguments ?? {}, extra, session);
    } catch (err) {
      if (tool.failsWithClientErrors && err instanceof McpError) throw err;
      return { isError: true, content: [text(err instanceof Error ? err.message : String(err))] };
    }
  });

  registerResourcesAndPrompts(mcp);
  return mcp;
}

// Per-session event log, so that a closed SSE stream can be resumed with Last-Event-ID.
class MemoryEventStore {
  #events = [];

  async storeEvent(streamId, message) {
    const eventId = `${streamId}.${this.#events.length}`;
    this.#events.push({ eventId, streamId, message });
    return eventId;
  }

  async getStreamIdForEventId(eventId) {
    return this.#events.find((e) => e.eventId === eventId)?.streamId;
  }

  async replayEventsAfter(lastEventId, { send }) {
    const index = this.#events.findIndex((e) => e.eventId === lastEventId);
    if (index < 0) return '';
    const { streamId } = this.#events[index];
    for (const event of this.#events.slice(index + 1)) {
      if (event.streamId === streamId) await send(event.eventId, event.message);
    }
    return streamId;
  }
}

const sessions = new Map(); // Mcp-Session-Id -> transport

async function openSession() {
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: randomUUID,
    eventStore: new MemoryEventStore(),
    retryInterval: 500,
    onsessioninitialized: (id) => sessions.set(id, transport),
  });
  transport.onclose = () => sessions.delete(transport.sessionId);
  await createServer().connect(transport);
  return transport;
}

const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

function hostnameOf(value, isUrl) {
  try {
    return new URL(isUrl ? value : `http://${value}`).hostname;
  } catch {
    return undefined;
  }
}

// DNS-rebinding protection: a page on another site can make a browser reach this port, but it
// cannot make the browser send a loopback Host (or Origin).
function isLocalRequest({ headers: { host, origin } }) {
  if (host === undefined || !LOCAL_HOSTNAMES.has(hostnameOf(host, false))) return false;
  return origin === undefined || LOCAL_HOSTNAMES.has(hostnameOf(origin, true));
}

function replyError(res, status, message) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

const httpServer = http.createServer(async (req, res) => {
  try {
    if (new URL(req.url, 'http://localhost').pathname !== '/mcp') return replyError(res, 404, 'Not found');
    if (!isLocalRequest(req)) return replyError(res, 403, 'Forbidden: Host and Origin must be localhost');
    const sessionId = req.headers['mcp-session-id'];
    if (sessionId !== undefined) {
      const transport = sessions.get(sessionId);
      if (!transport) return replyError(res, 404, 'Session not found');
      if (req.method === 'GET') {
        openGetStreams.set(sessionId, (openGetStreams.get(sessionId) ?? 0) + 1);
        res.on('close', () => openGetStreams.set(sessionId, openGetStreams.get(sessionId) - 1));
      }
      return await transport.handleRequest(req, res);
    }
    if (req.method !== 'POST') return replyError(res, 400, 'Bad Request: Mcp-Session-Id header is required');
    // Only an initialize request starts a session; the transport answers anything else with 400.
    const transport = await openSession();
    await transport.handleRequest(req, res);
    if (transport.sessionId === undefined) await transport.close();
  } catch (err) {
    console.error('request failed:', err);
    if (!res.headersSent) replyError(res, 500, 'Internal server error');
    else res.end();
  }
});

async function shutdown() {
  await Promise.allSettled([...sessions.values()].map((transport) => transport.close()));
  httpServer.close(() => process.exit(0));
  httpServer.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);

httpServer.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`LISTENING ${httpServer.address().port}`);
});
