// Preloaded (node --import) into the MCP conformance suite, whose CLI has no option for request headers:
// adds the headers in CONFORMANCE_HEADERS (JSON object) to every HTTP request for CONFORMANCE_ORIGIN,
// as an MCP client configured with an API key header would send them. Both the suite's fetch-based
// clients and its raw undici requests go through undici's global dispatcher; a few scenarios of the 2026
// suite (http-header-validation) send with node:http itself, whose request function is wrapped too.
import http from 'node:http';
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

// Those scenarios also drop the query of the server URL (they send only its path), which for the gateway
// names the user; CONFORMANCE_QUERY (the URL's "?…") is put back on a request for that path without one.
const query = process.env.CONFORMANCE_QUERY ?? '';
const httpRequest = http.request;
http.request = function requestWithExtraHeaders(url, options, callback) {
  // node:http takes (options[, callback]) or (url[, options][, callback]).
  if (typeof url === 'object' && !(url instanceof URL)) {
    const target = `${url.protocol ?? 'http:'}//${url.hostname ?? url.host}${url.port ? `:${url.port}` : ''}`;
    if (new URL(target).origin !== origin) return httpRequest.call(this, url, options);
    const path = query && url.path && !url.path.includes('?') ? url.path + query : url.path;
    return httpRequest.call(this, { ...url, path, headers: withExtraHeaders(url.headers) }, options);
  }
  return httpRequest.call(this, url, options, callback);
};
