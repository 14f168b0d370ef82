package dev.switchboard.common;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Mutiny's only callback decorator here is SmallRye's thread-context propagation. Configured to propagate and
 * clear nothing (application.properties), it still looks the current thread context up, in a thread local, for
 * every callback of every operator, to wrap nothing (2% of the gateway's event-loop time, bench/README.md). So,
 * when that is the configuration, it is taken out at start-up: what Mutiny's {@code mutiny.disableCallBackDecorators}
 * system property does, without asking every launcher to pass it. Another configuration keeps it.
 */
@Singleton
class MutinyCallbacks {

    private static final Logger LOG = Logger.getLogger(MutinyCallbacks.class);

    @ConfigProperty(name = "mp.context.ThreadContext.propagated")
    Optional<String> propagated;

    @ConfigProperty(name = "mp.context.ThreadContext.cleared")
    Optional<String> cleared;

    void onStart(@Observes StartupEvent start) {
        if (decoratorsDoNothing(propagated, cleared)) {
            Infrastructure.clearInterceptors();
            // Only the decorators were meant: interceptors that services declare come back.
            Infrastructure.reloadUniInterceptors();
            Infrastructure.reloadMultiInterceptors();
            LOG.info("Mutiny callback decorators removed: no thread context is propagated or cleared");
        }
    }

    /** Whether thread-context propagation is configured to capture and clear nothing (MicroProfile's {@code None}). */
    static boolean decoratorsDoNothing(Optional<String> propagated, Optional<String> cleared) {
        return propagated.map(String::trim).filter("None"::equals).isPresent()
                && cleared.map(String::trim).filter("None"::equals).isPresent();
    }
}
