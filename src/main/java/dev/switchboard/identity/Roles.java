package dev.switchboard.identity;

/** Switchboard's own role names; OIDC role values and API key roles are mapped onto them. */
public final class Roles {

    /** Manages the tenant's configuration (toolkits, auth configs, MCP servers, API keys). */
    public static final String ADMIN = "admin";
    /** Uses the tenant: reads configurations, own URLs, sessions and connections. */
    public static final String MEMBER = "member";
    /** Manages tenants. */
    public static final String PLATFORM_ADMIN = "platform-admin";

    private Roles() {
    }
}
