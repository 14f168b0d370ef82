-- Legacy HTTP+SSE sessions: the stream is one connection to one replica, but the client's POSTs may reach
-- any replica. The holder registers the session here; another replica that receives a message for it
-- stores the message and NOTIFYs; the holder takes it and answers on the stream.
create table legacy_sse_session (
    id         varchar(40)  primary key,
    tenant_id  varchar(40)  not null references tenant (id),
    server_id  varchar(40)  not null,
    user_id    varchar(255) not null,
    created_at timestamptz  not null default now()
);

create table legacy_sse_message (
    id         bigserial    primary key,
    session_id varchar(40)  not null references legacy_sse_session (id) on delete cascade,
    body       text         not null,
    created_at timestamptz  not null default now()
);
