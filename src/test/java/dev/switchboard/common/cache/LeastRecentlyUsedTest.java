package dev.switchboard.common.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeastRecentlyUsedTest {

    @Test
    void theEntryUsedLeastRecentlyIsDroppedAndItsOwnerToldOfIt() {
        List<String> evicted = new ArrayList<>();
        Map<String, Integer> map = LeastRecentlyUsed.map(2, (key, value) -> evicted.add(key + "=" + value));
        map.put("a", 1);
        map.put("b", 2);
        map.get("a");
        map.put("c", 3);
        assertEquals(List.of("b=2"), evicted, "b was used least recently");
        assertEquals(Map.of("a", 1, "c", 3), map);
        map.put("c", 4);
        assertEquals(List.of("b=2"), evicted, "replacing a value drops nothing");
    }
}
