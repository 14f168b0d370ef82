package dev.switchboard.common.cache;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/** Maps bounded by dropping the entry used least recently once they hold more than their bound. */
public final class LeastRecentlyUsed {

    private LeastRecentlyUsed() {
    }

    /** For an owner that guards every access itself. */
    public static <K, V> Map<K, V> map(int maxEntries) {
        return map(maxEntries, (key, value) -> {
        });
    }

    /**
     * For an owner that guards every access itself and must release what it drops: {@code onEvicted} is told of each
     * entry dropped for the bound, inside the put that dropped it (so it should only hand the release on).
     */
    public static <K, V> Map<K, V> map(int maxEntries, BiConsumer<K, V> onEvicted) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                if (size() <= maxEntries) {
                    return false;
                }
                onEvicted.accept(eldest.getKey(), eldest.getValue());
                return true;
            }
        };
    }

    /** Each access synchronized on the map (iterating over it still needs the caller to hold that lock). */
    public static <K, V> Map<K, V> synchronizedMap(int maxEntries) {
        return Collections.synchronizedMap(map(maxEntries));
    }
}
