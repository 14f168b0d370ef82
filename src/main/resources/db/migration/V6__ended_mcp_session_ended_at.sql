-- When a session was ended, by the database's clock: replicas poll for rows newer than the last they saw, in
-- case a NOTIFY did not reach them.
alter table ended_mcp_session add column ended_at timestamptz not null default now();
create index ended_mcp_session_ended_at on ended_mcp_session (ended_at);
