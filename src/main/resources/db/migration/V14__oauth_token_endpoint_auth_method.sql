-- How an OAUTH2 auth config's client authenticates at the provider's token endpoint (RFC 8414 names):
-- 'client_secret_basic' (HTTP Basic, the default when null) or 'client_secret_post' (in the form body).
alter table auth_config
    add column oauth_token_endpoint_auth_method varchar(32);
