-- MCP sessions a client ended (DELETE): their sealed Mcp-Session-Id answers 404 on every replica from then
-- on. Kept until the id would have expired anyway (switchboard.gateway.session-lifetime).
create table ended_mcp_session (
    session_hash varchar(64) primary key,
    tenant_id    varchar(40) not null references tenant (id),
    expires_at   timestamptz not null
);
create index ended_mcp_session_expiry on ended_mcp_session (expires_at);
