package dev.switchboard.ratelimit.override;

import dev.switchboard.ratelimit.KeyKind;
import dev.switchboard.ratelimit.Limit;
import java.util.Map;

/**
 * A tenant's overrides, as the admission stage reads them: for each key the most specific override wins
 * (this user's over every user's; this tool's over its toolkit's over every tool's), then the default.
 */
public final class TenantLimits {

    private final String tenantId;
    /** By key kind label and stored subject. */
    private final Map<String, Limit> overrides;

    TenantLimits(String tenantId, Map<String, Limit> overrides) {
        this.tenantId = tenantId;
        this.overrides = overrides;
    }

    static String key(KeyKind kind, String storedSubject) {
        return kind.label() + ":" + storedSubject;
    }

    public String tenantId() {
        return tenantId;
    }

    public Limit tenant(Limit fallback) {
        return find(fallback, key(KeyKind.TENANT, LimitSubject.EVERY));
    }

    public Limit user(String userId, Limit fallback) {
        return find(fallback, key(KeyKind.USER, userId), key(KeyKind.USER, LimitSubject.EVERY));
    }

    public Limit server(String serverId, Limit fallback) {
        return find(fallback, key(KeyKind.SERVER, serverId), key(KeyKind.SERVER, LimitSubject.EVERY));
    }

    public Limit tool(String toolkit, String tool, Limit fallback) {
        return find(fallback, key(KeyKind.TOOL, LimitSubject.tool(toolkit, tool)),
                key(KeyKind.TOOL, LimitSubject.tool(toolkit, null)), key(KeyKind.TOOL, LimitSubject.tool(null, null)));
    }

    private Limit find(Limit fallback, String... keys) {
        if (overrides.isEmpty()) {
            return fallback;
        }
        for (String key : keys) {
            Limit limit = overrides.get(key);
            if (limit != null) {
                return limit;
            }
        }
        return fallback;
    }
}
