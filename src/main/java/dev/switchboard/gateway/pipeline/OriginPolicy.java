package dev.switchboard.gateway.pipeline;

import dev.switchboard.config.SwitchboardConfig;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * DNS-rebinding protection for MCP URLs (the Streamable HTTP spec's Origin check, plus Host): a browser
 * page on another site must not reach a user's MCP endpoint through a name that resolves to it.
 */
@ApplicationScoped
class OriginPolicy {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    @Inject
    SwitchboardConfig config;

    private final Set<String> origins = new HashSet<>();
    private final Set<String> hosts = new HashSet<>(LOOPBACK);

    @PostConstruct
    void load() {
        URI publicUrl = URI.create(config.publicUrl().trim());
        origins.add(origin(publicUrl));
        hosts.add(publicUrl.getHost().toLowerCase(Locale.ROOT));
        config.gateway().allowedOrigins().ifPresent(list -> list.forEach(o -> origins.add(o.trim().toLowerCase(Locale.ROOT))));
        config.gateway().allowedHosts().ifPresent(list -> list.forEach(h -> hosts.add(h.trim().toLowerCase(Locale.ROOT))));
    }

    /** Refuses (403) a request whose Host or Origin may not reach MCP URLs. */
    void check(RoutingContext ctx) {
        String host = hostName(ctx.request().getHeader("Host"));
        if (host == null || !hosts.contains(host)) {
            throw Refusal.of(403, "Host '" + ctx.request().getHeader("Host") + "' is not allowed for MCP URLs");
        }
        String origin = ctx.request().getHeader("Origin");
        if (origin != null && !origins.contains(origin.toLowerCase(Locale.ROOT)) && !isLoopback(origin)) {
            throw Refusal.of(403, "Origin '" + origin + "' is not allowed for MCP URLs");
        }
    }

    private static boolean isLoopback(String origin) {
        try {
            String host = URI.create(origin).getHost();
            return host != null && LOOPBACK.contains(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String hostName(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return null;
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? null : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static String origin(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        boolean defaultPort = port < 0 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
