package dev.switchboard.common.cache;

/**
 * Fired (as a CDI event) when a tenant's configuration that the request path caches changed: servers,
 * toolkits, auth configs, sessions, API keys or the tenant itself, on this replica or on another one
 * ({@link ConfigurationChanges}). Caches drop the tenant's entries; a null tenant means every tenant.
 */
public record ConfigurationChanged(String tenantId) {
}
