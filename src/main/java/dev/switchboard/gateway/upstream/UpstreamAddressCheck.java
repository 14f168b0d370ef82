package dev.switchboard.gateway.upstream;

import dev.switchboard.config.SwitchboardConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The upstream address policy ({@link UpstreamAddressPolicy}) as configured, applied when a toolkit is
 * saved ({@link #problemWith}) and on every connect ({@link #resolve}): the host is resolved here, off the
 * event loop, every address it resolves to is checked, and the request goes to the checked address, so a
 * second lookup cannot answer something else. A URL's checked address is kept for {@link #CHECKED_FOR}, as a
 * resolver keeps a DNS answer, so the calls of a busy session neither parse the URL nor run the policy again.
 */
@Singleton
public class UpstreamAddressCheck {

    private static final Logger LOG = Logger.getLogger(UpstreamAddressCheck.class);

    @Inject
    SwitchboardConfig config;

    @Inject
    Vertx vertx;

    @Inject
    Instance<HttpServer> server;

    /** Where a request to one upstream URL goes: the URL, parsed once, and the address the policy let through. */
    public record Destination(URL url, SocketAddress server, long checkedAtNanos) {
    }

    static final Duration CHECKED_FOR = Duration.ofSeconds(30);
    private static final int MAX_DESTINATIONS = 10_000;

    private final Map<String, Destination> destinations = new ConcurrentHashMap<>();
    private volatile UpstreamAddressPolicy policy;
    private Set<InetAddress> localAddresses = Set.of();

    /** Reads this machine's addresses once, and refuses to start with an entry that is not one. */
    void start(@Observes StartupEvent event) {
        localAddresses = localAddresses();
        SwitchboardConfig.UpstreamAddresses settings = config.gateway().upstreamAddresses();
        new UpstreamAddressPolicy(settings.allowed().orElse(List.of()), settings.denied().orElse(List.of()),
                settings.allowLoopback(), Set.of(), Set.of(), Set.of());
    }

    /** Why a toolkit may not point at this URL (for a 400 naming the field), or null. */
    public String problemWith(String url) {
        try {
            return policy().refusalOf(new URI(url));
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
    }

    /**
     * Where to send a request for this upstream URL: checked by {@link #resolve} at most once per
     * {@link #CHECKED_FOR}. Fails like {@link #resolve}, or when the URL is not one.
     */
    public Future<Destination> destination(String slug, String url) {
        Destination known = destinations.get(url);
        if (known != null && System.nanoTime() - known.checkedAtNanos() < CHECKED_FOR.toNanos()) {
            return Future.succeededFuture(known);
        }
        URI uri;
        URL parsed;
        try {
            uri = new URI(url);
            parsed = uri.toURL();
        } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            return Future.failedFuture(new UpstreamException(slug + " has an invalid URL", 0));
        }
        return resolve(slug, uri).map(address -> {
            Destination checked = new Destination(parsed,
                    SocketAddress.inetSocketAddress(UpstreamAddressPolicy.portOf(uri), address.getHostAddress()), System.nanoTime());
            if (destinations.size() >= MAX_DESTINATIONS) {
                destinations.clear();
            }
            destinations.put(url, checked);
            return checked;
        });
    }

    /**
     * The address to connect to for this upstream URL: resolved once, every address checked. Fails with an
     * {@link UpstreamException} that says the address is refused (the details go to the log only: the
     * tenant does not learn what an internal name resolves to).
     */
    private Future<InetAddress> resolve(String slug, URI url) {
        UpstreamAddressPolicy rules = policy();
        String refused = rules.refusalOf(url);
        if (refused != null) {
            return refuse(slug, url, refused);
        }
        String host = UpstreamAddressPolicy.hostOf(url);
        int port = UpstreamAddressPolicy.portOf(url);
        if (UpstreamAddressPolicy.isNumeric(host)) {
            return Future.succeededFuture(UpstreamAddressPolicy.literal(host));
        }
        return vertx.executeBlocking(() -> InetAddress.getAllByName(host), false).recover(failure -> Future.failedFuture(
                new UpstreamException(slug + " has a host name that does not resolve", 0))).compose(addresses -> {
                    for (InetAddress address : addresses) {
                        String refusal = rules.refusalOf(host, address, port);
                        if (refusal != null) {
                            return refuse(slug, url, host + " resolves to " + address.getHostAddress() + ", which " + refusal);
                        }
                    }
                    return Future.succeededFuture(addresses[0]);
                });
    }

    private static Future<InetAddress> refuse(String slug, URI url, String why) {
        LOG.warnf("Upstream %s at %s:%d not called: %s", slug, url.getHost(), UpstreamAddressPolicy.portOf(url), why);
        return Future.failedFuture(new UpstreamException(slug + "'s address is refused by the upstream address policy", 0));
    }

    /** Built on first use: by then the HTTP server listens, so its real port is known (tests use a random one). */
    private UpstreamAddressPolicy policy() {
        UpstreamAddressPolicy built = policy;
        if (built == null) {
            SwitchboardConfig.UpstreamAddresses settings = config.gateway().upstreamAddresses();
            Set<Integer> ownPorts = new HashSet<>();
            if (server.isResolvable()) {
                ownPorts.add(server.get().getPort());
                ownPorts.add(server.get().getSecurePort());
                ownPorts.add(server.get().getManagementPort());
            }
            ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).ifPresent(ownPorts::add);
            ownPorts.removeIf(port -> port <= 0);
            Set<String> ownAuthorities = new HashSet<>();
            try {
                URI publicUrl = new URI(config.publicUrl());
                ownAuthorities.add(UpstreamAddressPolicy.hostOf(publicUrl) + ":" + UpstreamAddressPolicy.portOf(publicUrl));
            } catch (URISyntaxException | NullPointerException e) {
                LOG.debugf("The public URL names no host: %s", e.getMessage());
            }
            built = new UpstreamAddressPolicy(settings.allowed().orElse(List.of()), settings.denied().orElse(List.of()),
                    settings.allowLoopback(), ownPorts, ownAuthorities, localAddresses);
            policy = built;
        }
        return built;
    }

    private static Set<InetAddress> localAddresses() {
        Set<InetAddress> addresses = new HashSet<>();
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                addresses.addAll(Collections.list(network.getInetAddresses()));
            }
        } catch (SocketException e) {
            LOG.warnf("This machine's addresses are unknown (%s): only loopback counts as Switchboard's own", e.getMessage());
        }
        return addresses;
    }
}
