-- One user's credentials for one auth config (Composio's connected account). The user's key or token is
-- AES-GCM ciphertext bound to the row, like auth config secrets. status is what the connection reached;
-- disabled is the user's or an admin's switch (the API then answers INACTIVE), kept apart so enabling again
-- returns to that status. An auth config takes its accounts with it when deleted.
create table connected_account (
    id                varchar(40)  primary key,
    tenant_id         varchar(40)  not null references tenant (id),
    auth_config_id    varchar(40)  not null references auth_config (id) on delete cascade,
    user_id           varchar(255) not null,
    status            varchar(16)  not null
        check (status in ('INITIALIZING', 'INITIATED', 'ACTIVE', 'FAILED', 'EXPIRED', 'INACTIVE', 'REVOKED')),
    status_reason     varchar(500),
    disabled          boolean      not null default false,
    alias             varchar(100),
    secret_ciphertext bytea,
    secret_key_id     varchar(32),
    created_by        varchar(255),
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null
);
create index connected_account_user on connected_account (tenant_id, user_id);
create index connected_account_tenant on connected_account (tenant_id, created_at);
create index connected_account_auth_config on connected_account (auth_config_id);
