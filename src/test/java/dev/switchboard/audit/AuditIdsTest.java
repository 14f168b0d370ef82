package dev.switchboard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.Collator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AuditIdsTest {

    @Test
    void anIdIsThePrefixTheTimeTheSequenceAndTheProcess() {
        String id = new AuditIds().next(0x18f2a3b4c5dL);
        assertTrue(id.matches("aud_018f2a3b4c5d000000[0-9a-zA-Z]{8}"), id);
        assertEquals(AuditIds.LENGTH, id.length());
        assertTrue(AuditIds.LENGTH <= 40, "fits audit_event.id");
    }

    /** Byte order (the C collation) and a language collation both put them in the order they were taken. */
    @Test
    void idsSortInTheOrderOfTheirEventsAndWithinAMillisecondInTheOrderTaken() {
        AuditIds ids = new AuditIds();
        Random steps = new Random(7);
        List<String> taken = new ArrayList<>();
        long millis = 1_764_000_000_000L;
        for (int i = 0; i < 20_000; i++) {
            millis += steps.nextInt(3);
            taken.add(ids.next(millis));
        }
        List<String> byBytes = new ArrayList<>(taken);
        byBytes.sort(null);
        assertEquals(taken, byBytes);
        List<String> byLanguage = new ArrayList<>(taken);
        byLanguage.sort(Collator.getInstance(Locale.US));
        assertEquals(taken, byLanguage);
        assertEquals(taken.size(), new HashSet<>(taken).size());
    }

    @Test
    void twoProcessesTakingTheSameSequenceInTheSameMillisecondGetDifferentIds() {
        long now = System.currentTimeMillis();
        String one = new AuditIds().next(now);
        String other = new AuditIds().next(now);
        assertEquals(one.substring(0, 22), other.substring(0, 22));
        assertNotEquals(one, other);
    }
}
