-- Tenants are the isolation boundary: every other table carries tenant_id and is queried through it.
create table tenant (
    id           varchar(40)  primary key,
    name         varchar(63)  not null unique,
    display_name varchar(200) not null,
    status       varchar(16)  not null check (status in ('ACTIVE', 'DISABLED')),
    created_at   timestamptz  not null,
    updated_at   timestamptz  not null
);

-- API keys are stored as SHA-256 of the key; the key itself is shown once at creation.
create table api_key (
    id             varchar(40)  primary key,
    tenant_id      varchar(40)  not null references tenant (id),
    name           varchar(100) not null,
    role           varchar(16)  not null check (role in ('admin', 'member')),
    platform_admin boolean      not null default false,
    key_hash       varchar(64)  not null unique,
    key_prefix     varchar(16)  not null,
    created_by     varchar(255),
    created_at     timestamptz  not null,
    revoked_at     timestamptz
);
create index api_key_tenant on api_key (tenant_id, created_at);

create table toolkit (
    id          varchar(40)   primary key,
    tenant_id   varchar(40)   not null references tenant (id),
    slug        varchar(32)   not null,
    name        varchar(100)  not null,
    mcp_url     varchar(2048) not null,
    transport   varchar(16)   not null check (transport in ('streamable_http', 'sse')),
    description varchar(2000),
    logo_url    varchar(2048),
    created_at  timestamptz   not null,
    updated_at  timestamptz   not null,
    unique (tenant_id, slug)
);

-- Secret material is AES-GCM ciphertext (nonce || ciphertext+tag) under the key named by secret_key_id.
create table auth_config (
    id                varchar(40)  primary key,
    tenant_id         varchar(40)  not null references tenant (id),
    toolkit_id        varchar(40)  not null references toolkit (id),
    name              varchar(100) not null,
    auth_scheme       varchar(16)  not null check (auth_scheme in ('none', 'api_key', 'bearer')),
    header_name       varchar(100),
    secret_ciphertext bytea,
    secret_key_id     varchar(32),
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null
);
create index auth_config_tenant on auth_config (tenant_id, created_at);
create index auth_config_toolkit on auth_config (toolkit_id);

create table mcp_server (
    id                 varchar(40)  primary key,
    tenant_id          varchar(40)  not null references tenant (id),
    name               varchar(100) not null,
    allowed_tools      text         not null,
    manage_connections boolean      not null,
    created_at         timestamptz  not null,
    updated_at         timestamptz  not null
);
create unique index mcp_server_name on mcp_server (tenant_id, lower(name));
create index mcp_server_created on mcp_server (tenant_id, created_at);

-- The toolkits of a server, in order, each optionally pinned to one auth config of that toolkit.
create table mcp_server_toolkit (
    server_id      varchar(40) not null references mcp_server (id) on delete cascade,
    position       integer     not null,
    toolkit_id     varchar(40) not null references toolkit (id),
    toolkit_slug   varchar(32) not null,
    auth_config_id varchar(40) references auth_config (id),
    primary key (server_id, position)
);
create index mcp_server_toolkit_toolkit on mcp_server_toolkit (toolkit_id);
create index mcp_server_toolkit_auth_config on mcp_server_toolkit (auth_config_id);

-- One row per user an MCP server URL was generated for.
create table server_instance (
    id         varchar(40)  primary key,
    tenant_id  varchar(40)  not null references tenant (id),
    server_id  varchar(40)  not null references mcp_server (id) on delete cascade,
    user_id    varchar(255) not null,
    created_at timestamptz  not null,
    unique (server_id, user_id)
);

create table tool_router_session (
    id             varchar(40)  primary key,
    tenant_id      varchar(40)  not null references tenant (id),
    user_id        varchar(255) not null,
    config         text         not null,
    config_version integer      not null,
    token_hash     varchar(64)  not null unique,
    created_at     timestamptz  not null,
    expires_at     timestamptz  not null
);
create index tool_router_session_tenant on tool_router_session (tenant_id, user_id);
