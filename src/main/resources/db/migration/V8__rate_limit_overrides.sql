-- Rate limits set as data: each row replaces the configured default of one key kind for one subject of a
-- tenant. subject is '*' for every subject of the kind (and for the tenant's own limit), a user id, a server
-- id, or '<toolkit>/<tool>' where either part may be '*'.
create table rate_limit_override (
    id          varchar(40)  primary key,
    tenant_id   varchar(40)  not null references tenant (id),
    key_kind    varchar(16)  not null check (key_kind in ('tenant', 'user', 'server', 'tool')),
    subject     varchar(400) not null,
    rate        bigint       not null check (rate >= 0),
    time_window varchar(16)  not null check (time_window in ('second', 'minute')),
    burst       bigint       check (burst >= 1),
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    unique (tenant_id, key_kind, subject)
);
