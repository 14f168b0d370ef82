-- Whether a server's tool and prompt names and resource URIs carry their toolkit's slug (see Namespace).
alter table mcp_server add column tool_name_prefix boolean not null default true;

-- How long the gateway waits for one toolkit's upstream; null means the gateway-wide default.
alter table toolkit add column timeout_ms integer check (timeout_ms between 100 and 600000);
