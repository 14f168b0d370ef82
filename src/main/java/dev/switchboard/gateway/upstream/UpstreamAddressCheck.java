package dev.switchboard.gateway.upstream;

import dev.switchboard.config.SwitchboardConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The upstream address policy ({@link UpstreamAddressPolicy}) as configured, applied when a toolkit is
 * saved ({@link #problemWith}) and on every connect ({@link #resolve}): the host is resolved here, off the
 * event loop, every address it resolves to is checked, and the request goes to the checked address, so a
 * second lookup cannot answer something else.
 */
@ApplicationScoped
public class UpstreamAddressCheck {

    private static final Logger LOG = Logger.getLogger(UpstreamAddressCheck.class);

    @Inject
    SwitchboardConfig config;

    @Inject
    Vertx vertx;

    @Inject
    Instance<HttpServer> server;

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
     * The address to connect to for this upstream URL: resolved once, every address checked. Fails with an
     * {@link UpstreamException} that says the address is refused (the details go to the log only: the
     * tenant does not learn what an internal name resolves to).
     */
    public Future<InetAddress> resolve(String slug, URI url) {
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
