-- The replica holding a legacy HTTP+SSE stream refreshes its sessions' rows every few seconds; a message
-- is handed over only to a session whose holder refreshed it lately, so after a replica dies its
-- sessions' messages get 404 (the client reconnects) instead of piling up for no one.
alter table legacy_sse_session add column refreshed_at timestamptz not null default now();
create index legacy_sse_session_refreshed on legacy_sse_session (refreshed_at);
