package dev.switchboard.common.cache;

/**
 * Fired (as a CDI event) when a tenant's configuration that the request path caches changed: servers,
 * toolkits, auth configs, sessions, API keys or the tenant itself. Caches of this replica drop the
 * tenant's entries; other replicas see the change when their entries expire.
 */
public record ConfigurationChanged(String tenantId) {
}
