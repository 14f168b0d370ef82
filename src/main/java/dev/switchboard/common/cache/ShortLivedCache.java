package dev.switchboard.common.cache;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Keeps what the request path reads from the database on every call (an API key's identity, a resolved
 * server) for a few seconds, so a busy MCP session does not pay the same queries on every message.
 * Entries belong to a tenant, so a configuration change drops that tenant's entries on every replica
 * ({@link ConfigurationChanged}, announced by {@link ConfigurationChanges}); the TTL bounds how long a
 * change takes when a replica missed the announcement. An entry past its TTL is still answered while one
 * reload runs in the background, so after the first request for a key no request waits for the database
 * (a dropped entry, by contrast, is gone: the next request loads it). Misses (null) are not kept, nor is a load
 * begun before an entry was dropped: it may have read what the drop was for. Bounded: when full, it starts over
 * rather than grow.
 */
public final class ShortLivedCache<V> {

    private record Entry<V>(V value, String tenantId, long expiresNanos, AtomicBoolean reloading) {
    }

    private static final Logger LOG = Logger.getLogger(ShortLivedCache.class);

    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;
    /** How many times entries were dropped; a load is kept only if none was while it ran. */
    private final AtomicLong drops = new AtomicLong();

    public ShortLivedCache(Duration ttl, int maxEntries) {
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
    }

    /** The cached value, or the loader's (kept when not null, under the tenant {@code tenantOf} names). */
    public Uni<V> get(String key, Function<V, String> tenantOf, Supplier<Uni<V>> loader) {
        if (ttlNanos <= 0) {
            return loader.get();
        }
        V cached = cached(key, tenantOf, loader);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        long dropsBefore = drops.get();
        return loader.get().invoke(value -> keep(key, value, tenantOf, dropsBefore));
    }

    /**
     * The cached value at once, or null when there is none (then {@link #get} loads it). A value past its TTL is
     * answered while the loader reloads it in the background, as {@link #get} does. For a request path that
     * goes on without building a {@code Uni} when the answer is at hand.
     */
    public V cached(String key, Function<V, String> tenantOf, Supplier<Uni<V>> loader) {
        Entry<V> entry = ttlNanos <= 0 ? null : entries.get(key);
        if (entry == null) {
            return null;
        }
        if (System.nanoTime() - entry.expiresNanos() >= 0 && entry.reloading().compareAndSet(false, true)) {
            long dropsBefore = drops.get();
            loader.get().subscribe().with(value -> {
                if (value == null) {
                    entries.remove(key, entry);
                } else if (!keep(key, value, tenantOf, dropsBefore)) {
                    entry.reloading().set(false);
                }
            }, failure -> {
                entry.reloading().set(false);
                LOG.debugf("Reloading a cached entry failed; the entry is kept: %s", failure.getMessage());
            });
        }
        return entry.value();
    }

    /** Answers whether the value is kept: not when it is null or entries were dropped since its load began. */
    private boolean keep(String key, V value, Function<V, String> tenantOf, long dropsBefore) {
        if (value == null || drops.get() != dropsBefore) {
            return false;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        Entry<V> kept = new Entry<>(value, tenantOf.apply(value), System.nanoTime() + ttlNanos, new AtomicBoolean());
        entries.put(key, kept);
        // Checked again after the put: a drop counted from now on also removes what was put before it.
        if (drops.get() != dropsBefore) {
            entries.remove(key, kept);
            return false;
        }
        return true;
    }

    /** Forgets one entry, so the next {@link #get} loads it again. */
    public void remove(String key) {
        drops.incrementAndGet();
        entries.remove(key);
    }

    /** How many entries are kept now. */
    public int size() {
        return entries.size();
    }

    public void evictTenant(String tenantId) {
        drops.incrementAndGet();
        entries.values().removeIf(entry -> tenantId == null || tenantId.equals(entry.tenantId()));
    }
}
