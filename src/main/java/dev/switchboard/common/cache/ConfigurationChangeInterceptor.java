package dev.switchboard.common.cache;

import dev.switchboard.tenancy.TenantId;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Announces a {@link ConfigurationChanged} to every replica after a {@link ChangesConfiguration} method's Uni succeeded. */
@ChangesConfiguration
@Interceptor
// Outside the transaction interceptor, so caches are dropped after the change is committed.
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class ConfigurationChangeInterceptor {

    @Inject
    ConfigurationChanges changes;

    @AroundInvoke
    Object fireAfter(InvocationContext invocation) throws Exception {
        String tenantId = null;
        for (Object parameter : invocation.getParameters()) {
            if (parameter instanceof TenantId tenant) {
                tenantId = tenant.value();
            }
        }
        ConfigurationChanged changed = new ConfigurationChanged(tenantId);
        Object result = invocation.proceed();
        if (result instanceof Uni<?> uni) {
            return uni.call(() -> changes.announce(changed));
        }
        changes.announce(changed).subscribe().with(announced -> { }, failure -> { });
        return result;
    }
}
