package dev.switchboard.ratelimit;

import dev.switchboard.ratelimit.config.RateLimitConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** The limits that apply to an MCP request, one per key kind, as keys of the store. */
@ApplicationScoped
public class McpLimits {

    @Inject
    RateLimitConfig config;

    public List<LimitedKey> keysOf(McpTraffic traffic) {
        List<LimitedKey> keys = new ArrayList<>(4);
        // The tenant in braces: a Redis Cluster hash tag, so one request's keys live on one node.
        String tenant = "{" + traffic.tenantId() + "}";
        add(keys, KeyKind.TENANT, "t:" + tenant, config.tenant().limit());
        add(keys, KeyKind.USER, "u:" + tenant + ":" + traffic.userId(), config.user().limit());
        add(keys, KeyKind.SERVER, "s:" + tenant + ":" + traffic.serverId(), config.server().limit());
        if (traffic.tool() != null) {
            add(keys, KeyKind.TOOL, "k:" + tenant + ":" + traffic.toolkit() + ":" + traffic.tool(), config.tool().limit());
        }
        return keys;
    }

    private static void add(List<LimitedKey> keys, KeyKind kind, String id, Limit limit) {
        if (!limit.isOff()) {
            keys.add(new LimitedKey(kind, id, limit));
        }
    }
}
