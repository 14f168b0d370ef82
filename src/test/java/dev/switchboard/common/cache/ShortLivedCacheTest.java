package dev.switchboard.common.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ShortLivedCacheTest {

    private final AtomicInteger loads = new AtomicInteger();

    private Uni<String> load() {
        return Uni.createFrom().item("v" + loads.incrementAndGet());
    }

    @Test
    void anExpiredEntryIsAnsweredWhileOneReloadReplacesIt() throws InterruptedException {
        ShortLivedCache<String> cache = new ShortLivedCache<>(Duration.ofMillis(1), 10);
        assertEquals("v1", get(cache));
        Thread.sleep(5);
        assertEquals("v1", get(cache), "the stale value, while the reload runs");
        assertEquals("v2", get(cache), "the reloaded value");
        assertEquals(2, loads.get());
    }

    @Test
    void aDroppedTenantIsLoadedAgainBeforeItIsAnswered() {
        ShortLivedCache<String> cache = new ShortLivedCache<>(Duration.ofMinutes(1), 10);
        assertEquals("v1", get(cache));
        assertEquals("v1", get(cache));
        cache.evictTenant("t1");
        assertEquals("v2", get(cache));
    }

    @Test
    void aLoadBegunBeforeItsTenantWasDroppedIsAnsweredButNotKept() {
        ShortLivedCache<String> cache = new ShortLivedCache<>(Duration.ofMinutes(1), 10);
        CompletableFuture<String> readBeforeTheChange = new CompletableFuture<>();
        CompletableFuture<String> answered = cache.get("k", v -> "t1", () -> Uni.createFrom().completionStage(readBeforeTheChange))
                .subscribeAsCompletionStage();
        cache.evictTenant("t1");
        readBeforeTheChange.complete("old");
        assertEquals("old", answered.join(), "the request that asked is answered");
        assertNull(cache.cached("k", v -> "t1", this::load), "but the next one does not get it");
        assertEquals("v1", get(cache));
        assertEquals("v1", get(cache), "a load begun after the drop is kept");
        assertEquals(1, loads.get());
    }

    @Test
    void aReloadBegunBeforeADropIsNotKeptAndTheNextRequestReloadsAgain() throws InterruptedException {
        ShortLivedCache<String> cache = new ShortLivedCache<>(Duration.ofMillis(1), 10);
        assertEquals("v1", get(cache));
        Thread.sleep(5);
        CompletableFuture<String> readBeforeTheChange = new CompletableFuture<>();
        assertEquals("v1", cache.cached("k", v -> "t1", () -> Uni.createFrom().completionStage(readBeforeTheChange)));
        cache.evictTenant("t2");
        readBeforeTheChange.complete("old");
        assertEquals("v1", cache.cached("k", v -> "t1", this::load), "another tenant's drop leaves the entry, still due");
        assertEquals("v2", cache.cached("k", v -> "t1", this::load), "reloaded by the next request instead");
    }

    @Test
    void anEntryWhoseReloadFindsNothingIsDropped() throws InterruptedException {
        ShortLivedCache<String> cache = new ShortLivedCache<>(Duration.ofMillis(1), 10);
        assertEquals("kept", cache.get("k", v -> "t1", () -> Uni.createFrom().item("kept")).await().indefinitely());
        Thread.sleep(5);
        assertEquals("kept", cache.get("k", v -> "t1", () -> Uni.createFrom().nullItem()).await().indefinitely());
        assertEquals("v1", get(cache), "gone: loaded again");
    }

    @Test
    void whatIsCachedIsAnsweredAtOnceAndWhatIsNotIsLeftToGet() throws InterruptedException {
        ShortLivedCache<String> cache = new ShortLivedCache<>(Duration.ofMillis(1), 10);
        assertNull(cache.cached("k", v -> "t1", this::load), "nothing cached yet");
        assertEquals(0, loads.get(), "asking what is cached loads nothing");
        assertEquals("v1", get(cache));
        Thread.sleep(5);
        assertEquals("v1", cache.cached("k", v -> "t1", this::load), "the stale value, while the reload runs");
        assertEquals("v2", cache.cached("k", v -> "t1", this::load), "the reloaded value");
        cache.evictTenant("t1");
        assertNull(cache.cached("k", v -> "t1", this::load), "dropped with its tenant");
        assertEquals(2, loads.get());
    }

    @Test
    void withoutATtlNothingIsCached() {
        ShortLivedCache<String> cache = new ShortLivedCache<>(Duration.ZERO, 10);
        assertEquals("v1", get(cache));
        assertNull(cache.cached("k", v -> "t1", this::load));
        assertEquals("v2", get(cache));
    }

    private String get(ShortLivedCache<String> cache) {
        return cache.get("k", v -> "t1", this::load).await().indefinitely();
    }
}
