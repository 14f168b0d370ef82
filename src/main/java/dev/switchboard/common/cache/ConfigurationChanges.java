package dev.switchboard.common.cache;

import dev.switchboard.common.cluster.ClusterNotifications;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Tells every replica that a tenant's configuration changed: {@link ConfigurationChanged} is fired here at
 * once (a change is visible to the next request on this replica) and NOTIFYed to the others, which fire it
 * on theirs. This replica hears its own notification too and drops the same entries again, which is harmless.
 * A replica that was not listening drops everything when it listens again; the caches' TTL covers the rest.
 */
@ApplicationScoped
public class ConfigurationChanges {

    private static final Logger LOG = Logger.getLogger(ConfigurationChanges.class);
    static final String CHANNEL = "switchboard_configuration";
    static final String EVERY_TENANT = "*";

    @Inject
    ClusterNotifications cluster;

    @Inject
    Event<ConfigurationChanged> changes;

    void listen(@Observes StartupEvent event) {
        cluster.listen(CHANNEL, payload -> changes.fire(new ConfigurationChanged(EVERY_TENANT.equals(payload) ? null : payload)),
                () -> {
                    changes.fire(new ConfigurationChanged(null));
                    return Uni.createFrom().voidItem();
                }).subscribe().with(listening -> { }, failure -> { });
    }

    /** Answers once the other replicas are told; when they cannot be, their TTL still bounds the change. */
    public Uni<Void> announce(ConfigurationChanged changed) {
        changes.fire(changed);
        return cluster.notify(CHANNEL, changed.tenantId() == null ? EVERY_TENANT : changed.tenantId())
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("Other replicas were not told of a configuration change: %s", failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }
}
