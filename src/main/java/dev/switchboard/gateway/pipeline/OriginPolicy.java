package dev.switchboard.gateway.pipeline;

import dev.switchboard.config.SwitchboardConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * DNS-rebinding protection for MCP URLs (the Streamable HTTP spec's Origin check, plus Host): a browser
 * page on another site must not reach a user's MCP endpoint through a name that resolves to it.
 */
@Singleton
public class OriginPolicy {

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
        // The authority: the Host header over HTTP/1.1, the :authority pseudo-header over HTTP/2.
        HostAndPort authority = ctx.request().authority();
        String host = authority == null ? null : hostName(authority.host());
        if (host == null || !hosts.contains(host)) {
            throw Refusal.of(403, "Host '" + (authority == null ? "" : authority.host()) + "' is not allowed for MCP URLs");
        }
        String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !origins.contains(origin.toLowerCase(Locale.ROOT)) && !isLoopback(origin)) {
            throw Refusal.of(403, "Origin '" + origin + "' is not allowed for MCP URLs");
        }
    }

    /** Whether MCP URLs answer to this host name (the public URL's, loopback, or an allowed one). */
    public boolean allowsHost(String host) {
        String name = hostName(host);
        return name != null && hosts.contains(name);
    }

    private static boolean isLoopback(String origin) {
        try {
            String host = URI.create(origin).getHost();
            return host != null && LOOPBACK.contains(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A host as the allow-list holds it: lower case, an IPv6 literal in brackets. */
    static String hostName(String host) {
        if (host == null || host.isBlank()) {
            return null;
        }
        String name = host.trim().toLowerCase(Locale.ROOT);
        return name.indexOf(':') >= 0 && !name.startsWith("[") ? "[" + name + "]" : name;
    }

    private static String origin(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        boolean defaultPort = port < 0 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
