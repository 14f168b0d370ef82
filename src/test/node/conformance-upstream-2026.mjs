#!/usr/bin/env node
// An MCP server speaking 2026-07-28 (stateless: server/discover, per-request _meta, input_required results)
// with @modelcontextprotocol/server 2.4.0, implementing the tools, resources and prompts that the
// 2026-07-28 server scenarios of @modelcontextprotocol/conformance 0.2.0-alpha exercise, so that
// Switchboard's tests can run the suite against it directly and through the gateway.
//
//   PORT=0 node conformance-upstream-2026.mjs   -> prints "LISTENING <port>", serves http://127.0.0.1:<port>/mcp
//
// MODERN_ONLY=1 rejects every 2025-era request (initialize included) with -32022, as a modern-only server
// does; otherwise the SDK's stateless 2025 fallback serves them (input_required results then become real
// server→client requests, through the SDK's own shim).
//
// LISTEN_TOOLS=1 declares list changes and resource subscriptions, and adds two tools for subscriptions/listen
// checks: notify_change (every list changes; test://static-text is updated) and listen_state (how many listen
// streams are open here).

import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  McpServer, MissingRequiredClientCapabilityError, ResourceTemplate, acceptedContent, completable,
  createMcpHandler, createRequestStateCodec, hostHeaderValidationResponse, inputRequired, localhostAllowedHostnames,
} from '@modelcontextprotocol/server';

const MODERN_ONLY = process.env.MODERN_ONLY === '1';
const LISTEN_TOOLS = process.env.LISTEN_TOOLS === '1';
const PNG_1X1_RED = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';
const WAV_8_SAMPLES = 'UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQgAAACAgICAgICAgA==';
const NO_ARGS = { type: 'object', properties: {} };
// One process serves every round of a flow, so a key of its own is enough to seal requestState.
const requestStates = createRequestStateCodec({ key: randomBytes(32) });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const text = (value) => ({ type: 'text', text: value });
const image = () => ({ type: 'image', data: PNG_1X1_RED, mimeType: 'image/png' });
const embedded = (uri, mimeType, value) => ({ type: 'resource', resource: { uri, mimeType, text: value } });
const askName = (message) => inputRequired.elicit({
  message, requestedSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
});
const responseTo = (ctx, key) => ctx.mcpReq.inputResponses?.[key];
const clientCan = (ctx, capability) => Boolean(ctx.mcpReq.envelope?.['io.modelcontextprotocol/clientCapabilities']?.[capability]);

// Each run(args, ctx) returns a CallToolResult or an input_required result.
const TOOLS = [
  { name: 'test_simple_text', run: () => ({ content: [text('This is a simple text response for testing.')] }) },
  { name: 'test_image_content', run: () => ({ content: [image()] }) },
  { name: 'test_audio_content', run: () => ({ content: [{ type: 'audio', data: WAV_8_SAMPLES, mimeType: 'audio/wav' }] }) },
  {
    name: 'test_embedded_resource',
    run: () => ({ content: [embedded('test://embedded-resource', 'text/plain', 'This is an embedded resource content.')] }),
  },
  {
    name: 'test_multiple_content_types',
    run: () => ({
      content: [text('Multiple content types test:'), image(),
        embedded('test://mixed-content-resource', 'application/json', '{"test":"data","value":123}')],
    }),
  },
  {
    name: 'test_error_handling',
    run: () => ({ isError: true, content: [text('This tool intentionally returns an error for testing')] }),
  },
  {
    name: 'test_tool_with_progress',
    run: async (args, ctx) => {
      const progressToken = ctx.mcpReq._meta?.progressToken;
      for (const progress of [0, 50, 100]) {
        if (progress > 0) await sleep(50);
        if (progressToken !== undefined) {
          await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, progress, total: 100 } });
        }
      }
      return { content: [text('Tool with progress executed successfully')] };
    },
  },
  {
    name: 'json_schema_2020_12_tool',
    inputSchema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      $defs: { address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } } },
      properties: { name: { type: 'string' }, address: { $ref: '#/$defs/address' } },
      additionalProperties: false,
    },
    run: (args) => ({ content: [text(`Received: ${JSON.stringify(args)}`)] }),
  },
  {
    // Not a conformance tool: what SDK client checks call (mcp-modern-client-check.mjs).
    name: 'echo',
    inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
    run: (args) => ({ content: [text(`Echo: ${args.message}`)] }),
  },
  {
    name: 'test_missing_capability',
    run: (args, ctx) => {
      if (!clientCan(ctx, 'sampling')) throw new MissingRequiredClientCapabilityError({ requiredCapabilities: { sampling: {} } });
      return { content: [text('The client declared sampling')] };
    },
  },
  {
    name: 'test_input_required_result_elicitation',
    run: (args, ctx) => {
      const answer = acceptedContent(ctx.mcpReq.inputResponses, 'user_name');
      if (typeof answer?.name !== 'string') return inputRequired({ inputRequests: { user_name: askName('What is your name?') } });
      return { content: [text(`Hello, ${answer.name}!`)] };
    },
  },
  {
    name: 'test_input_required_result_sampling',
    run: (args, ctx) => {
      const answer = responseTo(ctx, 'capital_question');
      if (!answer?.content) {
        return inputRequired({
          inputRequests: {
            capital_question: inputRequired.createMessage({
              messages: [{ role: 'user', content: text('What is the capital of France?') }], maxTokens: 100,
            }),
          },
        });
      }
      return { content: [text(`The model said: ${answer.content.text ?? JSON.stringify(answer.content)}`)] };
    },
  },
  {
    name: 'test_input_required_result_list_roots',
    run: (args, ctx) => {
      const answer = responseTo(ctx, 'client_roots');
      if (!Array.isArray(answer?.roots)) return inputRequired({ inputRequests: { client_roots: inputRequired.listRoots() } });
      return { content: [text(`Roots: ${answer.roots.map((root) => root.uri).join(', ')}`)] };
    },
  },
  {
    name: 'test_input_required_result_request_state',
    run: async (args, ctx) => {
      const state = ctx.mcpReq.requestState();
      if (state?.step !== 'confirm' || acceptedContent(ctx.mcpReq.inputResponses, 'confirm') === undefined) {
        return inputRequired({
          inputRequests: {
            confirm: inputRequired.elicit({
              message: 'Please confirm',
              requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
            }),
          },
          requestState: await requestStates.mint({ step: 'confirm' }),
        });
      }
      return { content: [text('state-ok: confirmed')] };
    },
  },
  {
    name: 'test_input_required_result_multiple_inputs',
    run: async (args, ctx) => {
      const name = acceptedContent(ctx.mcpReq.inputResponses, 'user_name');
      const greeting = responseTo(ctx, 'greeting');
      const roots = responseTo(ctx, 'client_roots');
      if (ctx.mcpReq.requestState()?.step !== 'all' || !name || !greeting?.content || !Array.isArray(roots?.roots)) {
        return inputRequired({
          inputRequests: {
            user_name: askName('What is your name?'),
            greeting: inputRequired.createMessage({
              messages: [{ role: 'user', content: text('Generate a greeting') }], maxTokens: 50,
            }),
            client_roots: inputRequired.listRoots(),
          },
          requestState: await requestStates.mint({ step: 'all' }),
        });
      }
      return { content: [text(`${greeting.content.text} ${name.name} (${roots.roots.length} roots)`)] };
    },
  },
  {
    name: 'test_input_required_result_multi_round',
    run: async (args, ctx) => {
      const state = ctx.mcpReq.requestState();
      const name = acceptedContent(ctx.mcpReq.inputResponses, 'step1');
      const color = acceptedContent(ctx.mcpReq.inputResponses, 'step2');
      if (state?.round === 2 && typeof color?.color === 'string') {
        return { content: [text(`${state.name} likes ${color.color}`)] };
      }
      if (state?.round === 1 && typeof name?.name === 'string') {
        return inputRequired({
          inputRequests: {
            step2: inputRequired.elicit({
              message: 'Step 2: What is your favorite color?',
              requestedSchema: { type: 'object', properties: { color: { type: 'string' } }, required: ['color'] },
            }),
          },
          requestState: await requestStates.mint({ round: 2, name: name.name }),
        });
      }
      return inputRequired({
        inputRequests: { step1: askName('Step 1: What is your name?') },
        requestState: await requestStates.mint({ round: 1 }),
      });
    },
  },
  {
    name: 'test_input_required_result_tampered_state',
    run: async (args, ctx) => {
      if (ctx.mcpReq.requestState()?.step === 'confirm' && acceptedContent(ctx.mcpReq.inputResponses, 'confirm')) {
        return { content: [text('state verified')] };
      }
      return inputRequired({
        inputRequests: {
          confirm: inputRequired.elicit({
            message: 'Please confirm',
            requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
          }),
        },
        requestState: await requestStates.mint({ step: 'confirm' }),
      });
    },
  },
  {
    name: 'test_input_required_result_capabilities',
    run: (args, ctx) => {
      const inputRequests = {};
      if (clientCan(ctx, 'elicitation')) inputRequests.user_name = askName('What is your name?');
      if (clientCan(ctx, 'sampling')) {
        inputRequests.greeting = inputRequired.createMessage({
          messages: [{ role: 'user', content: text('Generate a greeting') }], maxTokens: 50,
        });
      }
      if (Object.keys(inputRequests).length === 0) {
        return { isError: true, content: [text('The client declared neither elicitation nor sampling')] };
      }
      if (Object.keys(inputRequests).every((key) => responseTo(ctx, key) !== undefined)) {
        return { content: [text('Thanks for the input')] };
      }
      return inputRequired({ inputRequests });
    },
  },
];

if (LISTEN_TOOLS) {
  TOOLS.push({
    name: 'notify_change',
    run: () => {
      handler.notify.toolsChanged();
      handler.notify.promptsChanged();
      handler.notify.resourcesChanged();
      handler.notify.resourceUpdated('test://static-text');
      return { content: [text('Every list changed; test://static-text was updated')] };
    },
  }, {
    name: 'listen_state',
    run: () => ({ content: [text(JSON.stringify({ listeners: handler.bus.listenerCount }))] }),
  });
}

function registerTools(mcp) {
  mcp.server.setRequestHandler('tools/list', () => ({
    tools: TOOLS.map(({ name, inputSchema }) => ({ name, description: `Conformance tool ${name}`, inputSchema: inputSchema ?? NO_ARGS })),
  }));
  mcp.server.setRequestHandler('tools/call', async (request, ctx) => {
    const tool = TOOLS.find((candidate) => candidate.name === request.params.name);
    if (!tool) return { isError: true, content: [text(`Unknown tool: ${request.params.name}`)] };
    return tool.run(request.params.arguments ?? {}, ctx);
  });
}

function registerResourcesAndPrompts(mcp) {
  mcp.registerResource('static-text', 'test://static-text', { description: 'A static text resource', mimeType: 'text/plain' },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'This is the content of the static text resource.' }] }));
  mcp.registerResource('static-binary', 'test://static-binary', { description: 'A static binary resource', mimeType: 'image/png' },
    (uri) => ({ contents: [{ uri: uri.href, mimeType: 'image/png', blob: PNG_1X1_RED }] }));
  mcp.registerResource('template-data', new ResourceTemplate('test://template/{id}/data', { list: undefined }),
    { description: 'Data for an id, from a URI template', mimeType: 'application/json' },
    (uri, { id }) => ({
      contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }) }],
    }));

  mcp.registerPrompt('test_simple_prompt', { description: 'A prompt without arguments' },
    () => ({ messages: [{ role: 'user', content: text('This is a simple prompt for testing.') }] }));
  mcp.registerPrompt('test_prompt_with_arguments', {
    description: 'A prompt with two required arguments',
    argsSchema: z.object({
      arg1: completable(z.string().describe('First test argument'),
        (value) => ['paris', 'park', 'party', 'test', 'testing'].filter((v) => v.startsWith(value ?? ''))),
      arg2: z.string().describe('Second test argument'),
    }),
  }, ({ arg1, arg2 }) => ({
    messages: [{ role: 'user', content: text(`Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`) }],
  }));
  mcp.registerPrompt('test_prompt_with_embedded_resource', {
    description: 'A prompt embedding the resource named by resourceUri',
    argsSchema: z.object({ resourceUri: z.string().describe('URI of the resource to embed') }),
  }, ({ resourceUri }) => ({
    messages: [
      { role: 'user', content: embedded(resourceUri, 'text/plain', 'Embedded resource content for testing.') },
      { role: 'user', content: text('Please process the embedded resource above.') },
    ],
  }));
  mcp.registerPrompt('test_prompt_with_image', { description: 'A prompt with image content' },
    () => ({ messages: [{ role: 'user', content: image() }, { role: 'user', content: text('Please analyze the image above.') }] }));
  mcp.registerPrompt('test_input_required_result_prompt', { description: 'A prompt that asks the user for context' },
    (ctx) => {
      const answer = acceptedContent(ctx.mcpReq.inputResponses, 'user_context');
      if (typeof answer?.context !== 'string') {
        return inputRequired({
          inputRequests: {
            user_context: inputRequired.elicit({
              message: 'What context should the prompt use?',
              requestedSchema: { type: 'object', properties: { context: { type: 'string' } }, required: ['context'] },
            }),
          },
        });
      }
      return { messages: [{ role: 'user', content: text(`Use this context: ${answer.context}`) }] };
    });
}

function createServer() {
  const mcp = new McpServer({ name: 'switchboard-conformance-upstream-2026', version: '1.0.0' }, {
    capabilities: LISTEN_TOOLS
      ? { tools: { listChanged: true }, resources: { listChanged: true, subscribe: true }, prompts: { listChanged: true }, completions: {} }
      : { tools: {}, resources: {}, prompts: {}, completions: {} },
    requestState: { verify: requestStates.verify },
  });
  registerTools(mcp);
  registerResourcesAndPrompts(mcp);
  return mcp;
}

const handler = createMcpHandler(createServer, { legacy: MODERN_ONLY ? 'reject' : 'stateless' });

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

// node:http in front of the handler's web-standard face, with the DNS-rebinding check the entry leaves to its host.
const httpServer = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, `http://${req.headers.host ?? '127.0.0.1'}`);
    if (url.pathname !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      for (const one of [value].flat()) headers.append(name, one);
    }
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    // A client that goes away aborts the request (it ends a subscriptions/listen stream).
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const request = new Request(url, { method: req.method, headers, body, signal: gone.signal });
    const response = hostHeaderValidationResponse(request, localhostAllowedHostnames()) ?? await handler.fetch(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body) {
      for await (const chunk of response.body) res.write(chunk);
    }
    res.end();
  } catch (err) {
    console.error('conformance-upstream-2026:', err);
    if (!res.headersSent) res.writeHead(500).end();
    else res.end();
  }
});

function shutdown() {
  handler.close().finally(() => httpServer.close(() => process.exit(0)));
  httpServer.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);

httpServer.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`LISTENING ${httpServer.address().port}`);
});
