-- Who did what, in which tenant, with what outcome: every tool call through the gateway (and, later,
-- every management change). Written in batches off the request path.
create table audit_event (
    id         varchar(40)  primary key,
    tenant_id  varchar(40)  not null references tenant (id),
    actor      varchar(255) not null,
    user_id    varchar(255),
    action     varchar(64)  not null,
    server_id  varchar(40),
    target     varchar(255),
    outcome    varchar(32)  not null,
    latency_ms bigint,
    created_at timestamptz  not null
);
create index audit_event_tenant_time on audit_event (tenant_id, created_at desc);
