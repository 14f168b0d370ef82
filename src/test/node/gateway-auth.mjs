// Preloaded (node --import) into the MCP conformance suite, whose CLI has no option for request headers:
// adds the headers in CONFORMANCE_HEADERS (JSON object) to every HTTP request for CONFORMANCE_ORIGIN,
// as an MCP client configured with an API key header would send them. Both the suite's fetch-based
// clients and its raw undici requests go through undici's global dispatcher.
import { Agent, setGlobalDispatcher } from 'undici';

const origin = new URL(process.env.CONFORMANCE_ORIGIN).origin;
const extra = JSON.parse(process.env.CONFORMANCE_HEADERS ?? '{}');

function withExtraHeaders(headers) {
  if (headers == null) return { ...extra };
  if (Array.isArray(headers)) return [...headers, ...Object.entries(extra).flat()];
  if (typeof headers[Symbol.iterator] === 'function') return [...headers, ...Object.entries(extra)].flat();
  return { ...headers, ...extra };
}

setGlobalDispatcher(new Agent().compose((dispatch) => (options, handler) => {
  const target = options.origin ? new URL(String(options.origin)).origin : undefined;
  return dispatch(target === origin ? { ...options, headers: withExtraHeaders(options.headers) } : options, handler);
}));
