package dev.switchboard.common.cache;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a service method that changes configuration the request path caches: once its {@code Uni}
 * succeeds (after its transaction), {@link ConfigurationChanged} is announced to every replica for the
 * tenant named by its {@code TenantId} argument, or for every tenant when it has none.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface ChangesConfiguration {
}
