-- Auth configs in the Composio SDK's shape: its scheme names, a type (only 'custom': Switchboard has no
-- operator-managed OAuth apps yet), a status, OAuth2 client settings, the tool access lists, and who made it.
-- The secret columns stay: an API_KEY or BEARER_TOKEN config's own key (a credential every user shares), or
-- an OAUTH2 config's client secret. A config without a shared key takes each user's connected account.
alter table auth_config drop constraint auth_config_auth_scheme_check;
update auth_config set auth_scheme = case auth_scheme
    when 'none' then 'NO_AUTH' when 'api_key' then 'API_KEY' when 'bearer' then 'BEARER_TOKEN' end;
alter table auth_config add constraint auth_config_auth_scheme_check
    check (auth_scheme in ('NO_AUTH', 'API_KEY', 'BEARER_TOKEN', 'OAUTH2'));

alter table auth_config
    add column type                                 varchar(16)   not null default 'custom' check (type in ('custom')),
    add column enabled                              boolean       not null default true,
    add column oauth_client_id                      varchar(255),
    add column oauth_authorization_url              varchar(2048),
    add column oauth_token_url                      varchar(2048),
    add column oauth_scopes                         text,
    add column tools_available_for_execution        text,
    add column tools_for_connected_account_creation text,
    add column enabled_for_tool_router              boolean       not null default false,
    add column created_by                           varchar(255);
