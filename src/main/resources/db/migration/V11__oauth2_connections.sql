-- OAuth2 connected accounts. The access token lives in secret_ciphertext like a user's key; the refresh token
-- beside it, sealed the same way (bound to the row). token_expires_at drives refresh before expiry.
-- redirect_url is where a user completes an INITIATED connection (Switchboard's own start URL), callback_url
-- where the caller wants the user sent afterwards; initiated_at starts the 10 minutes an initiation may take.
alter table connected_account
    add column callback_url             varchar(2048),
    add column redirect_url             varchar(2048),
    add column initiated_at             timestamptz,
    add column refresh_token_ciphertext bytea,
    add column refresh_token_key_id     varchar(32),
    add column token_expires_at         timestamptz;
create index connected_account_initiated on connected_account (initiated_at) where status = 'INITIATED';

-- One authorization a user may complete for an account: its id is in the start URL (a capability, like a
-- link); visiting it mints the OAuth state (stored hashed, single-use) and the PKCE verifier (sealed).
create table oauth_authorization (
    id                   varchar(40)  primary key,
    tenant_id            varchar(40)  not null references tenant (id),
    connected_account_id varchar(40)  not null references connected_account (id) on delete cascade,
    state_hash           varchar(64)  unique,
    verifier_ciphertext  bytea,
    verifier_key_id      varchar(32),
    created_at           timestamptz  not null,
    expires_at           timestamptz  not null,
    used_at              timestamptz
);
create index oauth_authorization_account on oauth_authorization (connected_account_id);
create index oauth_authorization_expires on oauth_authorization (expires_at);
