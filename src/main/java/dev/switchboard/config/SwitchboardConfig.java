package dev.switchboard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every {@code switchboard.*} setting; each is also reachable as an env var ({@code SWITCHBOARD_…}). */
@ConfigMapping(prefix = "switchboard")
public interface SwitchboardConfig {

    /** The public base URL clients reach Switchboard at; generated MCP URLs and commands start with it. */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    Bootstrap bootstrap();

    Encryption encryption();

    Sessions sessions();

    Identity identity();

    /** Exchanging users' SSO tokens at the IdP for TOKEN_EXCHANGE auth configs. */
    TokenExchange tokenExchange();

    Gateway gateway();

    Connections connections();

    /**
     * How long the request path keeps what it reads on every call (API key identities, tenants, resolved
     * servers and sessions). Changes reach every replica at once through NOTIFY; this bounds how long a
     * replica that missed one keeps the old value. PT0S turns the caches off.
     */
    @WithDefault("PT5S")
    Duration cacheTtl();

    /** Connected accounts' OAuth2 tokens. */
    interface Connections {
        /**
         * How long before an access token expires the gateway refreshes it (on the call that finds it so close),
         * so a call never goes out with a token that dies on the way.
         */
        @WithDefault("PT60S")
        Duration refreshBeforeExpiry();

        /** How long a provider's token endpoint may take to answer a code exchange or a refresh. */
        @WithDefault("PT10S")
        Duration tokenEndpointTimeout();
    }

    /** The MCP gateway. */
    interface Gateway {
        /** How long an upstream may take to answer one request before it drops out of a fan-out. */
        @WithDefault("PT10S")
        Duration upstreamTimeout();

        /**
         * How long a pooled upstream connection may sit idle. Kept below Node's 5 s keep-alive timeout,
         * so the pool never reuses a connection the upstream is about to close.
         */
        @WithDefault("PT4S")
        Duration upstreamIdleTimeout();

        /**
         * How long an event stream to a client may stay silent before the gateway sends an SSE comment, so
         * proxies and load balancers on the way do not close a long tool call or an idle standalone stream.
         */
        @WithDefault("PT15S")
        Duration keepAliveInterval();

        /**
         * How long an MCP session (a sealed {@code Mcp-Session-Id}) stays valid after initialize; the client
         * then gets 404 and initializes again, as the protocol prescribes.
         */
        @WithDefault("PT24H")
        Duration sessionLifetime();

        /**
         * How long a 2026-07-28 client's call that an upstream asked for input (answered {@code input_required})
         * waits for the client's retry, and a retry for the upstream's next message; then the upstream's request
         * is answered with an error and the {@code requestState} expires.
         */
        @WithDefault("PT5M")
        Duration inputRequiredTimeout();

        /**
         * How long the upstream sessions the gateway opened for a 2026-07-28 client's user and server may go unused
         * on a replica before they are closed upstream and forgotten (a call still running keeps them open).
         */
        @WithDefault("PT5M")
        Duration pooledSessionIdleTimeout();

        /**
         * How many users' sets of pooled upstream sessions (one set per user and server) a replica keeps open; the
         * set used least recently is closed upstream to make room for another.
         */
        @WithDefault("10000")
        int pooledSessionLimit();

        /** The most items one page of a merged list (tools, prompts, resources) holds for the client. */
        @WithDefault("1000")
        int listPageSize();

        /** The largest single message (a JSON body or one SSE event) the gateway reads from an upstream. */
        @WithDefault("16M")
        io.quarkus.runtime.configuration.MemorySize maxUpstreamMessage();

        /**
         * Browser origins allowed to call MCP URLs, besides the public URL's own origin (DNS-rebinding
         * protection: a request with any other {@code Origin} is refused with 403).
         */
        Optional<List<String>> allowedOrigins();

        /**
         * Host names MCP URLs answer to, besides the public URL's host and loopback names (DNS-rebinding
         * protection: a request for any other {@code Host} is refused with 403).
         */
        Optional<List<String>> allowedHosts();

        /** Which addresses upstream MCP servers may have (SSRF protection; see UpstreamAddressPolicy). */
        UpstreamAddresses upstreamAddresses();
    }

    /**
     * Entries are {@code host}, {@code *.domain}, an IP or a CIDR ({@code [v6]}, {@code [v6/len]}), each with an
     * optional {@code :port}. Link-local addresses, cloud metadata services, unspecified addresses and
     * Switchboard's own port are always denied; loopback unless allowed.
     */
    interface UpstreamAddresses {
        /** When set, the only upstreams toolkits may point at; an entry also lifts the loopback and link-local denial. */
        Optional<List<String>> allowed();

        /** Upstreams never called, whatever else allows them. */
        Optional<List<String>> denied();

        /** Whether loopback upstreams may be called (dev, local and test profiles: yes; production: no). */
        @WithDefault("false")
        boolean allowLoopback();
    }

    /** First-use automation: a tenant and an admin API key created at start-up when absent. */
    interface Bootstrap {
        /** The API key value to create (nothing is created when empty). */
        Optional<String> apiKey();

        /** The name of the tenant the bootstrap key belongs to. */
        @WithDefault("default")
        String tenant();

        /** Whether the bootstrap key may also manage tenants (platform admin). */
        @WithDefault("false")
        boolean platformAdmin();
    }

    /** The AES-GCM key that encrypts secrets at rest. */
    interface Encryption {
        /** Base64 of 32 random bytes; required before any secret is stored. */
        Optional<String> key();

        /** Stored beside each ciphertext so keys can rotate. */
        @WithDefault("k1")
        String keyId();

        /** Earlier keys by id (base64), still used to open secrets sealed before a rotation. */
        Map<String, String> previousKeys();
    }

    interface Sessions {
        /** How long a tool-router session lives after creation. */
        @WithDefault("PT24H")
        Duration ttl();
    }

    /** How OIDC token claims map to a principal. */
    interface Identity {
        /** The claim holding the user id. */
        @WithDefault("sub")
        String userIdClaim();

        /** The claim holding the tenant name. */
        @WithDefault("tenant")
        String tenantClaim();

        /** Claims holding roles; nested claims use '/' (e.g. realm_access/roles). */
        @WithDefault("groups,realm_access/roles")
        List<String> rolesClaims();

        /** A single-tenant install maps every user without a tenant claim to this tenant. */
        Optional<String> defaultTenant();

        /** Create a tenant named by a token's claim when it does not exist yet. */
        @WithDefault("false")
        boolean autoProvisionTenants();

        /** The role value that makes a user an admin of their tenant. */
        @WithDefault("admin")
        String adminRole();

        /** The role value that makes a user a platform admin (manages tenants). */
        @WithDefault("platform-admin")
        String platformAdminRole();

        /**
         * The scopes an MCP client asks the IdP for when it logs its user in: advertised in the protected
         * resource metadata and in the gateway's challenges. Those scopes must give tokens the user, tenant,
         * roles and audience claims. None: clients ask for no scope and get the IdP's defaults.
         */
        Optional<List<String>> scopes();
    }

    /**
     * RFC 8693 token exchange at the IdP, for toolkits whose upstream trusts it (TOKEN_EXCHANGE auth configs). The
     * exchanging client is Switchboard's own at the IdP, the one users' tokens name as audience (the IdP lets only a
     * client the subject token was issued to exchange it), so it is platform configuration, not a tenant's.
     */
    interface TokenExchange {
        /** The exchanging client's id at the IdP. */
        Optional<String> clientId();

        /** Its secret (client_secret_basic). Without one, TOKEN_EXCHANGE auth configs cannot be created. */
        Optional<String> clientSecret();

        /** The IdP's token endpoint; by default the one in the discovery document of the IdP that checked the user's token. */
        Optional<String> tokenUrl();

        /** An exchanged token is used until this long before it (or the SSO token it was exchanged for) expires. */
        @WithDefault("PT30S")
        Duration expiryMargin();

        /** How many exchanged tokens a replica keeps (one per tenant, user and auth config); the least recently used go first. */
        @WithDefault("10000")
        int cacheSize();

        /** How long the IdP may take to answer one exchange. */
        @WithDefault("PT10S")
        Duration timeout();
    }
}
