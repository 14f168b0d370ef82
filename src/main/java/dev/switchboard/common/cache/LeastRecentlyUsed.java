package dev.switchboard.common.cache;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps bounded by dropping the entry used least recently once they hold more than their bound. */
public final class LeastRecentlyUsed {

    private LeastRecentlyUsed() {
    }

    /** For an owner that guards every access itself. */
    public static <K, V> Map<K, V> map(int maxEntries) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** Each access synchronized on the map (iterating over it still needs the caller to hold that lock). */
    public static <K, V> Map<K, V> synchronizedMap(int maxEntries) {
        return Collections.synchronizedMap(map(maxEntries));
    }
}
