-- TOKEN_EXCHANGE auth configs: for a toolkit whose upstream trusts the company IdP, the gateway exchanges the
-- calling user's SSO token at the IdP (RFC 8693) for a token with this audience (and the config's scopes, kept
-- in oauth_scopes). Nothing secret is stored: the exchanging client is the platform's own at the IdP.
alter table auth_config drop constraint auth_config_auth_scheme_check;
alter table auth_config add constraint auth_config_auth_scheme_check
    check (auth_scheme in ('NO_AUTH', 'API_KEY', 'BEARER_TOKEN', 'OAUTH2', 'TOKEN_EXCHANGE'));

alter table auth_config add column token_exchange_audience varchar(255);
