-- A link a user opens to connect an account (Composio's connectedAccounts.link and session.authorize): the
-- INITIATED account it completes, where to send the browser afterwards, and until when it works. Only the
-- SHA-256 of the token is kept (the token is a random 256-bit bearer secret); used_at makes it single use.
-- The account takes its links with it when deleted.
create table connection_link (
    token_hash           varchar(64)   primary key,
    tenant_id            varchar(40)   not null references tenant (id),
    connected_account_id varchar(40)   not null references connected_account (id) on delete cascade,
    callback_url         varchar(2048),
    expires_at           timestamptz   not null,
    used_at              timestamptz,
    created_at           timestamptz   not null
);
create index connection_link_account on connection_link (connected_account_id);
-- (The expiry sweep finds accounts left INITIATED through V11's index on initiated_at.)
