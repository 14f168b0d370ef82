package dev.switchboard.ratelimit.override;

import dev.switchboard.ratelimit.KeyKind;
import dev.switchboard.ratelimit.Limit;
import java.util.Map;

/**
 * A tenant's overrides, as the admission stage reads them: for each key the most specific override wins
 * (this user's over every user's; this tool's over its toolkit's over every tool's), then the default. A key
 * kind without overrides, the usual case, costs one map lookup per request.
 */
public final class TenantLimits {

    private final String tenantId;
    /** By key kind, then stored subject (see {@link LimitSubject#stored()}). */
    private final Map<KeyKind, Map<String, Limit>> overrides;

    TenantLimits(String tenantId, Map<KeyKind, Map<String, Limit>> overrides) {
        this.tenantId = tenantId;
        this.overrides = overrides;
    }

    public String tenantId() {
        return tenantId;
    }

    public Limit tenant(Limit fallback) {
        Map<String, Limit> tenant = overrides.get(KeyKind.TENANT);
        return tenant == null ? fallback : tenant.getOrDefault(LimitSubject.EVERY, fallback);
    }

    public Limit user(String userId, Limit fallback) {
        Map<String, Limit> users = overrides.get(KeyKind.USER);
        return users == null ? fallback : first(users, fallback, userId, LimitSubject.EVERY);
    }

    public Limit server(String serverId, Limit fallback) {
        Map<String, Limit> servers = overrides.get(KeyKind.SERVER);
        return servers == null ? fallback : first(servers, fallback, serverId, LimitSubject.EVERY);
    }

    public Limit tool(String toolkit, String tool, Limit fallback) {
        Map<String, Limit> tools = overrides.get(KeyKind.TOOL);
        return tools == null ? fallback : first(tools, fallback, LimitSubject.tool(toolkit, tool),
                LimitSubject.tool(toolkit, null), LimitSubject.tool(null, null));
    }

    private static Limit first(Map<String, Limit> bySubject, Limit fallback, String... subjects) {
        for (String subject : subjects) {
            Limit limit = bySubject.get(subject);
            if (limit != null) {
                return limit;
            }
        }
        return fallback;
    }
}
